/**
 * A read kept in the background's memory until it is invalidated or too old. Only a cache: a
 * worker that restarts simply reads again, so nothing depends on it surviving (DESIGN.md: no state
 * in globals).
 *
 * Why settings need it (measured in Chromium, see lib/settings/stores.ts): the hub token lives in
 * IndexedDB, and a read of it waits behind the import's write transactions (median 0.65 s, up to
 * 1.7 s while a large workspace imports); `storage.managed.get()` costs a round trip to the
 * browser's policy service on every call. Every sidebar action and every status poll loads settings.
 *
 * Invariants (tests/unit/settings/cached-read.test.ts):
 * - concurrent readers share one load;
 * - a load still running when `invalidate()` or `set()` is called is never kept: its answer may
 *   predate the change;
 * - a failed load, or one the loader marks `keep: false`, is not kept (the next read tries again).
 */
export interface CachedRead<T> {
  read(): Promise<T>;
  /** Forget the value: the next read loads again. */
  invalidate(): void;
  /** The value is known (we just wrote it): keep it without loading. */
  set(value: T): void;
}

export interface CachedReadOptions {
  /** Bound on staleness when a change event is missed; no bound when absent. */
  maxAgeMs?: number;
  now?: () => number;
}

export function cachedRead<T>(load: () => Promise<{ value: T; keep: boolean }>, options: CachedReadOptions = {}): CachedRead<T> {
  const now = options.now ?? Date.now;
  let entry: { promise: Promise<T>; at: number } | undefined;
  const fresh = (at: number) => options.maxAgeMs === undefined || now() - at < options.maxAgeMs;
  return {
    read() {
      if (entry && fresh(entry.at)) return entry.promise;
      const promise: Promise<T> = load().then(
        ({ value, keep }) => {
          if (!keep && entry?.promise === promise) entry = undefined;
          return value;
        },
        (error: unknown) => {
          if (entry?.promise === promise) entry = undefined;
          throw error;
        },
      );
      entry = { promise, at: now() };
      return promise;
    },
    invalidate() {
      entry = undefined;
    },
    set(value) {
      entry = { promise: Promise.resolve(value), at: now() };
    },
  };
}
