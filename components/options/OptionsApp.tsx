import { useCallback, useEffect, useState } from 'react';
import type { CollectionCounts, PublicSettings } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { CountsPanel, ImportPanel } from './ImportPanel';
import { DataPanel } from './DataPanel';
import { DemoPanel } from './DemoPanel';
import { HubPanel } from './HubPanel';
import { LeadsPanel } from './LeadsPanel';
import { SitesPanel } from './SitesPanel';
import { StoragePanel } from './StoragePanel';
import { UsagePanel } from './UsagePanel';

export function OptionsApp() {
  const [counts, setCounts] = useState<CollectionCounts>();
  const [error, setError] = useState<string>();
  const refreshCounts = useCallback(() => {
    request({ type: 'store:counts' })
      .then((value) => {
        setCounts(value);
        setError(undefined);
      })
      .catch((reason: Error) => setError(reason.message));
  }, []);
  useEffect(refreshCounts, [refreshCounts]);
  useEffect(() => {
    // Ask once that the browser never evicts the cache under storage pressure. Only pages can ask:
    // service workers have no navigator.storage.persist() (DESIGN.md).
    void navigator.storage?.persist?.().catch(() => false);
  }, []);
  const [settings, setSettings] = useState<PublicSettings>();
  useEffect(() => {
    request({ type: 'settings:get' })
      .then(setSettings)
      .catch((reason: Error) => setError(reason.message));
  }, []);

  return (
    <main className="options">
      <header>
        <h1>
          <span aria-hidden="true">◆</span> Cuecard settings
        </h1>
        <p className="hint">Marketing history and approved messaging, where you sell.</p>
      </header>
      {error && (
        <p role="alert" className="status error">
          {error}
        </p>
      )}
      <HubPanel settings={settings} onSaved={setSettings} onSynced={refreshCounts} />
      <UsagePanel settings={settings} onSaved={setSettings} />
      <LeadsPanel settings={settings} onSaved={setSettings} />
      <SitesPanel settings={settings} onSaved={setSettings} />
      <ImportPanel onImported={refreshCounts} />
      <DemoPanel onImported={refreshCounts} />
      <CountsPanel counts={counts} />
      <StoragePanel settings={settings} onSaved={setSettings} counts={counts} />
      <DataPanel counts={counts} onWiped={refreshCounts} />
    </main>
  );
}
