/**
 * The connector runtime: runs a vendor adapter's streams and writes what they read through the
 * hub's change log (store.ts upsertRows/deleteItems), so sync, tombstones and dedupe hold exactly
 * as for imports.
 *
 * Invariants
 * - One page = one transaction: its prospects, touches, tombstones, people map, lookups AND the
 *   stream's cursor commit together. A run killed at any point resumes from the last committed
 *   cursor; the page it was on is read again and its rows, written under the same ids, replace
 *   themselves (an unchanged row keeps its seq, so clients download nothing twice).
 * - One run per connector at a time, across hub instances: a lease row in `connectors`, checked in
 *   every page transaction (a run that lost its lease writes nothing more), and on a Postgres
 *   server a session advisory lock, so a crashed instance's lease is taken over at once (lease.ts).
 * - A touch is never written for nobody and never dropped for want of its person: adapters fetch
 *   people they do not know yet; a person known only by email becomes a prospect with that email.
 * - Vendor calls go through RunIo.call: counted against the run's share of the daily quota,
 *   backed off on rate limits (Retry-After when sent, else exponential), retried a few times on
 *   5xx, and every message that may leave the process (status, errors, logs) is redacted of the
 *   connector's secrets first.
 */
import { prospect as prospectSchema, touch as touchSchema, type ConnectorCredentials, type ConnectorRunSummary, type Prospect, type Touch } from '../../lib/contract';
import { prospectIdForEmail } from '../../lib/import/ids';
import type { VendorPerson, VendorTouch } from '../../lib/import/connectors/types';
import { withoutUndefined } from '../../lib/import/presets/preset';
import { normalizeEmail } from '../../lib/match/keys';
import type { IdRef } from '../../lib/match/prospects';
import type { HubDb, Queryable } from '../db';
import { hubProspectResolver } from '../import-csv';
import { deleteItems, toJsonParam, upsertRows } from '../store';
import { loadAdapter } from './index';
import { LeaseLost, PROCESS_OWNER, withLease, type Lease } from './lease';
import { loadConnector, saveCredentials, secretValues, type ConnectorRecord } from './registry';
import { redactSecrets, type SecretBox } from '../secret-box';

// ------------------------------------------------------------------------------------------
// What adapters produce

export interface DeletedPerson {
  vendorId: string;
  /** For people this connector never mapped (archived before the first run): found by email or CRM id. */
  email?: string;
  crm?: IdRef;
}

export interface StreamPage {
  people?: VendorPerson[];
  touches?: VendorTouch[];
  deletedPeople?: DeletedPerson[];
  /** Touch ids the vendor deleted; only those the hub holds become tombstones. */
  deletedTouches?: string[];
  lookups?: { kind: string; vendorId: string; data: unknown }[];
  /** Id reconciliation (vendors without a deletes feed): ids seen by scan `scan`. */
  seen?: { scan: number; vendorIds: string[] };
  /** The reconciliation scan finished: people not seen by it were deleted at the vendor. */
  reconciled?: { scan: number };
  /** Rows read but not written, by reason ("email event SENT"). */
  skipped?: Record<string, number>;
  cursor: unknown;
  phase: 'backfill' | 'incremental';
  /** Rows the vendor says are left in this pass, when it says (search `total`, `totalSize`). */
  remaining?: number | null;
  status: string;
}

export interface StreamContext {
  cursor: unknown;
  phase: 'backfill' | 'incremental';
  /** Which of these vendor person ids the connector already maps to prospects. */
  knownPeople(vendorIds: readonly string[]): Promise<Set<string>>;
  lookups(kind: string, vendorIds: readonly string[]): Promise<Map<string, unknown>>;
}

export interface StreamDef {
  name: string;
  read(context: StreamContext): AsyncIterable<StreamPage>;
}

export interface VendorAdapter {
  streams: StreamDef[];
  /** Signs in and reads one record; answers what it saw, in words. Writes nothing. */
  test(): Promise<string>;
}

export type AdapterFactory = (connector: ConnectorRecord, io: RunIo) => VendorAdapter;

// ------------------------------------------------------------------------------------------
// Faults

export type VendorFault =
  | { kind: 'rate'; waitMs?: number; words: string }
  | { kind: 'daily-quota'; until: Date; words: string }
  | { kind: 'auth'; words: string }
  | { kind: 'transient'; words: string }
  | { kind: 'fatal'; words: string };

/** Ends a stream (fatal, transient after retries) or the run (auth). */
export class ConnectorFailure extends Error {
  constructor(
    readonly kind: 'auth' | 'fatal' | 'transient',
    message: string,
  ) {
    super(message);
  }
}
/** The vendor's daily quota is spent: the run ends and the connector waits until `until`. */
export class PauseRun extends Error {
  constructor(
    readonly until: Date,
    message: string,
  ) {
    super(message);
  }
}
/** This run spent its share of the daily quota: it ends cleanly, the next run continues. */
export class QuotaShareReached extends Error {}
class RunAborted extends Error {}

// ------------------------------------------------------------------------------------------
// Budget

export class CallBudget {
  calls = 0;
  private dailyLimit: number | null;
  constructor(
    readonly share: number,
    dailyLimit: number | null,
    private readonly vendorLabel: string,
  ) {
    this.dailyLimit = dailyLimit;
  }
  /**
   * The vendor said its daily limit (Sforce-Limit-Info, X-HubSpot-RateLimit-Daily). The smaller of
   * it and the configured one counts: an admin may keep headroom for the company's other integrations.
   */
  learnDailyLimit(limit: number) {
    if (Number.isFinite(limit) && limit > 0) this.dailyLimit = this.dailyLimit === null ? limit : Math.min(this.dailyLimit, limit);
  }
  get limit(): number {
    return this.dailyLimit === null ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(this.dailyLimit * this.share));
  }
  take() {
    if (this.calls >= this.limit) {
      throw new QuotaShareReached(
        `Stopped after ${this.calls.toLocaleString('en')} API calls: ${Math.round(this.share * 100)} % of ${this.vendorLabel}’s ${this.dailyLimit!.toLocaleString('en')} a day, the most one run may use. The next run continues from here.`,
      );
    }
    this.calls++;
  }
}

