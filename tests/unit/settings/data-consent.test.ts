import { describe, expect, it, vi } from 'vitest';
import { askForUsageCollection, dropUsageCollection, usageCollectionGranted, type DataCollectionPermissions } from '../../../lib/contract/data-consent';
import { usageAllowed, type HubDeps } from '../../../lib/background/hub-service';
import { mergeSettings, type SettingsStores } from '../../../lib/settings/settings';
import { freshDb } from '../store/test-db';
import { memoryAlarms } from '../background/test-deps';

function firefox(granted: boolean): DataCollectionPermissions & { granted: boolean } {
  const api = {
    granted,
    request: vi.fn(async () => api.granted),
    contains: vi.fn(async () => api.granted),
    remove: vi.fn(async () => {
      api.granted = false;
      return true;
    }),
  };
  return api;
}

const oldFirefox = (): DataCollectionPermissions => {
  const reject = async () => {
    throw new Error('Type error for parameter permissions (Unexpected property "data_collection")');
  };
  return { request: reject, contains: reject, remove: reject };
};

describe('Firefox’s built-in data consent for usage events', () => {
  it('asks Firefox for technicalAndInteraction only, and passes its answer on', async () => {
    const yes = firefox(true);
    expect(await askForUsageCollection(yes)).toBe(true);
    expect(yes.request).toHaveBeenCalledWith({ data_collection: ['technicalAndInteraction'] });
    expect(await askForUsageCollection(firefox(false))).toBe(false);
  });

  it('needs nothing in Chrome (no such permission) or a Firefox before 140 (unknown key)', async () => {
    expect(await askForUsageCollection(undefined)).toBe(true);
    expect(await usageCollectionGranted(undefined)).toBe(true);
    expect(await askForUsageCollection(oldFirefox())).toBe(true);
    expect(await usageCollectionGranted(oldFirefox())).toBe(true);
  });

  it('gives the permission back when the rep stops sharing', async () => {
    const api = firefox(true);
    await dropUsageCollection(api);
    expect(await usageCollectionGranted(api)).toBe(false);
  });

  it('records usage only while the rep’s consent and Firefox’s permission both hold; a policy needs no prompt', async () => {
    const stores = (user: object, managed: object = {}): SettingsStores => ({
      readUser: async () => user,
      writeUser: async () => undefined,
      readManaged: async () => managed,
      readToken: async () => undefined,
      writeToken: async () => undefined,
    });
    const deps = (settings: SettingsStores, dataCollection?: DataCollectionPermissions): HubDeps => ({
      db: freshDb(),
      local: { get: async () => ({}), set: async () => undefined },
      settings,
      dataCollection,
      alarms: memoryAlarms(),
    });
    expect(mergeSettings({ usageConsent: true }, {}).settings.usageConsent).toBe(true);
    expect(await usageAllowed(deps(stores({ usageConsent: true }), firefox(true)))).toBe(true);
    // Revoked in the add-ons manager.
    expect(await usageAllowed(deps(stores({ usageConsent: true }), firefox(false)))).toBe(false);
    expect(await usageAllowed(deps(stores({ usageConsent: false }), firefox(true)))).toBe(false);
    expect(await usageAllowed(deps(stores({}, { usageConsent: true }), firefox(false)))).toBe(true);
    expect(await usageAllowed(deps(stores({ usageConsent: true })))).toBe(true);
  });
});
