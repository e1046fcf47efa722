/**
 * Keys in `storage.local` that more than one context reads: the background writes them, the
 * sidebar, the options page and the page script watch them. Zod-free, so the page script can
 * import this file directly without pulling schemas into its bundle. Values under these keys are
 * counts, times and ids only: content scripts can read storage.local.
 */
import type { SiteId } from './prospect-ref';
import type { StoreNotices } from './views';

/** storage.local (or a fake in tests): where the keys below live. */
export interface KvArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The rep's own (non-secret) settings object; the hub token is never here (lib/settings). */
export const SETTINGS_STORAGE_KEY = 'settings';

/**
 * How long a sent draft waits for an Undo before it counts as sent (ms, 0..60,000), overriding the
 * site's own window (Gmail 30 s, Outlook 10 s: lib/sites/mail-send.ts). Tests shorten it; only
 * extension pages can write storage.local.
 */
export const SEND_UNDO_WINDOW_KEY = 'compose:undo-window-ms';

/** The sidebar's width and open/closed state, per site. */
export const layoutKey = (site: SiteId): string => `layout:${site}`;

/**
 * Sidebars learn that something changed from this key: Firefox treats our iframe inside a web page
 * like a content script (no storage.session, no runtime.sendMessage from the background), while
 * storage.local events reach it in both browsers. The ping carries a tab id and a time, never data.
 */
export const SIDEBAR_PING_KEY = 'sidebar:ping';
/** `tabId` -1: the cached data changed, every sidebar refreshes. */
export interface SidebarPing {
  tabId: number;
  at: number;
}

/** Sync and flush status, one key per channel so a sync and a flush finishing together do not overwrite each other. */
export const SYNC_STATUS_KEY = 'hub:sync-status';
export const FLUSH_STATUS_KEY = 'hub:flush-status';

/** What the rep must be told about the local store itself; cleared by the next successful sync or import. */
export const RECOVERY_NOTICE_KEY = 'store:recovered';
export const EVICTION_NOTICE_KEY = 'store:evicted';

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