// ------------------------------------------------------------------------------------------
// The run's I/O, shared by adapters

export interface RunIo {
  readonly connector: ConnectorRecord;
  readonly budget: CallBudget;
  readonly signal: AbortSignal;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** One vendor request: counted, backed off on rate limits, retried on transient faults. */
  call<T>(what: string, request: () => Promise<T>, classify: (error: unknown) => VendorFault): Promise<T>;
  /** Saves rotated credentials at once (sealed), so a refresh token the vendor replaced is never lost. */
  saveCredentials(credentials: ConnectorCredentials): Promise<void>;
  /** Status words for list and GET /v1/connectors, while a run goes on. */
  status(words: string): Promise<void>;
  log(words: string): void;
  /** Redacts the connector's secrets from text. */
  redact(text: string): string;
  /** A secret the run obtained (an access token): redacted like the stored ones from now on. */
  secret(value: string): void;
}

export const RATE_RETRIES = 8;
export const TRANSIENT_RETRIES = 3;
const MAX_BACKOFF_MS = 60_000;

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Calls `refresh` when a request fails for auth, then tries once more. A second auth failure
 * with no success since the last refresh is final: the credentials are expired or revoked.
 */
export function refreshingOnce(refresh: () => Promise<void>, vendorLabel: string) {
  let refreshedWithoutSuccess = false;
  return async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      const value = await request();
      refreshedWithoutSuccess = false;
      return value;
    } catch (error) {
      if (!(error instanceof ConnectorFailure) || error.kind !== 'auth' || refreshedWithoutSuccess) throw error;
      refreshedWithoutSuccess = true;
      await refresh();
      try {
        const value = await request();
        refreshedWithoutSuccess = false;
        return value;
      } catch (again) {
        if (again instanceof ConnectorFailure && again.kind === 'auth') {
          throw new ConnectorFailure('auth', `${vendorLabel} still refused the credentials after a refresh: ${again.message}`);
        }
        throw again;
      }
    }
  };
}

// ------------------------------------------------------------------------------------------
// Runs

export type RunTrigger = 'schedule' | 'manual' | 'cli';

export interface RunOptions {
  db: HubDb;
  secrets: SecretBox;
  connectorId: string;
  trigger: RunTrigger;
  /** Vendor adapters by vendor; default: the hub's own (index.ts), loaded on first use. Tests swap in doubles only for faults no fake can produce. */
  adapters?: Partial<Record<ConnectorRecord['vendor'], AdapterFactory>>;
  /** Who runs it (lease owner); default: this process. */
  owner?: string;
  /** Minutes until the next scheduled run after this one (default 15). */
  intervalMinutes?: number;
  /** Scheduled runs skip a connector whose next run moved into the future meanwhile (another instance ran it). */
  dueOnly?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: (line: string) => void;
  leaseTtlMs?: number;
  /** Test hook: called inside each page's transaction, after its writes, before its commit. */
  beforeCommit?: (stream: string, page: number, tx: Queryable) => void | Promise<void>;
  /** Rows the runtime gathers into one transaction (default 5,000); tests lower it to watch a backfill page by page. */
  commitRows?: number;
}

export interface RunResult extends ConnectorRunSummary {
  /** Another run of this connector holds the lease; nothing was done. */
  busy?: boolean;
  /** Skipped: not due any more (dueOnly). */
  notDue?: boolean;
  apiCalls: number;
  pausedUntil?: string;
}

