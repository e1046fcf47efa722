/**
 * A damaged local database: recover by rebuilding it and resyncing, and say so.
 *
 * The cache (prospects, touches, messages, assets) can always come back from the hub or the
 * workspace file. What cannot: the outbox (undelivered usage events, the only copy of what the rep
 * did), recentSends ("sent recently" survives delivery), leadActivity (what the rep did about each
 * lead, their lead feedback) and the hub token in `meta`. So a broken
 * database is read with raw IndexedDB (tolerating missing stores and garbage rows), deleted,
 * reopened fresh, and those rows are written back; the sync cursor starts again at 0.
 *
 * "Broken" is decided by looking, not by guessing from error names: before Dexie opens the
 * database, a raw open checks that every store its version must have is there with its key path.
 * This runs before Dexie because Dexie 4 silently re-creates missing stores (empty) on open, which
 * would keep a cursor that no longer matches the data and lose the outbox without a word.
 *
 * Nothing here lives only in the worker's memory: the salvaged rows are staged in storage.session
 * while the database is rebuilt (a worker killed in between finishes the job on its next start),
 * the notice is in storage.local, the record in `meta`. The in-memory promise below only saves a
 * worker from checking twice; a new worker checks again and finds a healthy database.
 */
import { asLeadReason, type KvArea, RECOVERY_NOTICE_KEY, type RecoveryNotice, storedHubSession, type StoredHubSession, SYNC_STATUS_KEY, usageEvent, type UsageEvent } from '../contract';
import { isQuotaError } from './storage-errors';
import { CURSOR_KEY, HUB_SESSION_META_KEY } from './meta-keys';
import { DB_VERSION, STORE_HISTORY, type CuecardDb, type LeadActivityRow, type OutboxRow, type RecentSendRow } from './db';

export const RECOVERY_META_KEY = 'recovery';
export const HUB_TOKEN_KEY = 'hubToken';
/** storage.session: trusted contexts only, so the hub token may pass through it. */
export const RECOVERY_STAGING_KEY = 'store:recovery-staging';
const DELETE_TIMEOUT_MS = 10_000;

export interface RecoveryDeps {
  db: CuecardDb;
  /** storage.session (the salvaged rows while the database is rebuilt). */
  session: KvArea & { remove(key: string): Promise<void> };
  /** storage.local (the notice every page shows, the sync status). */
  local: KvArea;
  /** Whether a hub URL is set: the notice then says "re-syncing" rather than "import again". */
  hubConfigured?: () => Promise<boolean>;
  /** After a rebuild: deliver the kept events and sync from the hub (not awaited). */
  afterRebuild?: () => Promise<unknown>;
  indexedDB?: IDBFactory;
  now?: () => number;
}

/** The meta row `recovery`: what happened and when. */
export interface RecoveryRecord {
  at: string;
  reason: string;
  salvagedEvents: number;
  salvagedSends: number;
  tokenKept: boolean;
  /** Rows in the salvaged stores that did not match the contract and were left behind. */
  droppedRows: number;
}

export type ProbeResult = { state: 'missing' } | { state: 'healthy'; version: number } | { state: 'broken'; reason: string; version?: number };

export interface Salvage {
  outbox: OutboxRow[];
  recentSends: RecentSendRow[];
  leadActivity: LeadActivityRow[];
  hubToken?: string;
  /** The company sign-in (issue 18): signing in again would work, but a rebuild should not force it. */
  hubSession?: StoredHubSession;
  dropped: number;
}

const EMPTY: Salvage = { outbox: [], recentSends: [], leadActivity: [], dropped: 0 };

function idbOf(deps: Pick<RecoveryDeps, 'indexedDB'>): IDBFactory {
  return deps.indexedDB ?? indexedDB;
}

