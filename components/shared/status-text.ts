/**
 * The hub connection and the local store's health, in words: the options page's `sync-status`
 * line, the popup, and the sidebar's notices all say the same sentences.
 */
import type { EvictionNotice, HubStatusView, RecoveryNotice, StoreNotices } from '../../lib/contract';
import { countOf } from './format';

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
