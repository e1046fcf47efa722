/**
 * Storage failures in words a rep can act on. A full disk is the one the rep can fix, so the
 * message says how much space is in use, how much the browser allows, and roughly how much more
 * the failed write needed. Dexie wraps quota errors in AbortError.inner.
 */
export interface StorageSpace {
  usage?: number;
  quota?: number;
  /** Roughly what the failed write needed: its rows serialized, times two for the indexes. */
  neededBytes?: number;
}

/** Dexie may wrap it more than once (a transaction's AbortError around an operation's AbortError). */
export function isQuotaError(error: unknown): boolean {
  let err = error as { name?: string; inner?: unknown } | undefined;
  for (let depth = 0; err && depth < 4; depth++) {
    if (err.name === 'QuotaExceededError') return true;
    err = err.inner as typeof err;
  }
  return false;
}

/** navigator.storage.estimate() works in the service worker and in pages alike. */
export async function measureSpace(neededBytes?: number): Promise<StorageSpace> {
  try {
    const estimate = await navigator.storage?.estimate?.();
    return { usage: estimate?.usage, quota: estimate?.quota, neededBytes };
  } catch {
    return { neededBytes };
  }
}

export function approximateBytes(value: unknown): number | undefined {
  try {
    return JSON.stringify(value).length * 2;
  } catch {
    return undefined;
  }
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

export function describeStorageError(error: unknown, space: StorageSpace = {}): { code: string; message: string } {
  if (isQuotaError(error)) {
    const parts = ['The browser ran out of storage space for Cuecard.'];
    if (space.neededBytes) parts.push(`About ${size(space.neededBytes)} more is needed for this step.`);
    if (space.usage !== undefined && space.quota !== undefined) parts.push(`Cuecard uses ${size(space.usage)} of the ${size(space.quota)} the browser allows here.`);
    parts.push('Free some disk space and try again; data already saved is kept.');
    return { code: 'quota', message: parts.join(' ') };
  }
  const err = error as { message?: string } | undefined;
  return { code: 'internal', message: err?.message ?? 'Unexpected error' };
}
