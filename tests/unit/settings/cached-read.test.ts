import { describe, expect, it } from 'vitest';
import { cachedRead } from '../../../lib/settings/cached-read';
import { readManagedPolicy } from '../../../lib/settings/settings';

/** A loader whose answers the test releases by hand, counting calls. */
function manualLoader<T>() {
  const pending: { resolve(v: { value: T; keep: boolean }): void; reject(e: unknown): void }[] = [];
  let calls = 0;
  const load = () =>
    new Promise<{ value: T; keep: boolean }>((resolve, reject) => {
      calls += 1;
      pending.push({ resolve, reject });
    });
  return { load, pending, calls: () => calls };
}


describe('cachedRead (settings kept in the background’s memory)', () => {
  it('loads once for concurrent and later readers', async () => {
    const loader = manualLoader<string>();
    const cache = cachedRead(loader.load);
    const a = cache.read();
    const b = cache.read();
    loader.pending[0]!.resolve({ value: 'policy-1', keep: true });
    expect(await Promise.all([a, b])).toEqual(['policy-1', 'policy-1']);
    expect(await cache.read()).toBe('policy-1');
    expect(loader.calls()).toBe(1);
  });

  it('reads again after invalidate (a policy change event)', async () => {
    let value = 'before';
    const cache = cachedRead(async () => ({ value, keep: true }));
    expect(await cache.read()).toBe('before');
    value = 'after';
    expect(await cache.read()).toBe('before');
    cache.invalidate();
    expect(await cache.read()).toBe('after');
  });

  it('never keeps a load that was running when the value was invalidated', async () => {
    const loader = manualLoader<string>();
    const cache = cachedRead(loader.load);
    const early = cache.read();
    cache.invalidate();
    loader.pending[0]!.resolve({ value: 'stale', keep: true });
    // The reader who asked before the change gets the answer to their question…
    expect(await early).toBe('stale');
    // …but the next reader does not: it loads again.
    const late = cache.read();
    expect(loader.calls()).toBe(2);
    loader.pending[1]!.resolve({ value: 'fresh', keep: true });
    expect(await late).toBe('fresh');
    expect(await cache.read()).toBe('fresh');
  });

  it('a value set by a write wins over a load still in flight', async () => {
    const loader = manualLoader<string | undefined>();
    const cache = cachedRead(loader.load);
    const inFlight = cache.read();
    cache.set('cch_new');
    loader.pending[0]!.resolve({ value: 'cch_old', keep: true });
    await inFlight;
    expect(await cache.read()).toBe('cch_new');
    expect(loader.calls()).toBe(1);
  });

  it('does not keep failures or answers marked keep: false', async () => {
    let attempt = 0;
    const cache = cachedRead(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('disk hiccup');
      return { value: `answer ${attempt}`, keep: attempt >= 3 };
    });
    await expect(cache.read()).rejects.toThrow('disk hiccup');
    expect(await cache.read()).toBe('answer 2');
    expect(await cache.read()).toBe('answer 3');
    expect(await cache.read()).toBe('answer 3');
    expect(attempt).toBe(3);
  });

  it('reads again once the value is older than maxAgeMs (a missed change event)', async () => {
    let clock = 1_000;
    let loads = 0;
    const cache = cachedRead(async () => ({ value: ++loads, keep: true }), { maxAgeMs: 60_000, now: () => clock });
    expect(await cache.read()).toBe(1);
    clock += 59_999;
    expect(await cache.read()).toBe(1);
    clock += 1;
    expect(await cache.read()).toBe(2);
  });
});

describe('readManagedPolicy', () => {
  it('keeps Chrome’s {} and Firefox’s "no manifest" as answers, retries any other failure', async () => {
    expect(await readManagedPolicy(async () => ({ hubUrl: 'https://corp.example' }))).toEqual({ value: { hubUrl: 'https://corp.example' }, keep: true });
    expect(await readManagedPolicy(() => Promise.reject(new Error('Managed storage manifest not found')))).toEqual({ value: {}, keep: true });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(await readManagedPolicy(() => Promise.reject(new Error('IO error')))).toEqual({ value: {}, keep: false });
    } finally {
      console.warn = warn;
    }
  });
});
