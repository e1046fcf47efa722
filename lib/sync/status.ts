/**
 * Sync and flush status, persisted in storage.local (one key per channel so a sync and a flush
 * finishing together do not overwrite each other). Backoff lives here too: the service worker
 * keeps nothing in globals.
 */
import { NO_BACKOFF, type BackoffState } from './backoff';
import type { SkippedRow } from './sync';

export const SYNC_STATUS_KEY = 'hub:sync-status';
export const FLUSH_STATUS_KEY = 'hub:flush-status';

export interface ChannelStatus {
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** The last attempt's failure, in words; absent after a success. */
  error?: { code: string; message: string };
  backoff: BackoffState;
}

export interface SyncChannelStatus extends ChannelStatus {
  cursor?: number;
  lastChanges?: number;
  skippedCount?: number;
  skipped?: SkippedRow[];
}

export interface FlushChannelStatus extends ChannelStatus {
  lastDelivered?: number;
}

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

/** What pages see (no token, no URLs with secrets). */
export interface HubStatusView {
  /** 'local': no hub URL set, Cuecard works from imported files. */
  mode: 'hub' | 'local';
  hubUrl: string;
  usageConsent: boolean;
  pending: number;
  sync: SyncChannelStatus;
  flush: FlushChannelStatus;
}

function formatTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The `sync-status` line: names the last successful sync time or the error in words. */
export function describeHubStatus(status: HubStatusView, locale?: string): string {
  const pending = `${status.pending} usage event${status.pending === 1 ? '' : 's'} waiting to be sent`;
  if (status.mode === 'local') return `Local only: no hub configured. ${pending}.`;
  const parts: string[] = [];
  const error = status.sync.error ?? status.flush.error;
  if (error) parts.push(`Sync failed: ${error.message}`);
  parts.push(status.sync.lastSuccessAt ? `Last successful sync: ${formatTime(status.sync.lastSuccessAt, locale)}.` : 'Not synced yet.');
  if (error && status.sync.backoff.nextAttemptAt > Date.now()) parts.push(`Next try: ${formatTime(new Date(status.sync.backoff.nextAttemptAt).toISOString(), locale)}.`);
  if (status.sync.skippedCount) parts.push(`${status.sync.skippedCount} row${status.sync.skippedCount === 1 ? '' : 's'} from the hub skipped (not valid).`);
  parts.push(`${pending}.`);
  return parts.join(' ');
}