export function describeDbError(error: unknown): string {
  const err = error as { name?: string; message?: string; inner?: { name?: string; message?: string } } | undefined;
  const inner = err?.inner?.name && err.inner.name !== err.name ? ` (${err.inner.name}: ${err.inner.message ?? ''})` : '';
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(error)}${inner}`.slice(0, 300);
}

/** Errors that say the database itself is unusable (not a full disk, not one aborted transaction). */
const BROKEN_NAMES = new Set([
  'DatabaseClosedError',
  'OpenFailedError',
  'VersionError',
  'UpgradeError',
  'InvalidStateError',
  'UnknownError',
  'NotFoundError',
  'InvalidTableError',
  'SchemaError',
  'NoSuchDatabaseError',
]);

export function isBrokenDbError(error: unknown): boolean {
  let current = error as { name?: string; inner?: unknown } | undefined;
  let broken = false;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.name === 'QuotaExceededError') return false;
    if (current.name && BROKEN_NAMES.has(current.name)) broken = true;
    current = current.inner as typeof current;
  }
  return broken && !isQuotaError(error);
}

/** Opens the database as it is, at whatever version. undefined when it does not exist (and leaves none behind). */
function rawOpen(idb: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    let creating = false;
    const request = idb.open(name);
    request.onupgradeneeded = () => {
      creating = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      if (!creating) return reject(request.error ?? new Error('open failed'));
      event.preventDefault();
      // Aborting the creation removes it in every engine we know; deleting makes sure.
      const cleanup = idb.deleteDatabase(name);
      cleanup.onsuccess = cleanup.onerror = () => resolve(undefined);
    };
  });
}

function deleteDb(idb: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Deleting the database "${name}" is blocked by another open connection.`)), DELETE_TIMEOUT_MS);
    const request = idb.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error ?? new Error('delete failed'));
    };
  });
}

/** What the stores of a database at `nativeVersion` must be (Dexie stores version × 10). */
function expectedStores(nativeVersion: number) {
  const version = Math.min(Math.floor(nativeVersion / 10), DB_VERSION);
  return STORE_HISTORY.filter((store) => store.since <= version);
}

export function checkSchema(db: IDBDatabase): ProbeResult {
  const version = db.version;
  const present = Array.from(db.objectStoreNames);
  if (version < 10) {
    return present.length === 0 ? { state: 'healthy', version } : { state: 'broken', reason: `Unknown database layout at version ${version}.`, version };
  }
  const expected = expectedStores(version);
  const missing = expected.filter((store) => !present.includes(store.name)).map((store) => store.name);
  if (missing.length > 0) return { state: 'broken', reason: `Missing object stores at version ${version}: ${missing.join(', ')}.`, version };
  const tx = db.transaction(expected.map((store) => store.name), 'readonly');
  const wrongKey = expected.filter((store) => tx.objectStore(store.name).keyPath !== store.keyPath).map((store) => store.name);
  tx.abort();
  if (wrongKey.length > 0) return { state: 'broken', reason: `Wrong primary key in: ${wrongKey.join(', ')}.`, version };
  return { state: 'healthy', version };
}

/** Looks at the database without changing it (a missing one stays missing). */
export async function probeDb(name: string, idb: IDBFactory = indexedDB): Promise<ProbeResult> {
  let raw: IDBDatabase | undefined;
  try {
    raw = await rawOpen(idb, name);
  } catch (error) {
    if (isQuotaError(error)) throw error;
    return { state: 'broken', reason: describeDbError(error) };
  }
  if (!raw) return { state: 'missing' };
  try {
    return checkSchema(raw);
  } catch (error) {
    return { state: 'broken', reason: describeDbError(error), version: raw.version };
  } finally {
    raw.close();
  }
}

function readAll(db: IDBDatabase, store: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    try {
      const request = db.transaction(store, 'readonly').objectStore(store).getAll();
      request.onsuccess = () => resolve(Array.isArray(request.result) ? request.result : []);
      request.onerror = () => resolve([]);
    } catch {
      resolve([]);
    }
  });
}

type Loose = Record<string, unknown>;
const isLoose = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

