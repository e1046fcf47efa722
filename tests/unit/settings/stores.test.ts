import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Just the parts of `browser` that browserSettingsStores touches. */
const fake = vi.hoisted(() => {
  const listeners: ((changes: Record<string, unknown>, area: string) => void)[] = [];
  const state = { managed: {} as Record<string, unknown>, managedReads: 0, local: {} as Record<string, unknown> };
  const browser = {
    storage: {
      managed: { get: async () => (state.managedReads++, structuredClone(state.managed)) },
      local: {
        get: async (key: string) => ({ [key]: state.local[key] }),
        set: async (items: Record<string, unknown>) => void Object.assign(state.local, items),
      },
      onChanged: { addListener: (listener: (typeof listeners)[number]) => listeners.push(listener) },
    },
  };
  return { listeners, state, browser };
});
vi.mock('wxt/browser', () => ({ browser: fake.browser }));

const { browserSettingsStores } = await import('../../../lib/settings/stores');
const { HUB_TOKEN_META_KEY } = await import('../../../lib/store/meta-keys');
const { loadSettings, saveSettings } = await import('../../../lib/settings/settings');
const { openDb } = await import('../../../lib/store/db');

let name = 0;
beforeEach(() => {
  fake.listeners.length = 0;
  fake.state.managed = {};
  fake.state.managedReads = 0;
  fake.state.local = {};
});

describe('browserSettingsStores caching', () => {
  it('reads the policy once, and again after a managed-storage change event', async () => {
    const stores = browserSettingsStores(openDb(`stores-${++name}`));
    fake.state.managed = { usageConsent: true };
    expect((await loadSettings(stores)).locked).toEqual(['usageConsent']);
    await loadSettings(stores);
    expect(fake.state.managedReads).toBe(1);

    fake.state.managed = { usageConsent: false, hubUrl: 'https://corp.example' };
    // Another area changing says nothing about policy.
    for (const listener of fake.listeners) listener({ settings: {} }, 'local');
    expect((await loadSettings(stores)).settings.usageConsent).toBe(true);
    for (const listener of fake.listeners) listener({ usageConsent: { newValue: false } }, 'managed');
    const after = await loadSettings(stores);
    expect(after.settings).toMatchObject({ usageConsent: false, hubUrl: 'https://corp.example' });
    expect(after.locked.sort()).toEqual(['hubUrl', 'usageConsent']);
    expect(fake.state.managedReads).toBe(2);
  });

  it('answers a saved or cleared token at once, and reads it from the database after a restart', async () => {
    const db = openDb(`stores-${++name}`);
    const stores = browserSettingsStores(db);
    expect((await loadSettings(stores)).settings.hubToken).toBe('');
    await saveSettings(stores, { hubUrl: 'http://127.0.0.1:8787', hubToken: 'cch_first' });
    expect((await loadSettings(stores)).settings.hubToken).toBe('cch_first');
    expect((await db.meta.get(HUB_TOKEN_META_KEY))?.value).toBe('cch_first');
    // A restarted worker has an empty cache and finds the token where it was stored.
    expect((await loadSettings(browserSettingsStores(db))).settings.hubToken).toBe('cch_first');
    await saveSettings(stores, { hubToken: '' });
    expect((await loadSettings(stores)).settings.hubToken).toBe('');
    expect(await db.meta.get(HUB_TOKEN_META_KEY)).toBeUndefined();
  });
});

describe('the hub token on a full disk', () => {
  it('is saved by evicting the oldest touches, never the outbox', async () => {
    const { fullDiskDb } = await import('../store/full-disk');
    const { writeChunk } = await import('../../../lib/store/write');
    const { recordUsage } = await import('../../../lib/store/outbox');
    const { db, control } = fullDiskDb();
    await writeChunk(db, 'touches', Array.from({ length: 600 }, (_, i) => ({ id: `t${i}`, prospectId: 'p-1', type: 'webinar' as const, occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() })));
    await recordUsage(db, { id: '00000000-0000-4000-8000-000000000009', type: 'message_copied', at: '2026-11-10T10:00:00Z', surface: 'salesforce' });
    control.full = true;
    const stores = browserSettingsStores(db);
    await stores.writeToken('cch_after_full_disk');
    expect(control.refused).toBeGreaterThan(0);
    expect((await db.meta.get(HUB_TOKEN_META_KEY))?.value).toBe('cch_after_full_disk');
    expect(await stores.readToken()).toBe('cch_after_full_disk');
    expect(control.deleted.touches).toBeGreaterThan(0);
    expect(await db.touches.get('t0')).toBeUndefined(); // the oldest went first
    expect(await db.touches.get('t599')).toBeDefined();
    expect(control.deleted.outbox).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
  });
});