export const DEFAULT_INTERVAL_MINUTES = 15;
const DEFAULT_LEASE_TTL_MS = 10 * 60_000;

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RunAborted('The run was stopped.'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RunAborted('The run was stopped.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const VENDOR_LABELS: Record<ConnectorRecord['vendor'], string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', marketo: 'Marketo', mautic: 'Mautic' };

/** One incremental run (the first one backfills). Never throws for vendor trouble: it ends in `error`. */
export async function runConnector(options: RunOptions): Promise<RunResult> {
  const owner = options.owner ?? `${PROCESS_OWNER}#${options.trigger}`;
  const outcome = await withLease(options.db, options.connectorId, owner, options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, async (lease) => {
    if (options.dueOnly) {
      const due = await options.db.query<{ due: boolean }>(
        `SELECT enabled AND next_run_at <= now() AND (paused_until IS NULL OR paused_until <= now()) AS due FROM connectors WHERE id = $1`,
        [options.connectorId],
      );
      if (due.rows[0]?.due !== true) return { people: 0, touches: 0, deleted: 0, apiCalls: 0, notDue: true } satisfies RunResult;
    }
    return runWithLease(options, lease);
  });
  if (outcome === 'busy') {
    const since = await options.db.query<{ lease_owner: string | null }>('SELECT lease_owner FROM connectors WHERE id = $1', [options.connectorId]);
    return {
      people: 0,
      touches: 0,
      deleted: 0,
      apiCalls: 0,
      busy: true,
      error: `A run of this connector is in progress already${since.rows[0]?.lease_owner ? ` (on ${since.rows[0].lease_owner.split(':').slice(0, 2).join(', pid ')})` : ''}; try again when it ends.`,
    };
  }
  if (outcome === 'missing') return { people: 0, touches: 0, deleted: 0, apiCalls: 0, error: 'No such connector.' };
  return outcome;
}

interface Counts {
  people: number;
  touches: number;
  deleted: number;
}

async function runWithLease(options: RunOptions, lease: Lease): Promise<RunResult> {
  const { db, secrets } = options;
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const now = options.now ?? (() => new Date());
  const sleepImpl = options.sleep ?? defaultSleep;
  const log = options.log ?? (() => undefined);
  const interval = (options.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES) * 60_000;
  const counts: Counts = { people: 0, touches: 0, deleted: 0 };
  const errors: string[] = [];
  let connector: ConnectorRecord | undefined;
  let secretList: string[] = [];
  const obtained: string[] = [];
  const redact = (text: string) => redactSecrets(text, [...secretList, ...obtained]);
  let pausedUntil: Date | undefined;
  let finalStatus = '';
  let currentStream: string | null = null;
  let resumeStream: string | null = null;
  let budget: CallBudget | undefined;

  const run = await db.query<{ id: unknown }>('INSERT INTO connector_runs (connector_id, trigger, owner) VALUES ($1, $2, $3) RETURNING id', [
    options.connectorId,
    options.trigger,
    lease.owner,
  ]);
  const runId = Number(run.rows[0]!.id);
  const startedAt = now();
  const setStatus = async (words: string, paused?: Date | null) => {
    await db.query(
      `UPDATE connectors SET status_text = $2, paused_until = CASE WHEN $3::boolean THEN $4::timestamptz ELSE paused_until END, updated_at = now() WHERE id = $1 AND lease_owner = $5`,
      [options.connectorId, redact(words).slice(0, 1_000), paused !== undefined, paused ? paused.toISOString() : null, lease.owner],
    );
  };

  try {
    connector = await loadConnector(db, secrets, options.connectorId);
    secretList = secretValues(connector.credentials);
    const vendor = VENDOR_LABELS[connector.vendor];
    budget = new CallBudget(connector.config.quotaShare, connector.config.dailyQuota, vendor);
    const factory = options.adapters?.[connector.vendor] ?? (await loadAdapter(connector.vendor));
    const io = makeIo({
      connector,
      budget,
      signal,
      now,
      sleepImpl,
      log,
      redact,
      setStatus,
      lease,
      db,
      secrets,
      onCredentials: (next) => (secretList = [...secretList, ...secretValues(next)]),
      addSecret: (value) => void obtained.push(value),
    });
    const adapter = factory(connector, io);
    await setStatus(`Running since ${formatUtc(now())}.`, null);
    const people = new PeopleCache();
    const resume = (await db.query<{ resume_stream: string | null }>('SELECT resume_stream FROM connectors WHERE id = $1', [connector.id])).rows[0]?.resume_stream;
    const start = Math.max(0, adapter.streams.findIndex((stream) => stream.name === resume));
    const ordered = [...adapter.streams.slice(start), ...adapter.streams.slice(0, start)];

    for (const stream of ordered) {
      currentStream = stream.name;
      try {
        await runStream({ db, connectorId: connector.id, stream, lease, people, counts, signal, beforeCommit: options.beforeCommit, commitRows: options.commitRows, redact, io });
      } catch (error) {
        if (error instanceof ConnectorFailure && error.kind !== 'auth') {
          // One stream's trouble (a missing scope, a vendor outage on one endpoint) does not hold the others back.
          const words = `${stream.name}: ${redact(error.message)}`;
          errors.push(words);
          await recordStreamStatus(db, connector.id, stream.name, `Stopped: ${redact(error.message)} It resumes from here at the next run.`);
          continue;
        }
        throw error;
      }
    }
    finalStatus = errors.length > 0 ? `Last run ${formatUtc(now())} with problems: ${errors.join(' ')}` : `Up to date as of ${formatUtc(now())}.`;
  } catch (error) {
    if (error instanceof QuotaShareReached) {
      finalStatus = error.message;
      resumeStream = currentStream;
    } else if (error instanceof PauseRun) {
      pausedUntil = error.until;
      errors.push(`${redact(error.message)} Paused until ${formatUtc(error.until)}.`);
      finalStatus = `Paused until ${formatUtc(error.until)}: ${redact(error.message)}`;
    } else if (error instanceof ConnectorFailure) {
      errors.push(redact(error.message));
      finalStatus = `Stopped: ${redact(error.message)}`;
    } else if (error instanceof RunAborted || signal.aborted) {
      errors.push('The run was stopped before it finished; the next run resumes from where it stopped.');
      finalStatus = 'Stopped before it finished; the next run resumes from where it stopped.';
    } else if (error instanceof LeaseLost) {
      errors.push(error.message);
      finalStatus = error.message;
    } else {
      const message = redact(error instanceof Error ? error.message : String(error));
      log(`connector ${options.connectorId}: ${message}`);
      errors.push(`Unexpected problem: ${message}. The rows written before it stay; the next run resumes from there.`);
      finalStatus = `Stopped by an unexpected problem: ${message}`;
    }
  }

  const summary: RunResult = { ...counts, apiCalls: budget?.calls ?? 0, ...(errors.length > 0 ? { error: errors.join(' ') } : {}) };
  if (pausedUntil) summary.pausedUntil = pausedUntil.toISOString();
  const finishedAt = now();
  const nextRun = new Date(Math.max(finishedAt.getTime() + interval, pausedUntil?.getTime() ?? 0));
  const state = pausedUntil ? 'paused' : errors.length > 0 ? 'error' : 'idle';
  const lastRun = {
    ...counts,
    ...(summary.error ? { error: summary.error } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    trigger: options.trigger,
    apiCalls: summary.apiCalls,
  };
  await db.query('UPDATE connector_runs SET finished_at = now(), people = $2, touches = $3, deleted = $4, api_calls = $5, error = $6 WHERE id = $1', [
    runId,
    counts.people,
    counts.touches,
    counts.deleted,
    summary.apiCalls,
    summary.error ?? null,
  ]);
  await db.query(
    `UPDATE connectors SET state = $2, status_text = $3, paused_until = $4, next_run_at = $5, resume_stream = $8,
       last_run = $6::jsonb, updated_at = now()
     WHERE id = $1 AND lease_owner = $7`,
    [
      options.connectorId,
      state,
      (finalStatus || 'Run finished.').slice(0, 2_000),
      pausedUntil ? pausedUntil.toISOString() : null,
      nextRun.toISOString(),
      toJsonParam(lastRun),
      lease.owner,
      resumeStream,
    ],
  );
  return summary;
}

function makeIo(input: {
  connector: ConnectorRecord;
  budget: CallBudget;
  signal: AbortSignal;
  now: () => Date;
  sleepImpl: (ms: number, signal: AbortSignal) => Promise<void>;
  log: (line: string) => void;
  redact: (text: string) => string;
  setStatus: (words: string, paused?: Date | null) => Promise<void>;
  lease: Lease;
  db: HubDb;
  secrets: SecretBox;
  onCredentials: (next: ConnectorCredentials) => void;
  addSecret: (value: string) => void;
}): RunIo {
  const { connector, budget, signal, now, sleepImpl, redact, setStatus, lease, db } = input;
  const sleep = async (ms: number) => {
    await sleepImpl(ms, signal);
    // A long wait must not let the lease lapse under a live run.
    await lease.renew();
  };
  return {
    connector,
    budget,
    signal,
    now,
    sleep,
    redact,
    secret: input.addSecret,
    log: (line) => input.log(redact(line)),
    status: (words) => setStatus(words),
    async saveCredentials(next) {
      input.onCredentials(next);
      connector.credentials = next;
      await saveCredentials(db, input.secrets, connector.id, next);
    },
    async call(what, request, classify) {
      let rateAttempts = 0;
      let transientAttempts = 0;
      for (;;) {
        if (signal.aborted) throw new RunAborted('The run was stopped.');
        budget.take();
        try {
          return await request();
        } catch (error) {
          if (error instanceof ConnectorFailure || error instanceof PauseRun || error instanceof QuotaShareReached) throw error;
          const fault = classify(error);
          const words = redact(fault.words);
          if (fault.kind === 'rate') {
            rateAttempts++;
            if (rateAttempts > RATE_RETRIES) throw new ConnectorFailure('transient', `${words} (${what}); still limited after ${RATE_RETRIES} waits.`);
            const wait = Math.min(MAX_BACKOFF_MS, fault.waitMs ?? 1_000 * 2 ** (rateAttempts - 1));
            const until = new Date(now().getTime() + wait);
            await setStatus(`Paused until ${formatUtc(until)}: ${words}; then it continues.`, until);
            input.log(`${connector.name}: ${words}; waiting ${wait} ms`);
            await sleep(wait);
            await setStatus(`Running; resumed after a rate limit (${words}).`, null);
            continue;
          }
          if (fault.kind === 'transient') {
            transientAttempts++;
            if (transientAttempts > TRANSIENT_RETRIES) {
              throw new ConnectorFailure('transient', `${words} (${what}), ${TRANSIENT_RETRIES + 1} times in a row. The run stopped there and resumes from that point next time.`);
            }
            await sleep(Math.min(MAX_BACKOFF_MS, 500 * 2 ** (transientAttempts - 1)));
            continue;
          }
          if (fault.kind === 'daily-quota') throw new PauseRun(fault.until, words);
          throw new ConnectorFailure(fault.kind, words);
        }
      }
    },
  };
}

// ------------------------------------------------------------------------------------------
// Streams and pages

interface StreamRow {
  cursor: unknown;
  phase: 'backfill' | 'incremental';
  rows_done: unknown;
}

async function recordStreamStatus(db: Queryable, connectorId: string, stream: string, words: string): Promise<void> {
  await db.query(
    `INSERT INTO connector_streams (connector_id, stream, status_text) VALUES ($1, $2, $3)
     ON CONFLICT (connector_id, stream) DO UPDATE SET status_text = EXCLUDED.status_text, updated_at = now()`,
    [connectorId, stream, words.slice(0, 1_000)],
  );
}

/**
 * Vendor person id / email → prospect id, for this run; entries are added only after their page
 * committed. DELETED marks people the vendor deleted: their activity is not written.
 */
const DELETED = '';
class PeopleCache {
  readonly byVendorId = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  private readonly normalized = new Map<string, string>();
  /** normalizeEmail, remembered: a backfill sees the same few thousand addresses on 500,000 events. */
  email(raw: string): string {
    let value = this.normalized.get(raw);
    if (value === undefined) {
      if (this.normalized.size > 200_000) this.normalized.clear();
      value = normalizeEmail(raw);
      this.normalized.set(raw, value);
    }
    return value;
  }
  add(vendorId: string | undefined, email: string | undefined, prospectId: string) {
    if (this.byVendorId.size + this.byEmail.size > 400_000) {
      this.byVendorId.clear();
      this.byEmail.clear();
    }
    if (vendorId) this.byVendorId.set(vendorId, prospectId);
    if (email) this.byEmail.set(email, prospectId);
  }
}

async function runStream(input: {
  db: HubDb;
  connectorId: string;
  stream: StreamDef;
  lease: Lease;
  people: PeopleCache;
  counts: Counts;
  signal: AbortSignal;
  beforeCommit?: RunOptions['beforeCommit'];
  commitRows?: number;
  redact: (text: string) => string;
  io: RunIo;
}): Promise<void> {
  const { db, connectorId, stream, lease, people, counts } = input;
  const row = (await db.query<StreamRow>('SELECT cursor, phase, rows_done FROM connector_streams WHERE connector_id = $1 AND stream = $2', [connectorId, stream.name])).rows[0];
  let rowsDone = Number(row?.rows_done ?? 0);
  const pendingPeople = new Set<string>();
  const context: StreamContext = {
    cursor: row?.cursor ?? null,
    phase: row?.phase ?? 'backfill',
    knownPeople: async (vendorIds) => {
      const known = new Set<string>();
      const unknown: string[] = [];
      for (const id of vendorIds) {
        if (people.byVendorId.has(id) || pendingPeople.has(id)) known.add(id);
        else unknown.push(id);
      }
      if (unknown.length > 0) {
        const result = await db.query<{ vendor_id: string }>(
          'SELECT vendor_id FROM connector_people WHERE connector_id = $1 AND vendor_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)))',
          [connectorId, JSON.stringify(unknown)],
        );
        for (const found of result.rows) known.add(found.vendor_id);
      }
      return known;
    },
    lookups: async (kind, vendorIds) => {
      const result = await db.query<{ vendor_id: string; data: unknown }>(
        'SELECT vendor_id, data FROM connector_lookups WHERE connector_id = $1 AND kind = $2 AND vendor_id = ANY(ARRAY(SELECT json_array_elements_text($3::json)))',
        [connectorId, kind, JSON.stringify([...new Set(vendorIds)])],
      );
      return new Map(result.rows.map((found) => [found.vendor_id, found.data]));
    },
  };
  let pageNumber = 0;
  const commit = async (raw: StreamPage) => {
    if (input.signal.aborted) throw new RunAborted('The run was stopped.');
    pageNumber++;
    const page = validPage(raw, input.io);
    const written = await db.transaction(async (tx) => {
      const result = await commitPage(tx, connectorId, page, people, input.io);
      const done = rowsDone + result.people + result.touches + result.deleted;
      const estimate = page.phase === 'backfill' && typeof page.remaining === 'number' ? done + page.remaining : null;
      await tx.query(
        `INSERT INTO connector_streams (connector_id, stream, cursor, phase, rows_done, rows_estimate, status_text, updated_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, now())
         ON CONFLICT (connector_id, stream) DO UPDATE SET cursor = EXCLUDED.cursor, phase = EXCLUDED.phase, rows_done = EXCLUDED.rows_done,
           rows_estimate = EXCLUDED.rows_estimate, status_text = EXCLUDED.status_text, updated_at = now()`,
        [connectorId, stream.name, toJsonParam(page.cursor ?? null), page.phase, done, estimate, input.redact(page.status).slice(0, 1_000)],
      );
      // Last, so the lease row is locked for the shortest time; totals move with the page, so a
      // run killed later still counts what it wrote.
      await lease.fence(tx, result);
      await input.beforeCommit?.(stream.name, pageNumber, tx);
      return { ...result, done };
    });
    rowsDone = written.done;
    for (const [vendorId, email, prospectId] of written.cacheAdds) people.add(vendorId, email, prospectId);
    for (const person of page.people ?? []) pendingPeople.delete(person.vendorId);
    counts.people += written.people;
    counts.touches += written.touches;
    counts.deleted += written.deleted;
    context.cursor = page.cursor;
    context.phase = page.phase;
  };

  // The next vendor page is fetched while this one commits (the vendor and the database work at
  // once), and small pages are written together: fewer, larger transactions. People of pages not
  // committed yet count as known, so an adapter does not fetch them twice meanwhile.
  const commitRows = input.commitRows ?? COMMIT_ROWS;
  const iterator = stream.read(context)[Symbol.asyncIterator]();
  let pending = iterator.next();
  let buffer: StreamPage | null = null;
  let bufferedSince = 0;
  for (;;) {
    let step: IteratorResult<StreamPage>;
    try {
      step = await pending;
    } catch (error) {
      // The vendor failed on the next page (or the quota share ran out): what was read is good, keep it.
      if (buffer) await commit(buffer);
      throw error;
    }
    if (step.done) break;
    const page = step.value;
    for (const person of page.people ?? []) pendingPeople.add(person.vendorId);
    pending = iterator.next();
    // Awaited above on the next turn; a failure meanwhile must not count as unhandled.
    pending.catch(() => undefined);
    if (buffer && mergeable(buffer) && mergeable(page) && pageRows(buffer) + pageRows(page) <= commitRows) {
      buffer = mergePages(buffer, page);
    } else {
      if (buffer) await commit(buffer);
      buffer = page;
      bufferedSince = Date.now();
    }
    // Full, or held long enough: a slow vendor's progress still shows every few seconds.
    if (!mergeable(buffer) || pageRows(buffer) >= commitRows || Date.now() - bufferedSince >= COMMIT_EVERY_MS) {
      const full = buffer;
      buffer = null;
      await commit(full);
    }
  }
  if (buffer) await commit(buffer);
}

const COMMIT_EVERY_MS = 2_000;

/** Rows per transaction the runtime aims at: fewer commits, less WAL writing (the bundle import writes 2,000 per chunk). */
const COMMIT_ROWS = 5_000;

function pageRows(page: StreamPage): number {
  return (page.people?.length ?? 0) + (page.touches?.length ?? 0);
}

/** Pages that only add rows may be written together; deletes and reconciliation keep their order alone. */
function mergeable(page: StreamPage): boolean {
  return !page.deletedPeople?.length && !page.deletedTouches?.length && !page.seen && !page.reconciled;
}

function mergePages(first: StreamPage, second: StreamPage): StreamPage {
  const skipped = { ...first.skipped };
  for (const [reason, count] of Object.entries(second.skipped ?? {})) skipped[reason] = (skipped[reason] ?? 0) + count;
  return {
    ...second,
    people: [...(first.people ?? []), ...(second.people ?? [])],
    touches: [...(first.touches ?? []), ...(second.touches ?? [])],
    lookups: [...(first.lookups ?? []), ...(second.lookups ?? [])],
    skipped,
  };
}

/**
 * Rows a vendor sent that the contract refuses (an address that is not one, a date that is not)
 * are left out and said in the log; the rest of the page is written. The mappings clip and
 * filter what they can, so this is the contract's last word, as for every import.
 */
function validPage(page: StreamPage, io: RunIo): StreamPage {
  const bad: string[] = [];
  const people = page.people?.filter((person) => {
    const parsed = prospectSchema.safeParse({ ...person.prospect, id: 'p-check' });
    if (!parsed.success) bad.push(`person ${person.vendorId}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return parsed.success;
  });
  const touches = page.touches?.filter((touch) => {
    const parsed = touchSchema.safeParse({ ...touch.touch, prospectId: 'p-check' });
    if (!parsed.success) bad.push(`touch ${touch.touch.id}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return parsed.success;
  });
  if (bad.length > 0) io.log(`${bad.length} row(s) the contract refuses were not written, e.g. ${bad.slice(0, 3).join('; ')}`);
  return bad.length > 0 ? { ...page, people, touches } : page;
}

interface PageResult extends Counts {
  cacheAdds: [string | undefined, string | undefined, string][];
}

const jsonArray = (values: readonly string[]) => JSON.stringify(values);

async function prospectsById(tx: Queryable, ids: readonly string[]): Promise<Map<string, Prospect>> {
  if (ids.length === 0) return new Map();
  const result = await tx.query<{ rows: string }>(
    `SELECT coalesce(json_agg(data), '[]')::text AS rows FROM changes
     WHERE kind = 'prospect' AND op = 'upsert' AND id = ANY(ARRAY(SELECT json_array_elements_text($1::json)))`,
    [jsonArray([...new Set(ids)])],
  );
  return new Map((JSON.parse(result.rows[0]?.rows ?? '[]') as Prospect[]).map((prospect) => [prospect.id, prospect]));
}

/** This connector's people by vendor id: their prospect id, or DELETED. */
async function mappedPeople(tx: Queryable, connectorId: string, vendorIds: readonly string[]): Promise<Map<string, string>> {
  if (vendorIds.length === 0) return new Map();
  const result = await tx.query<{ vendor_id: string; prospect_id: string; deleted: boolean }>(
    'SELECT vendor_id, prospect_id, deleted FROM connector_people WHERE connector_id = $1 AND vendor_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)))',
    [connectorId, jsonArray([...new Set(vendorIds)])],
  );
  return new Map(result.rows.map((found) => [found.vendor_id, found.deleted ? DELETED : found.prospect_id]));
}

/** This connector's people by email; a deleted one wins over a live twin only when no live one exists. */
async function mappedEmails(tx: Queryable, connectorId: string, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const result = await tx.query<{ email: string; prospect_id: string; deleted: boolean }>(
    'SELECT email, prospect_id, deleted FROM connector_people WHERE connector_id = $1 AND email = ANY(ARRAY(SELECT json_array_elements_text($2::json))) ORDER BY deleted DESC',
    [connectorId, jsonArray([...new Set(emails)])],
  );
  return new Map(result.rows.map((found) => [found.email, found.deleted ? DELETED : found.prospect_id]));
}

/** Vendor values over stored ones, field by field; ids from every system kept. */
function merged(existing: Prospect | undefined, incoming: Omit<Prospect, 'id'>, id: string): Prospect {
  const crmIds = existing?.crmIds || incoming.crmIds ? withoutUndefined({ ...existing?.crmIds, ...incoming.crmIds }) : undefined;
  return withoutUndefined({ ...existing, ...incoming, id, ...(crmIds ? { crmIds } : {}) });
}

async function commitPage(tx: Queryable, connectorId: string, page: StreamPage, cache: PeopleCache, io: RunIo): Promise<PageResult> {
  const result: PageResult = { people: 0, touches: 0, deleted: 0, cacheAdds: [] };
  const resolver = hubProspectResolver(tx);

  // People: the prospect they are already (this connector's map, then CRM id or email on the hub), or a new one.
  const people = page.people ?? [];
  if (people.length > 0) {
    const mapped = await mappedPeople(tx, connectorId, people.map((person) => person.vendorId));
    const live = (vendorId: string) => {
      const id = mapped.get(vendorId);
      return id === undefined || id === DELETED ? undefined : id;
    };
    const unmapped = people.filter((person) => live(person.vendorId) === undefined);
    const found = await resolver(unmapped.map((person) => ({ email: person.prospect.email, ids: person.crm ? [person.crm] : undefined })));
    const foundByVendor = new Map(unmapped.map((person, index) => [person.vendorId, found[index]]));
    const stored = await prospectsById(tx, people.map((person) => live(person.vendorId)).filter((id): id is string => !!id));
    const rows = new Map<string, Prospect>();
    const links: { vendor_id: string; prospect_id: string; email: string }[] = [];
    for (const person of people) {
      const mappedId = live(person.vendorId);
      const existing = (mappedId ? stored.get(mappedId) : undefined) ?? foundByVendor.get(person.vendorId) ?? undefined;
      const id = mappedId ?? existing?.id ?? prospectIdForEmail(person.prospect.email);
      const row = merged(rows.get(id) ?? existing, person.prospect, id);
      rows.set(id, row);
      const email = normalizeEmail(person.prospect.email);
      links.push({ vendor_id: person.vendorId, prospect_id: id, email });
      result.cacheAdds.push([person.vendorId, email, id]);
    }
    result.people += await upsertRows(tx, 'prospect', [...rows.values()]);
    // A person the vendor has (again) is live: a deleted mark from an earlier delete is lifted.
    await tx.query(
      `INSERT INTO connector_people (connector_id, vendor_id, prospect_id, email)
       SELECT $1, l.vendor_id, l.prospect_id, l.email FROM json_to_recordset($2::json) AS l(vendor_id text, prospect_id text, email text)
       ON CONFLICT (connector_id, vendor_id) DO UPDATE SET prospect_id = EXCLUDED.prospect_id, email = EXCLUDED.email, deleted = false`,
      [connectorId, toJsonParam(dedupeLinks(links))],
    );
  }

  // Touches: their person by vendor id, then email; a person known only by email becomes a prospect.
  const touches = (page.touches ?? []).map((t) => (t.person.email ? { ...t, person: { ...t.person, email: cache.email(t.person.email) } } : t));
  if (touches.length > 0) {
    const byVendor = new Map<string, string>();
    const byEmail = new Map<string, string>();
    const vendorMisses = [...new Set(touches.map((t) => t.person.vendorId).filter((id): id is string => !!id && !cache.byVendorId.has(id)))];
    for (const [vendorId, prospectId] of await mappedPeople(tx, connectorId, vendorMisses)) byVendor.set(vendorId, prospectId);
    const prospectOf = (touch: VendorTouch): string | undefined => {
      const vendorId = touch.person.vendorId;
      const viaVendor = vendorId ? (cache.byVendorId.get(vendorId) ?? byVendor.get(vendorId)) : undefined;
      if (viaVendor !== undefined) return viaVendor;
      const email = touch.person.email;
      return email ? (cache.byEmail.get(email) ?? byEmail.get(email)) : undefined;
    };
    const emailMisses = [...new Set(touches.filter((t) => prospectOf(t) === undefined && t.person.email).map((t) => t.person.email!))];
    if (emailMisses.length > 0) {
      for (const [email, prospectId] of await mappedEmails(tx, connectorId, emailMisses)) byEmail.set(email, prospectId);
      const still = emailMisses.filter((email) => !byEmail.has(email));
      if (still.length > 0) {
        const found = await resolver(still.map((email) => ({ email })));
        const created: Prospect[] = [];
        still.forEach((email, index) => {
          const existing = found[index];
          const id = existing?.id ?? prospectIdForEmail(email);
          if (!existing) created.push({ id, email });
          byEmail.set(email, id);
        });
        if (created.length > 0) result.people += await upsertRows(tx, 'prospect', created);
      }
      for (const [email, prospectId] of byEmail) result.cacheAdds.push([undefined, email, prospectId]);
    }
    for (const [vendorId, prospectId] of byVendor) result.cacheAdds.push([vendorId, undefined, prospectId]);
    const rows: Touch[] = [];
    let unplaced = 0;
    let ofDeleted = 0;
    for (const touch of touches) {
      const prospectId = prospectOf(touch);
      // The adapter fetched every person it did not know; one the vendor could not return is gone there.
      if (prospectId === undefined) unplaced++;
      else if (prospectId === DELETED) ofDeleted++;
      else rows.push({ ...touch.touch, prospectId } as Touch);
    }
    if (unplaced > 0) io.log(`${unplaced} touch(es) name people the vendor no longer has; not written.`);
    if (ofDeleted > 0) io.log(`${ofDeleted} touch(es) of people deleted at the vendor; not written.`);
    result.touches += await upsertRows(tx, 'touch', rows);
  }

  if (page.lookups && page.lookups.length > 0) {
    await tx.query(
      `INSERT INTO connector_lookups (connector_id, kind, vendor_id, data)
       SELECT $1, l.kind, l.vendor_id, l.data FROM json_to_recordset($2::json) AS l(kind text, vendor_id text, data jsonb)
       ON CONFLICT (connector_id, kind, vendor_id) DO UPDATE SET data = EXCLUDED.data`,
      // One row per key: pages written together may carry the same lookup twice.
      [connectorId, toJsonParam([...new Map(page.lookups.map((lookup) => [`${lookup.kind}\u0000${lookup.vendorId}`, { kind: lookup.kind, vendor_id: lookup.vendorId, data: lookup.data }])).values()])],
    );
  }

  if (page.seen && page.seen.vendorIds.length > 0) {
    await tx.query(
      'UPDATE connector_people SET seen_scan = $2 WHERE connector_id = $1 AND vendor_id = ANY(ARRAY(SELECT json_array_elements_text($3::json)))',
      [connectorId, page.seen.scan, jsonArray(page.seen.vendorIds)],
    );
  }
  const deletedPeople = [...(page.deletedPeople ?? [])];
  if (page.reconciled) {
    const gone = await tx.query<{ vendor_id: string }>('SELECT vendor_id FROM connector_people WHERE connector_id = $1 AND NOT deleted AND seen_scan < $2', [
      connectorId,
      page.reconciled.scan,
    ]);
    deletedPeople.push(...gone.rows.map((row) => ({ vendorId: row.vendor_id })));
  }
  if (deletedPeople.length > 0) {
    const gone = await deletePeople(tx, connectorId, deletedPeople, resolver);
    result.deleted += gone.count;
    for (const [vendorId, email] of gone.marked) result.cacheAdds.push([vendorId, email, DELETED]);
  }
  if (page.deletedTouches && page.deletedTouches.length > 0) result.deleted += await deleteExisting(tx, 'touch', page.deletedTouches);
  return result;
}

function dedupeLinks<T extends { vendor_id: string }>(links: T[]): T[] {
  return [...new Map(links.map((link) => [link.vendor_id, link])).values()];
}

/** Tombstones for the ids the hub holds as rows; ids it never had (or deleted already) are left alone. */
async function deleteExisting(tx: Queryable, kind: 'prospect' | 'touch', ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const existing = await tx.query<{ id: string }>(
    `SELECT id FROM changes WHERE kind = $1 AND op = 'upsert' AND id = ANY(ARRAY(SELECT json_array_elements_text($2::json)))`,
    [kind, jsonArray([...new Set(ids)])],
  );
  if (existing.rows.length === 0) return 0;
  await deleteItems(tx, existing.rows.map((row) => ({ kind, id: row.id })));
  return existing.rows.length;
}

/**
 * People deleted at the vendor: their prospects and the prospects' touches become tombstones, so
 * every rep's cache drops them at the next sync, and they stay marked deleted in this connector's
 * people map, so their old activity read again does not bring them back.
 */
async function deletePeople(
  tx: Queryable,
  connectorId: string,
  people: DeletedPerson[],
  resolver: ReturnType<typeof hubProspectResolver>,
): Promise<{ count: number; marked: [string, string | undefined][] }> {
  const mapped = await mappedPeople(tx, connectorId, people.map((person) => person.vendorId));
  const unmapped = people.filter((person) => !mapped.has(person.vendorId) && (person.email || person.crm));
  const found = await resolver(unmapped.map((person) => ({ email: person.email, ids: person.crm ? [person.crm] : undefined })));
  const foundByVendor = new Map(unmapped.map((person, index) => [person.vendorId, found[index]]));
  const prospectIds = new Set<string>();
  const marks: { vendor_id: string; prospect_id: string; email: string | null }[] = [];
  const emails = (await tx.query<{ vendor_id: string; email: string | null; prospect_id: string }>(
    'SELECT vendor_id, email, prospect_id FROM connector_people WHERE connector_id = $1 AND vendor_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)))',
    [connectorId, jsonArray(people.map((person) => person.vendorId))],
  )).rows;
  const known = new Map(emails.map((row) => [row.vendor_id, row]));
  for (const person of people) {
    const row = known.get(person.vendorId);
    const prospectId = row?.prospect_id ?? foundByVendor.get(person.vendorId)?.id ?? (person.email ? prospectIdForEmail(person.email) : '');
    if (row && mapped.get(person.vendorId) !== DELETED) prospectIds.add(row.prospect_id);
    const viaLookup = foundByVendor.get(person.vendorId);
    if (viaLookup) prospectIds.add(viaLookup.id);
    const email = row?.email ?? (person.email ? normalizeEmail(person.email) : null);
    marks.push({ vendor_id: person.vendorId, prospect_id: prospectId, email });
  }
  let count = 0;
  if (prospectIds.size > 0) {
    const ids = [...prospectIds];
    const touches = await tx.query<{ id: string }>(
      `SELECT id FROM changes WHERE kind = 'touch' AND op = 'upsert' AND data ->> 'prospectId' = ANY(ARRAY(SELECT json_array_elements_text($1::json)))`,
      [jsonArray(ids)],
    );
    count += await deleteExisting(tx, 'prospect', ids);
    if (touches.rows.length > 0) {
      await deleteItems(tx, touches.rows.map((row) => ({ kind: 'touch' as const, id: row.id })));
      count += touches.rows.length;
    }
  }
  await tx.query(
    `INSERT INTO connector_people (connector_id, vendor_id, prospect_id, email, deleted)
     SELECT $1, m.vendor_id, m.prospect_id, m.email, true FROM json_to_recordset($2::json) AS m(vendor_id text, prospect_id text, email text)
     ON CONFLICT (connector_id, vendor_id) DO UPDATE SET deleted = true`,
    [connectorId, toJsonParam(dedupeLinks(marks))],
  );
  return { count, marked: marks.map((mark) => [mark.vendor_id, mark.email ?? undefined]) };
}

/**
 * Signs in and reads one record, writing nothing: "test the credentials". Answers in words;
 * never throws for vendor trouble.
 */
export async function testConnector(options: { db: HubDb; secrets: SecretBox; connectorId: string; adapters?: RunOptions['adapters']; now?: () => Date; sleep?: RunOptions['sleep'] }): Promise<{ ok: boolean; message: string }> {
  let secretList: string[] = [];
  const redact = (text: string) => redactSecrets(text, secretList);
  try {
    const connector = await loadConnector(options.db, options.secrets, options.connectorId);
    secretList = secretValues(connector.credentials);
    const factory = options.adapters?.[connector.vendor] ?? (await loadAdapter(connector.vendor));
    const controller = new AbortController();
    const noLease: Lease = { owner: 'credentials test', fence: async () => undefined, renew: async () => undefined };
    const io = makeIo({
      connector,
      budget: new CallBudget(1, null, VENDOR_LABELS[connector.vendor]),
      signal: controller.signal,
      now: options.now ?? (() => new Date()),
      sleepImpl: options.sleep ?? defaultSleep,
      log: () => undefined,
      redact,
      setStatus: async () => undefined,
      lease: noLease,
      db: options.db,
      secrets: options.secrets,
      onCredentials: (next) => (secretList = [...secretList, ...secretValues(next)]),
      addSecret: (value) => void secretList.push(value),
    });
    return { ok: true, message: redact(await factory(connector, io).test()) };
  } catch (error) {
    if (error instanceof PauseRun) return { ok: false, message: `${redact(error.message)} (until ${formatUtc(error.until)})` };
    return { ok: false, message: redact(error instanceof Error ? error.message : String(error)) };
  }
}
