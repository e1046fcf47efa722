/**
 * The hub connection's status as the options page and the popup show it (the `sync-status` line),
 * kept current as syncs and flushes end, and what this browser holds, in words.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { COLLECTIONS, FLUSH_STATUS_KEY, SYNC_STATUS_KEY, type CollectionCounts, type HubStatusView } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { countOf } from './format';
import { describeHubStatus } from './status-text';

export function useHubStatus(): [HubStatusView | undefined, (next: HubStatusView) => void, string | undefined] {
  const [status, setStatus] = useState<HubStatusView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    const load = () =>
      request({ type: 'sync:status' })
        .then((value) => alive && (setStatus(value), setError(undefined)))
        .catch((reason: Error) => alive && setError(reason.message));
    void load();
    // A sync or flush that ends (an alarm's, or one asked for elsewhere) writes its status to
    // storage.local: show it at once. The light poll covers what lives in IndexedDB (events waiting).
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (SYNC_STATUS_KEY in changes || FLUSH_STATUS_KEY in changes)) void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    const timer = setInterval(load, 5_000);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
      clearInterval(timer);
    };
  }, []);
  return [status, setStatus, error];
}

export function SyncStatusLine({ status, error }: { status?: HubStatusView; error?: string }) {
  const failed = !!error || !!status?.sync.error || !!status?.flush.error;
  return (
    <p data-testid="sync-status" role="status" className={failed ? 'status error' : 'status'}>
      {error ?? (status ? describeHubStatus(status) : 'Reading sync status…')}
    </p>
  );
}

const NOUNS: Record<(typeof COLLECTIONS)[number], [string, string?]> = {
  prospects: ['prospect'],
  touches: ['marketing touch', 'marketing touches'],
  messages: ['message'],
  assets: ['asset'],
};

/** "300 prospects, 6,000 marketing touches, 40 messages and 20 assets". */
export function describeCounts(counts: CollectionCounts): string {
  const parts = COLLECTIONS.map((name) => countOf(counts[name], ...NOUNS[name]));
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
