/**
 * Handlers of the privileged hub/settings messages (sender check: extension pages only, see
 * sender.ts). None of them takes a URL from the message: the hub URL is read from settings.
 * None of them returns the hub token.
 */
import { forgetCursor } from '../store/sync-state';
import { FLUSH_STATUS_KEY, type ReplyValues, type RequestOf, SYNC_STATUS_KEY } from '../contract';
import { loadSettings, saveSettings, SettingsError } from '../settings/settings';
import { hubDashboard, localDashboard } from '../sync/dashboard-data';
import { hubLeadsDashboard, localLeadsDashboard } from '../sync/leads-report';
import { forgetHubIdentity, writeHubIdentity } from '../store/leads';
import { HubRequestError } from '../sync/hub-client';
import { wipeWorkspace } from '../store/write';
import { hubClientFor, hubStatus, syncNow, type HubDeps } from './hub-service';
import { publicSettingsWithSso, signInWithCompany, signOutOfCompany, SsoSignInError, ssoAvailability } from './sso';
import { pingSidebars } from './tab-context';

export type HubRequestType =
  | 'settings:get'
  | 'settings:save'
  | 'hub:test'
  | 'sso:sign-in'
  | 'sso:sign-out'
  | 'sso:available'
  | 'sync:now'
  | 'sync:status'
  | 'reports:usage'
  | 'reports:leads'
  | 'data:wipe';

/** Errors the router passes on as `{code, message}`: words, never stack traces. */
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function rethrow(error: unknown): never {
  if (error instanceof HubRequestError || error instanceof SettingsError || error instanceof SsoSignInError) throw new HandlerError(error.code, error.message);
  throw error;
}

export const hubHandlers: { [T in HubRequestType]: (request: RequestOf<T>, deps: HubDeps) => Promise<ReplyValues[T]> } = {
  'settings:get': async (_request, deps) => publicSettingsWithSso(deps),
  'settings:save': async (request, deps) => {
    const before = (await loadSettings(deps.settings)).settings;
    const after = await saveSettings(deps.settings, request.patch).catch(rethrow);
    // A token pasted now is the rep's choice of identity: a company sign-in on this browser ends.
    if (after.settings.hubToken && after.settings.hubToken !== before.hubToken) await signOutOfCompany(deps);
    // A different hub is a different change log: its cursor means nothing here.
    if (after.settings.hubUrl !== before.hubUrl && before.hubUrl !== '') await forgetCursor(deps.db);
    if (after.settings.hubUrl !== before.hubUrl || after.settings.hubToken !== before.hubToken) {
      // Another hub or another token may be another person: their leads are not this identity's.
      await forgetHubIdentity(deps.db);
    }
    if (after.settings.hubUrl && (after.settings.hubUrl !== before.hubUrl || after.settings.hubToken !== before.hubToken)) {
      // New connection details: clear the old error and backoff so the next alarm tries at once.
      await deps.local.set({ [SYNC_STATUS_KEY]: null, [FLUSH_STATUS_KEY]: null });
    }
    return publicSettingsWithSso(deps);
  },
  'sso:sign-in': async (_request, deps) => {
    const signedIn = await signInWithCompany(deps).catch(rethrow);
    // The popup closes when the sign-in window takes focus: nobody may be left to ask for the first
    // sync, so it runs here (its result goes to the sync status every page shows).
    await syncNow(deps);
    return signedIn;
  },
  'sso:sign-out': async (_request, deps) => signOutOfCompany(deps),
  'sso:available': async (_request, deps) => ssoAvailability(deps),
  'hub:test': async (_request, deps) => {
    const client = await hubClientFor(deps).catch(rethrow);
    if (!client) throw new HandlerError('not_configured', 'No hub URL is set: Cuecard works from imported files only.');
    const me = await client.me().catch(rethrow);
    // Who the hub says the rep is finds their leads (lib/background/leads.ts).
    await writeHubIdentity(deps.db, { hubUrl: client.url, userId: me.user.id, email: me.user.email ?? null, at: (deps.now ?? Date.now)() }).catch(() => undefined);
    return me;
  },
  'sync:now': async (_request, deps) => syncNow(deps),
  'sync:status': async (_request, deps) => hubStatus(deps),
  'reports:usage': async (request, deps) => {
    const range = { from: request.from, to: request.to };
    const client = await hubClientFor(deps).catch(rethrow);
    if (!client) return localDashboard(deps.db, range, deps.now?.());
    return hubDashboard(deps.db, client, range, deps.now?.()).catch(rethrow);
  },
  'reports:leads': async (request, deps) => {
    const range = { from: request.from, to: request.to };
    const client = await hubClientFor(deps).catch(rethrow);
    if (!client) return localLeadsDashboard(range, request.groupBy, deps.now?.());
    return hubLeadsDashboard(client, range, request.groupBy, deps.now?.()).catch(rethrow);
  },
  'data:wipe': async (_request, deps) => {
    const counts = await wipeWorkspace(deps.db);
    await deps.local.set({ [SYNC_STATUS_KEY]: null });
    await pingSidebars(deps.local, -1);
    return counts;
  },
};
