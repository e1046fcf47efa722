/**
 * The background's dependencies for unit tests: the real router, hub service and database (fake
 * IndexedDB), with in-memory storage areas, settings and alarms in place of the browser's. Every
 * dependency is required in production; tests pass these fakes instead of leaving fields out.
 */
import type { AlarmsApi, HubDeps } from '../../../lib/background/hub-service';
import type { RouterDeps } from '../../../lib/background/router';
import type { TabMessage } from '../../../lib/contract';
import type { SettingsStores } from '../../../lib/settings/settings';
import type { CuecardDb } from '../../../lib/store/db';
import { freshDb } from '../store/test-db';
import { memoryArea } from './memory-area';

export const RUNTIME_ID = 'cuecard-test-id';
export const EXTENSION_ORIGIN = `chrome-extension://${RUNTIME_ID}`;

/** Settings held in memory: `user` as the rep saved them, `managed` as a policy sets them. */
export function memorySettingsStores(user: Record<string, unknown> = {}, managed: Record<string, unknown> = {}) {
  const state: { user: unknown; managed: unknown; token?: string } = { user, managed };
  const stores: SettingsStores = {
    readUser: async () => state.user,
    writeUser: async (values) => void (state.user = values),
    readManaged: async () => state.managed,
    readToken: async () => state.token,
    writeToken: async (token) => void (state.token = token || undefined),
  };
  return { state, stores };
}

/** Alarms that remember what was created, never fire on their own. */
export function memoryAlarms(): AlarmsApi & { created: Map<string, unknown> } {
  const created = new Map<string, unknown>();
  return { created, get: async (name) => created.get(name), create: async (name, info) => void created.set(name, info) };
}

export function testHubDeps(db: CuecardDb, options: { user?: Record<string, unknown>; local?: ReturnType<typeof memoryArea> } & Partial<HubDeps> = {}): HubDeps {
  const { user, local, ...rest } = options;
  return { db, local: local ?? memoryArea(), settings: memorySettingsStores(user).stores, alarms: memoryAlarms(), ...rest };
}

export type TestRouterDeps = RouterDeps & {
  session: ReturnType<typeof memoryArea>;
  local: ReturnType<typeof memoryArea>;
  /** What the router sent to tabs' content scripts. */
  sentToTabs: { tabId: number; message: TabMessage }[];
};

/**
 * A router with the rep's usage consent given (`settings`), a content script that inserts
 * whatever it is sent, and handlers run without the database-recovery wrapper.
 */
export function testRouterDeps(
  overrides: Partial<Omit<RouterDeps, 'session' | 'local'>> & {
    settings?: Record<string, unknown>;
    session?: ReturnType<typeof memoryArea>;
    local?: ReturnType<typeof memoryArea>;
  } = {},
): TestRouterDeps {
  const { settings, session = memoryArea(), local = memoryArea(), ...rest } = overrides;
  const db = rest.db ?? freshDb();
  const sentToTabs: TestRouterDeps['sentToTabs'] = [];
  return {
    db,
    runtimeId: RUNTIME_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    sendToTab: async (tabId, message) => {
      sentToTabs.push({ tabId, message });
      return { inserted: true };
    },
    repName: async () => undefined,
    now: () => new Date(),
    hub: testHubDeps(db, { local, user: { usageConsent: true, ...settings } }),
    guard: (run) => run(),
    ...rest,
    session,
    local,
    sentToTabs,
  };
}
