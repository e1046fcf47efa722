/**
 * The browser-backed SettingsStores used by the background (see settings.ts for why each part
 * lives where it does).
 *
 * Measured in Chromium 156 headless (issue 7), per loadSettings part:
 * - `storage.managed.get()`: the first calls after the browser starts wait for the browser's
 *   policy service, 1.5–9 s on a loaded machine (time-bound: 3 s after start it answers in ~7 ms;
 *   a restarted worker pays 2–9 ms). Not ours to fix: concurrent callers share that one wait and
 *   later reads come from memory.
 * - the hub token (IndexedDB `meta`): ~3 ms idle, but median 655 ms / max 1.7 s while an import
 *   writes 5,000-row transactions; from memory: median 1.6 ms / max 18 ms in the same run.
 * - storage.local: a few ms throughout.
 */
import { readHubToken, writeHubToken } from '../store/hub-token';
import { browser } from 'wxt/browser';
import type { CuecardDb } from '../store/db';
import { cachedRead } from './cached-read';
import { readManagedPolicy, type SettingsStores } from './settings';
import { SETTINGS_STORAGE_KEY } from '../contract';


/** A policy change that arrives without an event (Firefox has none for managed storage) shows within this. */
export const MANAGED_MAX_AGE_MS = 5 * 60_000;
/** Bounds a token left in memory after something else than writeToken changed the database. */
export const TOKEN_MAX_AGE_MS = 5 * 60_000;

export function browserSettingsStores(db: CuecardDb): SettingsStores {
  const managed = cachedRead(
    // Some builds lack the managed area entirely.
    () => readManagedPolicy(async () => (browser.storage.managed ? await browser.storage.managed.get() : {})),
    { maxAgeMs: MANAGED_MAX_AGE_MS },
  );
  // Policy pushed while the worker runs (Chrome fires storage.onChanged with area "managed").
  // Registered in the worker's first turn, as browserSettingsStores is called from defineBackground.
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') managed.invalidate();
  });
  const token = cachedRead(
    async () => {
      return { value: await readHubToken(db), keep: true };
    },
    { maxAgeMs: TOKEN_MAX_AGE_MS },
  );
  return {
    readUser: async () => (await browser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY],
    writeUser: (values) => browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: values }),
    readManaged: () => managed.read(),
    readToken: () => token.read(),
    writeToken: async (value) => {
      try {
        await writeHubToken(db, value);
        token.set(value || undefined);
      } catch (error) {
        token.invalidate();
        throw error;
      }
    },
  };
}
