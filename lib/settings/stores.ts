/** The browser-backed SettingsStores used by the background (see settings.ts for why each part lives where it does). */
import { browser } from 'wxt/browser';
import type { CuecardDb } from '../store/db';
import { readManagedArea, SETTINGS_STORAGE_KEY, type SettingsStores } from './settings';

export const HUB_TOKEN_META_KEY = 'hubToken';

export function browserSettingsStores(db: CuecardDb): SettingsStores {
  return {
    readUser: async () => (await browser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY],
    writeUser: (values) => browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: values }),
    // Firefox without a policy rejects; some builds lack the area entirely.
    readManaged: () => readManagedArea(async () => (browser.storage.managed ? await browser.storage.managed.get() : {})),
    readToken: async () => {
      const row = await db.meta.get(HUB_TOKEN_META_KEY);
      return typeof row?.value === 'string' ? row.value : undefined;
    },
    writeToken: async (token) => {
      if (token) await db.meta.put({ key: HUB_TOKEN_META_KEY, value: token });
      else await db.meta.delete(HUB_TOKEN_META_KEY);
    },
  };
}
