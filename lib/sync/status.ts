/**
 * Sync and flush status, persisted in storage.local (one key per channel so a sync and a flush
 * finishing together do not overwrite each other). Backoff lives here too: the service worker
 * keeps nothing in globals.
 */
import { EVICTION_NOTICE_KEY, parseStoreNotices, RECOVERY_NOTICE_KEY, type ChannelStatus, type KvArea, type StoreNotices } from '../contract';
import { NO_BACKOFF } from './backoff';

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
export async function readStoreNotices(area: Pick<KvArea, 'get'>): Promise<StoreNotices> {
  const [recovered, evicted] = await Promise.all([area.get(RECOVERY_NOTICE_KEY), area.get(EVICTION_NOTICE_KEY)]);
  return parseStoreNotices({ ...recovered, ...evicted });
}

/** After a successful sync or import: the rep has fresh data again. */
export async function clearStoreNotices(area: Pick<KvArea, 'set'>): Promise<void> {
  await area.set({ [RECOVERY_NOTICE_KEY]: null, [EVICTION_NOTICE_KEY]: null });
}

