/** The toolbar popup: sync status, sync now, and the way to options and the dashboard. */
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { request } from '../../lib/messaging/client';
import { SyncStatusLine, useHubStatus } from './HubPanel';

export function PopupApp() {
  const [status, setStatus, error] = useHubStatus();
  const [busy, setBusy] = useState(false);
  const syncNow = async () => {
    setBusy(true);
    try {
      setStatus(await request({ type: 'sync:now' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="popup" style={{ width: 320, padding: 14, display: 'grid', gap: 10 }}>
      <strong>
        <span aria-hidden="true">◆</span> Cuecard
      </strong>
      <SyncStatusLine status={status} error={error} />
      <div className="buttons">
        <button data-testid="sync-now" type="button" disabled={busy || status?.mode === 'local'} onClick={() => void syncNow()}>
          Sync now
        </button>
        <button type="button" className="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
        <button type="button" className="secondary" onClick={() => void browser.tabs.create({ url: (browser.runtime.getURL as (path: string) => string)('/dashboard.html') })}>
          Usage dashboard
        </button>
      </div>
    </main>
  );
}
