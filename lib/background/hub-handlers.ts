/**
 * Handlers of the privileged hub/settings messages (sender check: extension pages only, see
 * sender.ts). None of them takes a URL from the message: the hub URL is read from settings.
 * None of them returns the hub token.
 */
import { IMPORT_JOURNAL_KEY } from '../store/import-journal';
import { FLUSH_STATUS_KEY, type ReplyValues, type RequestOf, SYNC_STATUS_KEY } from '../contract';
import { loadSettings, publicSettings, saveSettings, SettingsError } from '../settings/settings';
import { hubDashboard, localDashboard } from '../sync/dashboard-data';
import { HubRequestError } from '../sync/hub-client';
import { CURSOR_KEY } from '../sync/sync';
import { countRows } from '../store/write';
import { hubClientFor, hubStatus, syncNow, type HubDeps } from './hub-service';
import { pingSidebars } from './tab-context';

export type HubRequestType = 'settings:get' | 'settings:save' | 'hub:test' | 'sync:now' | 'sync:status' | 'reports:usage' | 'data:wipe';

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
  if (error instanceof HubRequestError || error instanceof SettingsError) throw new HandlerError(error.code, error.message);
  throw error;
}

export const hubHandlers: { [T in HubRequestType]: (request: RequestOf<T>, deps: HubDeps) => Promise<ReplyValues[T]> } = {
  'settings:get': async (_request, deps) => publicSettings(await loadSettings(deps.settings)),
  'settings:save': async (request, deps) => {
    const before = (await loadSettings(deps.settings)).settings;
    const after = await saveSettings(deps.settings, request.patch).catch(rethrow);
    // A different hub is a different change log: its cursor means nothing here.
    if (after.settings.hubUrl !== before.hubUrl && before.hubUrl !== '') await deps.db.meta.delete(CURSOR_KEY);
    if (after.settings.hubUrl && (after.settings.hubUrl !== before.hubUrl || after.settings.hubToken !== before.hubToken)) {
      // New connection details: clear the old error and backoff so the next alarm tries at once.
      await deps.local.set({ [SYNC_STATUS_KEY]: null, [FLUSH_STATUS_KEY]: null });
    }
    return publicSettings(after);
  },
  'hub:test': async (_request, deps) => {
    const client = await hubClientFor(deps).catch(rethrow);
    if (!client) throw new HandlerError('not_configured', 'No hub URL is set: Cuecard works from imported files only.');
    return client.me().catch(rethrow);
  },
  'sync:now': async (_request, deps) => syncNow(deps),
  'sync:status': async (_request, deps) => hubStatus(deps),
  'reports:usage': async (request, deps) => {
    const range = { from: request.from, to: request.to };
    const client = await hubClientFor(deps).catch(rethrow);
    if (!client) return localDashboard(deps.db, range, deps.now?.());
    return hubDashboard(deps.db, client, range, deps.now?.()).catch(rethrow);
  },
  'data:wipe': async (_request, deps) => {
    // The outbox stays: it is the rep's work not yet delivered, not a cache. The import journal goes:
    // a warning that rows of a stopped import are kept would be wrong after this.
    await deps.db.transaction('rw', [deps.db.prospects, deps.db.touches, deps.db.messages, deps.db.assets, deps.db.meta], async () => {
      await Promise.all([deps.db.prospects.clear(), deps.db.touches.clear(), deps.db.messages.clear(), deps.db.assets.clear(), deps.db.meta.delete(CURSOR_KEY), deps.db.meta.delete(IMPORT_JOURNAL_KEY)]);
    });
    await deps.local.set({ [SYNC_STATUS_KEY]: null });
    await pingSidebars(deps.local, -1);
    return countRows(deps.db);
  },
};
