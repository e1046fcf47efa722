/**
 * Sync and flush status, persisted in storage.local (one key per channel so a sync and a flush
 * finishing together do not overwrite each other). Backoff lives here too: the service worker
 * keeps nothing in globals.
 */
import { countOf } from '../../components/shared/format';
import {
  EVICTION_NOTICE_KEY,
  RECOVERY_NOTICE_KEY,
  type ChannelStatus,
  type EvictionNotice,
  type HubStatusView,
  type RecoveryNotice,
  type StoreNotices,
} from '../contract';
import { NO_BACKOFF } from './backoff';

export interface KvArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function readChannel<T extends ChannelStatus>(area: KvArea, key: string): Promise<T> {
  const stored = (await area.get(key))[key];
  if (typeof stored === 'object' && stored !== null) return { backoff: NO_BACKOFF, ...(stored as object) } as T;
  return { backoff: NO_BACKOFF } as T;
}

export async function writeChannel<T extends ChannelStatus>(area: KvArea, key: string, status: T): Promise<void> {
  await area.set({ [key]: status });
}

/**
 * What the rep must be told about the local store itself, in storage.local so the sidebar (which
 * may not open IndexedDB) can show it too. Counts and times only: content scripts can read
 * storage.local. Cleared by the next successful sync or import (clearStoreNotices).
 */
export function describeRecovery(notice: RecoveryNotice): string {
  const kept = `${countOf(notice.salvagedEvents, 'unsent usage event')} kept`;
  const next = notice.hub ? 'Re-syncing from the hub…' : 'Import your workspace file again.';
  return `Cuecard's local data was damaged and has been rebuilt (${kept}). ${next}`;
}

export function describeEviction(notice: EvictionNotice): string {
  return `Storage was full: ${countOf(notice.touches, 'older touch was', 'older touches were')} removed from this browser to keep your usage events.`;
}

export function describeStoreNotices(notices: StoreNotices | undefined): string[] {
  const lines: string[] = [];
  if (notices?.recovered) lines.push(describeRecovery(notices.recovered));
  if (notices?.evicted) lines.push(describeEviction(notices.evicted));
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Tolerates anything stored under the keys: a malformed value is no notice. */
export function parseStoreNotices(stored: Record<string, unknown>): StoreNotices {
  const notices: StoreNotices = {};
  const recovered = stored[RECOVERY_NOTICE_KEY];
  if (isRecord(recovered) && typeof recovered.at === 'string' && typeof recovered.salvagedEvents === 'number') {
    notices.recovered = { at: recovered.at, salvagedEvents: recovered.salvagedEvents, hub: recovered.hub === true };
  }
  const evicted = stored[EVICTION_NOTICE_KEY];
  if (isRecord(evicted) && typeof evicted.at === 'string' && typeof evicted.touches === 'number' && evicted.touches > 0) {
    notices.evicted = { at: evicted.at, touches: evicted.touches };
  }
  return notices;
}

export async function readStoreNotices(area: Pick<KvArea, 'get'>): Promise<StoreNotices> {
  const [recovered, evicted] = await Promise.all([area.get(RECOVERY_NOTICE_KEY), area.get(EVICTION_NOTICE_KEY)]);
  return parseStoreNotices({ ...recovered, ...evicted });
}

/** After a successful sync or import: the rep has fresh data again. */
export async function clearStoreNotices(area: Pick<KvArea, 'set'>): Promise<void> {
  await area.set({ [RECOVERY_NOTICE_KEY]: null, [EVICTION_NOTICE_KEY]: null });
}

function formatTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The `sync-status` line: names the last successful sync time or the error in words. */
export function describeHubStatus(status: HubStatusView, locale?: string): string {
  const pending = `${status.pending} usage event${status.pending === 1 ? '' : 's'} waiting to be sent`;
  const notices = describeStoreNotices(status.notices);
  if (status.mode === 'local') return [...notices, `Local only: no hub configured. ${pending}.`].join(' ');
  const parts: string[] = [...notices];
  const error = status.sync.error ?? status.flush.error;
  if (error) parts.push(`Sync failed: ${error.message}`);
  parts.push(status.sync.lastSuccessAt ? `Last successful sync: ${formatTime(status.sync.lastSuccessAt, locale)}.` : 'Not synced yet.');
  if (error && status.sync.backoff.nextAttemptAt > Date.now()) parts.push(`Next try: ${formatTime(new Date(status.sync.backoff.nextAttemptAt).toISOString(), locale)}.`);
  if (status.sync.skippedCount) parts.push(`${status.sync.skippedCount} row${status.sync.skippedCount === 1 ? '' : 's'} from the hub skipped (not valid).`);
  parts.push(`${pending}.`);
  return parts.join(' ');
}
