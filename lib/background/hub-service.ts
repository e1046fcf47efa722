/**
 * The background's hub work: sync, outbox flush, status, alarms. Everything it remembers is in
 * storage (status, backoff) or IndexedDB (cursor, outbox, token): the service worker may stop
 * between any two awaits and a fresh one carries on.
 */
import { usageCollectionGranted, type DataCollectionPermissions } from '../contract/data-consent';
import { afterFailure, mayAttempt, NO_BACKOFF } from '../sync/backoff';
import { describeStorageError, isQuotaError, measureSpace } from '../store/storage-errors';
import { createHubClient, HubRequestError, type FetchLike, type HubClient } from '../sync/hub-client';
import { flushOutbox, type FlushOutcome } from '../sync/outbox-flush';
import { clearStoreNotices, readChannel, readStoreNotices, writeChannel } from '../sync/status';
import { type CacheUsageView, FLUSH_STATUS_KEY, type FlushChannelStatus, type HubStatusView, type KvArea, SYNC_STATUS_KEY, type SyncChannelStatus } from '../contract';
import { runSync, SyncRefusedError, type SyncOptions, type SyncOutcome } from '../sync/sync';
import { checkHubUrl, loadSettings, type SettingsStores } from '../settings/settings';
import { ssoAccess } from '../sync/sso-session';
import type { CuecardDb } from '../store/db';
import { outboxSize } from '../store/outbox';
import { pingSidebars } from './tab-context';
import { refreshHubIdentity } from './leads';
import { cacheFootprint, trimToBudget, usageView, type TrimResult } from '../store/budget';
import { dropExpiredLookups, LOOKUP_FRESH_MS } from '../store/lookups';
import { readHubIdentity, writeHubIdentity } from '../store/leads';
import { readCursorUser, writeCursorUser } from '../store/sync-state';
import { wipeWorkspace } from '../store/write';

export const SYNC_ALARM = 'sync';
export const FLUSH_ALARM = 'flush';
export const FLUSH_SOON_ALARM = 'flush-soon';
export const SYNC_PERIOD_MINUTES = 15;
export const FLUSH_PERIOD_MINUTES = 1;

export interface AlarmsApi {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number; when?: number }): Promise<void> | void;
}

export interface HubDeps {
  db: CuecardDb;
  /** storage.local: status, backoff, sidebar pings. */
  local: KvArea;
  settings: SettingsStores;
  alarms: AlarmsApi;
  fetch?: FetchLike;
  now?: () => number;
  /** Firefox's data-collection permissions (lib/settings/data-consent.ts); absent in Chrome. */
  dataCollection?: DataCollectionPermissions;
  /** The browser's identity API (company sign-in, issue 18); absent where a browser lacks it. */
  identity?: IdentityApi;
}

/** What the background uses of `identity` (Chrome and Firefox have both). */
export interface IdentityApi {
  /** https://<id>.chromiumapp.org/ in Chrome, https://<hash>.extensions.allizom.org/ in Firefox. */
  getRedirectURL(): string;
  /** Opens the provider's sign-in page; resolves with the URL it finally redirected to (redirectURL + query). */
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
}

const nowOf = (deps: HubDeps) => (deps.now ?? Date.now)();

/**
 * null when no hub URL is set (local-only mode). Throws HubRequestError for a half-done setup.
 * A company sign-in on this hub (issue 18) wins over a pasted token: its access token is renewed
 * as needed (lib/sync/sso-session.ts).
 */
export async function hubClientFor(deps: HubDeps, options: { timeoutMs?: number } = {}): Promise<HubClient | null> {
  const { settings } = await loadSettings(deps.settings);
  if (!settings.hubUrl) return null;
  const check = checkHubUrl(settings.hubUrl);
  if (check.ok) {
    const sso = await ssoAccess(deps, check.url);
    if (sso) return createHubClient({ url: check.url, token: sso.token, renewToken: sso.renew, fetch: deps.fetch, timeoutMs: options.timeoutMs });
    if (!settings.hubToken && settings.sso) {
      throw new HubRequestError('not_configured', 'Not signed in: click "Sign in with your company" (in the toolbar popup or in Settings) to connect to the hub.');
    }
  }
  return createHubClient({ url: settings.hubUrl, token: settings.hubToken, fetch: deps.fetch, timeoutMs: options.timeoutMs });
}

async function errorInWords(error: unknown): Promise<{ code: string; message: string }> {
  if (error instanceof HubRequestError) return { code: error.code, message: error.message };
  if (error instanceof SyncRefusedError) return { code: error.code, message: error.message };
  return describeStorageError(error, isQuotaError(error) ? await measureSpace() : {});
}