export function salvageOutboxRow(value: unknown): OutboxRow | undefined {
  if (!isLoose(value)) return undefined;
  // A row as written by recordUsage, or a bare event.
  const parsed = usageEvent.safeParse(value.event ?? value);
  if (!parsed.success) return undefined;
  const event: UsageEvent = parsed.data;
  const at = Date.parse(event.at);
  if (!Number.isFinite(at)) return undefined;
  const attempts = typeof value.attempts === 'number' && Number.isFinite(value.attempts) ? value.attempts : 0;
  return { id: event.id, event, at, attempts };
}

export function salvageRecentSend(value: unknown): RecentSendRow | undefined {
  if (!isLoose(value)) return undefined;
  const { id, prospectId, assetId, type, at } = value;
  if (typeof id !== 'string' || typeof prospectId !== 'string' || typeof assetId !== 'string') return undefined;
  if ((type !== 'asset_copied' && type !== 'asset_inserted' && type !== 'asset_sent') || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return { id, prospectId, assetId, type, at };
}

export function salvageLeadActivity(value: unknown): LeadActivityRow | undefined {
  if (!isLoose(value)) return undefined;
  const { prospectId, lastActionAt, feedback } = value;
  if (typeof prospectId !== 'string' || !prospectId || typeof lastActionAt !== 'number' || !Number.isFinite(lastActionAt)) return undefined;
  const row: LeadActivityRow = { prospectId, lastActionAt };
  if (isLoose(feedback)) {
    const reason = asLeadReason(feedback.reason);
    if (reason && typeof feedback.at === 'number' && Number.isFinite(feedback.at) && typeof feedback.eventId === 'string') {
      row.feedback = { reason, at: feedback.at, eventId: feedback.eventId };
    }
  }
  return row;
}

/** The rep's own rows, from whatever stores exist; rows that fail the contract are counted and left. */
export async function salvageRows(db: IDBDatabase): Promise<Salvage> {
  const names = Array.from(db.objectStoreNames);
  const salvage: Salvage = { outbox: [], recentSends: [], leadActivity: [], dropped: 0 };
  if (names.includes('outbox')) {
    for (const value of await readAll(db, 'outbox')) {
      const row = salvageOutboxRow(value);
      if (row) salvage.outbox.push(row);
      else salvage.dropped++;
    }
  }
  if (names.includes('recentSends')) {
    for (const value of await readAll(db, 'recentSends')) {
      const row = salvageRecentSend(value);
      if (row) salvage.recentSends.push(row);
      else salvage.dropped++;
    }
  }
  if (names.includes('leadActivity')) {
    for (const value of await readAll(db, 'leadActivity')) {
      const row = salvageLeadActivity(value);
      if (row) salvage.leadActivity.push(row);
      else salvage.dropped++;
    }
  }
  if (names.includes('meta')) {
    const meta = await readAll(db, 'meta');
    const token = meta.find((row): row is Loose => isLoose(row) && row.key === HUB_TOKEN_KEY);
    if (typeof token?.value === 'string' && token.value) salvage.hubToken = token.value;
    const session = storedHubSession.safeParse(meta.find((row): row is Loose => isLoose(row) && row.key === HUB_SESSION_META_KEY)?.value);
    if (session.success) salvage.hubSession = session.data;
  }
  return salvage;
}

function merge(a: Salvage, b: Salvage | undefined): Salvage {
  if (!b) return a;
  const outbox = new Map([...b.outbox, ...a.outbox].map((row) => [row.id, row]));
  const sends = new Map([...b.recentSends, ...a.recentSends].map((row) => [row.id, row]));
  const leads = new Map([...b.leadActivity, ...a.leadActivity].map((row) => [row.prospectId, row]));
  return {
    outbox: [...outbox.values()],
    recentSends: [...sends.values()],
    leadActivity: [...leads.values()],
    hubToken: a.hubToken ?? b.hubToken,
    hubSession: a.hubSession ?? b.hubSession,
    dropped: a.dropped + b.dropped,
  };
}

interface Staging {
  reason: string;
  salvage: Salvage;
}

async function readStaging(session: RecoveryDeps['session']): Promise<Staging | undefined> {
  const stored = (await session.get(RECOVERY_STAGING_KEY))[RECOVERY_STAGING_KEY];
  if (!isLoose(stored) || !isLoose(stored.salvage)) return undefined;
  const raw = stored.salvage;
  const salvage: Salvage = {
    outbox: (Array.isArray(raw.outbox) ? raw.outbox : []).map(salvageOutboxRow).filter((row): row is OutboxRow => !!row),
    recentSends: (Array.isArray(raw.recentSends) ? raw.recentSends : []).map(salvageRecentSend).filter((row): row is RecentSendRow => !!row),
    leadActivity: (Array.isArray(raw.leadActivity) ? raw.leadActivity : []).map(salvageLeadActivity).filter((row): row is LeadActivityRow => !!row),
    hubToken: typeof raw.hubToken === 'string' ? raw.hubToken : undefined,
    hubSession: storedHubSession.safeParse(raw.hubSession).data,
    dropped: typeof raw.dropped === 'number' ? raw.dropped : 0,
  };
  return { reason: typeof stored.reason === 'string' ? stored.reason : 'unknown', salvage };
}

/**
 * Deletes the database and builds a fresh one holding only the rep's own rows. `reason` goes into
 * the `recovery` record. The Dexie handle stays the same object: everything that holds it goes on
 * working with the new database.
 */
export async function rebuildDb(deps: RecoveryDeps, reason: string): Promise<RecoveryRecord> {
  const idb = idbOf(deps);
  const name = deps.db.name;
  let salvage = EMPTY;
  try {
    const raw = await rawOpen(idb, name);
    if (raw) {
      try {
        salvage = await salvageRows(raw);
      } finally {
        raw.close();
      }
    }
  } catch {
    // Unreadable as a whole (e.g. "Internal error opening backing store"): nothing to salvage.
  }
  const staged = await readStaging(deps.session).catch(() => undefined);
  salvage = merge(salvage, staged?.salvage);
  // If the worker stops between the delete and the write-back, the next start finishes from here.
  await deps.session.set({ [RECOVERY_STAGING_KEY]: { reason, salvage } }).catch(() => undefined);
  deps.db.close();
  await deleteDb(idb, name);
  return finishRebuild(deps, reason, salvage);
}

async function finishRebuild(deps: RecoveryDeps, reason: string, salvage: Salvage): Promise<RecoveryRecord> {
  const { db } = deps;
  await db.open();
  const record: RecoveryRecord = {
    at: new Date((deps.now ?? Date.now)()).toISOString(),
    reason,
    salvagedEvents: salvage.outbox.length,
    salvagedSends: salvage.recentSends.length,
    tokenKept: salvage.hubToken !== undefined,
    droppedRows: salvage.dropped,
  };
  await db.transaction('rw', [db.outbox, db.recentSends, db.leadActivity, db.meta], async () => {
    await db.outbox.bulkPut(salvage.outbox);
    await db.recentSends.bulkPut(salvage.recentSends);
    await db.leadActivity.bulkPut(salvage.leadActivity);
    if (salvage.hubToken) await db.meta.put({ key: HUB_TOKEN_KEY, value: salvage.hubToken });
    if (salvage.hubSession) await db.meta.put({ key: HUB_SESSION_META_KEY, value: salvage.hubSession });
    // The cache is gone, so its cursor must go too: the next sync starts from the beginning.
    await db.meta.delete(CURSOR_KEY);
    await db.meta.put({ key: RECOVERY_META_KEY, value: record });
  });
  await deps.session.remove(RECOVERY_STAGING_KEY).catch(() => undefined);
  const hub = await (deps.hubConfigured?.() ?? Promise.resolve(false)).catch(() => false);
  const notice: RecoveryNotice = { at: record.at, salvagedEvents: record.salvagedEvents, hub };
  // A fresh sync status too: no stale cursor shown, no backoff delaying the resync.
  await deps.local.set({ [RECOVERY_NOTICE_KEY]: notice, [SYNC_STATUS_KEY]: null });
  if (deps.afterRebuild) void deps.afterRebuild().catch(() => undefined);
  return record;
}

export type OpenOutcome = { rebuilt: false } | { rebuilt: true; record: RecoveryRecord };

/** Probe, rebuild if broken, open. Also finishes a rebuild a stopped worker left half done. */
async function openChecked(deps: RecoveryDeps): Promise<OpenOutcome> {
  const idb = idbOf(deps);
  let probe = await probeDb(deps.db.name, idb);
  if (probe.state === 'broken' && /UnknownError/.test(probe.reason)) {
    // Chromium sometimes answers UnknownError once and then opens fine (Dexie has the same workaround).
    await new Promise((resolve) => setTimeout(resolve, 200));
    probe = await probeDb(deps.db.name, idb);
  }
  if (probe.state === 'broken') return { rebuilt: true, record: await rebuildDb(deps, probe.reason) };
  const staged = await readStaging(deps.session).catch(() => undefined);
  if (staged) return { rebuilt: true, record: await finishRebuild(deps, staged.reason, staged.salvage) };
  try {
    await deps.db.open();
    return { rebuilt: false };
  } catch (error) {
    if (isQuotaError(error)) throw error;
    return { rebuilt: true, record: await rebuildDb(deps, describeDbError(error)) };
  }
}

// Per-worker memo of "already checked", and one repair at a time. Losing them with the worker is
// harmless: a new worker checks again.
const readiness = new WeakMap<CuecardDb, Promise<OpenOutcome>>();
const watched = new WeakSet<CuecardDb>();

/** Resolves once the database is open and known to be healthy (rebuilt if it was not). */
export function ensureDbReady(deps: RecoveryDeps): Promise<OpenOutcome> {
  let ready = readiness.get(deps.db);
  if (!ready) {
    ready = openChecked(deps);
    readiness.set(deps.db, ready);
    ready.catch(() => readiness.get(deps.db) === ready && readiness.delete(deps.db));
  }
  if (!watched.has(deps.db)) {
    watched.add(deps.db);
    // Another connection deletes or upgrades the database under us: do not let Dexie reopen
    // (and silently patch) whatever is there next; the next use checks it first.
    deps.db.on('versionchange', () => {
      readiness.delete(deps.db);
      deps.db.close();
    });
  }
  return ready;
}

/** Forgets the check and does it again, once for everybody who saw the same failure. */
async function recheck(deps: RecoveryDeps, failed: Promise<OpenOutcome> | undefined, forceReason?: string): Promise<OpenOutcome> {
  const current = readiness.get(deps.db);
  if (current && current !== failed) return current;
  const next = (async (): Promise<OpenOutcome> => {
    await failed?.catch(() => undefined);
    if (forceReason) return { rebuilt: true, record: await rebuildDb(deps, forceReason) };
    deps.db.close();
    return openChecked(deps);
  })();
  readiness.set(deps.db, next);
  next.catch(() => readiness.get(deps.db) === next && readiness.delete(deps.db));
  return next;
}

/**
 * Runs `fn` against a database known to be healthy. If it fails in a way that means the
 * database is broken, checks again (rebuilding when needed) and runs it once more; if the schema
 * looked fine but `fn` keeps failing the same way, the data itself is damaged: rebuild, last try.
 * `fn` must be safe to repeat (every handler is: writes are idempotent by id).
 */
export async function withDbRecovery<T>(deps: RecoveryDeps, fn: () => Promise<T>): Promise<T> {
  let ready = ensureDbReady(deps);
  await ready;
  try {
    return await fn();
  } catch (error) {
    if (!isBrokenDbError(error)) throw error;
    ready = recheck(deps, ready);
    const outcome = await ready;
    try {
      return await fn();
    } catch (again) {
      if (outcome.rebuilt || !isBrokenDbError(again)) throw again;
      await recheck(deps, ready, describeDbError(again));
      return fn();
    }
  }
}
