/**
 * The toolbar popup: the leads waiting for the rep, what this browser holds, sync status, sync
 * now, and the way to options and the dashboard.
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { type CollectionCounts, type ImportJournalEntry, type PublicSettings } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { CompanySignIn } from '../shared/company-sign-in';
import { describeCounts, SyncStatusLine, useHubStatus } from '../shared/hub-status';
import { describeInterruptedImport, loadInterruptedImports } from '../shared/interrupted-imports';
import { WaitingLeads } from './WaitingLeads';

export function PopupApp() {
  const [status, setStatus, error] = useHubStatus();
  const [busy, setBusy] = useState(false);
  const [counts, setCounts] = useState<CollectionCounts>();
  const [syncError, setSyncError] = useState<string>();
  const readCounts = useCallback(() => {
    request({ type: 'store:counts' })
      .then(setCounts)
      .catch(() => setCounts(undefined));
  }, []);
  useEffect(readCounts, [readCounts]);
  const [settings, setSettings] = useState<PublicSettings>();
  useEffect(() => {
    request({ type: 'settings:get' })
      .then(setSettings)
      .catch(() => setSettings(undefined));
  }, []);
  const [interrupted, setInterrupted] = useState<ImportJournalEntry[]>([]);
  useEffect(() => {
    loadInterruptedImports()
      .then(setInterrupted)
      .catch(() => undefined);
  }, []);
  const syncNow = async () => {
    setBusy(true);
    try {
      setStatus(await request({ type: 'sync:now' }));
      setSyncError(undefined);
      readCounts();
    } catch (reason) {
      setSyncError((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="popup" style={{ width: 340, padding: 14, display: 'grid', gap: 10 }}>
      <strong>
        <span aria-hidden="true">◆</span> Cuecard
      </strong>
      {settings && !settings.hasToken && (
        // A rep's first run with a policy-set hub: one click. (The popup may close when the sign-in
        // window opens; the background finishes the sign-in and the first sync on its own.)
        <CompanySignIn
          settings={settings}
          onChanged={(next) => {
            setSettings(next);
            readCounts();
          }}
        />
      )}
      <WaitingLeads />
      <p data-testid="popup-counts" className="hint" style={{ margin: 0 }}>
        {counts ? (counts.prospects === 0 ? 'No workspace in this browser yet: import one in Settings.' : `In this browser: ${describeCounts(counts)}.`) : 'Reading what this browser holds…'}
      </p>
      <SyncStatusLine status={status} error={syncError ?? error} />
      {interrupted[0] && (
        <p data-testid="import-interrupted" role="alert" className="status error">
          {describeInterruptedImport(interrupted[0])}
        </p>
      )}
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