/** Alarms are ensured on every start, but only created when missing: re-creating would push them back each time the worker wakes. */
export async function ensureAlarms(alarms: AlarmsApi): Promise<void> {
  if (!(await alarms.get(SYNC_ALARM))) await alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES, delayInMinutes: 0.1 });
  if (!(await alarms.get(FLUSH_ALARM))) await alarms.create(FLUSH_ALARM, { periodInMinutes: FLUSH_PERIOD_MINUTES });
}

/**
 * After a usage event: a flush in a few seconds. Re-creating the one-shot alarm debounces a burst
 * of actions into one POST; the 1-minute alarm still bounds the delay under constant activity.
 */
export async function scheduleFlushSoon(deps: HubDeps): Promise<void> {
  await deps.alarms.create(FLUSH_SOON_ALARM, { when: nowOf(deps) + 3_000 });
}

export async function syncHub(deps: HubDeps, options: { force?: boolean } & SyncOptions = {}): Promise<SyncOutcome | null> {
  const status = await readChannel<SyncChannelStatus>(deps.local, SYNC_STATUS_KEY);
  const now = nowOf(deps);
  if (!options.force && !mayAttempt(status.backoff, now)) return null;
  let client: HubClient | null;
  try {
    client = await hubClientFor(deps);
  } catch (error) {
    await writeChannel(deps.local, SYNC_STATUS_KEY, { ...status, lastAttemptAt: new Date(now).toISOString(), error: await errorInWords(error), backoff: NO_BACKOFF });
    return null;
  }
  if (!client) {
    await writeChannel(deps.local, SYNC_STATUS_KEY, { ...status, error: undefined, backoff: NO_BACKOFF });
    return null;
  }
  await writeChannel(deps.local, SYNC_STATUS_KEY, { ...status, lastAttemptAt: new Date(now).toISOString() });
  try {
    await ensureOwnFeed(deps, client);
    const outcome = await runSync(deps.db, client, options);
    const done = nowOf(deps);
    await writeChannel<SyncChannelStatus>(deps.local, SYNC_STATUS_KEY, {
      lastSuccessAt: new Date(done).toISOString(),
      lastAttemptAt: new Date(now).toISOString(),
      backoff: NO_BACKOFF,
      cursor: outcome.cursor,
      lastChanges: outcome.upserted + outcome.deleted,
      // Skipped rows are reported until the next sync that has none.
      skippedCount: outcome.skippedCount || undefined,
      skipped: outcome.skipped.length > 0 ? outcome.skipped : undefined,
    });
    // The workspace is back (after a rebuild) or current again (after an eviction).
    await clearStoreNotices(deps.local);
    // Who the hub says the rep is (their leads are found by it); a failure here is not a failed sync.
    await refreshHubIdentity(deps.db, client, nowOf(deps)).catch(() => undefined);
    // Looked-up people are kept a day; then the cache is held to its budget (issue 17).
    await dropExpiredLookups(deps.db, nowOf(deps) - LOOKUP_FRESH_MS).catch(() => undefined);
    await keepWithinBudget(deps).catch(() => undefined);
    if (outcome.upserted + outcome.deleted > 0) await pingSidebars(deps.local, -1);
    return outcome;
  } catch (error) {
    const latest = await readChannel<SyncChannelStatus>(deps.local, SYNC_STATUS_KEY);
    const retryAfter = error instanceof HubRequestError ? error.retryAfterMs : undefined;
    await writeChannel<SyncChannelStatus>(deps.local, SYNC_STATUS_KEY, {
      ...latest,
      error: await errorInWords(error),
      backoff: afterFailure(latest.backoff, nowOf(deps), retryAfter),
    });
    return null;
  }
}

/**
 * Each hub user has a feed of their own (issue 17): a cursor is a position in one user's feed.
 * When this browser's token now belongs to someone else, the previous person's workspace goes and
 * the new one's feed starts from zero; a rotated token (same user) changes nothing. A cursor
 * stored before feeds were per user is taken as this user's. When the hub cannot say who the token
 * is, the sync goes on as before.
 */
async function ensureOwnFeed(deps: HubDeps, client: HubClient): Promise<void> {
  const known = await readHubIdentity(deps.db).catch(() => undefined);
  let userId = known?.hubUrl === client.url ? known.userId : undefined;
  if (!userId) {
    try {
      const me = await client.me();
      userId = me.user.id;
      await writeHubIdentity(deps.db, { hubUrl: client.url, userId, email: me.user.email ?? null, at: nowOf(deps) });
    } catch {
      return;
    }
  }
  const owner = `${client.url} ${userId}`;
  const current = await readCursorUser(deps.db);
  if (current !== undefined && current !== owner) await wipeWorkspace(deps.db);
  if (current !== owner) await writeCursorUser(deps.db, owner);
}

/** Budget headroom: trimmed a little under it, so the next sync does not trim again at once. */
const BUDGET_TARGET = 0.9;

/** Holds the local cache to the rep's budget (lib/store/budget.ts); `keep`: people on screen now. */
export async function keepWithinBudget(deps: HubDeps, keep?: ReadonlySet<string>): Promise<TrimResult | null> {
  const { settings } = await loadSettings(deps.settings);
  const budget = settings.cacheBudgetMb * 1024 * 1024;
  const footprint = await cacheFootprint(deps.db);
  if (footprint.bytes <= budget) return null;
  const trimmed = await trimToBudget(deps.db, budget * BUDGET_TARGET, keep);
  if (trimmed.prospects > 0) await pingSidebars(deps.local, -1);
  return trimmed;
}

/** `store:usage`: what the cache holds against its budget, and the browser's own figures. */
export async function cacheUsage(deps: HubDeps): Promise<CacheUsageView> {
  const [{ settings }, footprint, space] = await Promise.all([loadSettings(deps.settings), cacheFootprint(deps.db), measureSpace()]);
  return usageView(footprint, settings.cacheBudgetMb * 1024 * 1024, space);
}

export async function flushUsage(deps: HubDeps, options: { force?: boolean; afterPost?: (ids: string[]) => void | Promise<void> } = {}): Promise<FlushOutcome | null> {
  const status = await readChannel<FlushChannelStatus>(deps.local, FLUSH_STATUS_KEY);
  const now = nowOf(deps);
  if (!options.force && !mayAttempt(status.backoff, now)) return null;
  const { settings } = await loadSettings(deps.settings);
  // Consent withdrawn: nothing leaves the browser, even events recorded before.
  if (!settings.usageConsent || !settings.hubUrl) return null;
  if ((await outboxSize(deps.db)) === 0) return null;
  try {
    const client = await hubClientFor(deps);
    if (!client) return null;
    const outcome = await flushOutbox(deps.db, client, { afterPost: options.afterPost });
    await writeChannel<FlushChannelStatus>(deps.local, FLUSH_STATUS_KEY, {
      lastSuccessAt: new Date(nowOf(deps)).toISOString(),
      lastAttemptAt: new Date(now).toISOString(),
      backoff: NO_BACKOFF,
      lastDelivered: outcome.accepted + outcome.duplicates,
    });
    return outcome;
  } catch (error) {
    const latest = await readChannel<FlushChannelStatus>(deps.local, FLUSH_STATUS_KEY);
    const retryAfter = error instanceof HubRequestError ? error.retryAfterMs : undefined;
    await writeChannel<FlushChannelStatus>(deps.local, FLUSH_STATUS_KEY, {
      ...latest,
      lastAttemptAt: new Date(now).toISOString(),
      error: await errorInWords(error),
      backoff: afterFailure(latest.backoff, nowOf(deps), retryAfter),
    });
    return null;
  }
}

export async function onHubAlarm(deps: HubDeps, name: string): Promise<void> {
  if (name === SYNC_ALARM) await syncHub(deps);
  else if (name === FLUSH_ALARM || name === FLUSH_SOON_ALARM) await flushUsage(deps);
}

export async function hubStatus(deps: HubDeps): Promise<HubStatusView> {
  const [{ settings }, sync, flush, pending, notices] = await Promise.all([
    loadSettings(deps.settings),
    readChannel<SyncChannelStatus>(deps.local, SYNC_STATUS_KEY),
    readChannel<FlushChannelStatus>(deps.local, FLUSH_STATUS_KEY),
    outboxSize(deps.db),
    readStoreNotices(deps.local),
  ]);
  return { mode: settings.hubUrl ? 'hub' : 'local', hubUrl: settings.hubUrl, usageConsent: settings.usageConsent, pending, sync, flush, notices };
}

/** `sync:now`: deliver the outbox at once, then sync; the rep asked, so backoff is ignored. */
export async function syncNow(deps: HubDeps): Promise<HubStatusView> {
  await flushUsage(deps, { force: true });
  await syncHub(deps, { force: true });
  return hubStatus(deps);
}

/**
 * The rep agreed on the options page (or a policy set it) and, in Firefox, the browser's own
 * data-collection permission is still granted (the rep can revoke it in the add-ons manager).
 * A policy-set consent is the administrator's decision and needs no prompt.
 */
export async function usageAllowed(deps: HubDeps): Promise<boolean> {
  const { settings, locked } = await loadSettings(deps.settings);
  if (!settings.usageConsent) return false;
  return locked.includes('usageConsent') || usageCollectionGranted(deps.dataCollection);
}
