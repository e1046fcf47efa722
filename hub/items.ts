/**
 * The content library over the change log: list and filter items, save one (a new version and a
 * change-log entry when it changed, with an audit row in the same transaction), and what needs
 * marketing's attention.
 *
 * Invariants:
 * - A save goes through upsertRows, so it takes the writers' lock and gets a new seq: reps receive
 *   it at their next sync like any import.
 * - Messages and assets carry `version`: each saved change is the stored version + 1. A save that
 *   names the version it was edited from is refused (409) when someone saved another one since.
 * - Filters become SQL parameters; the only SQL text chosen by input is from the fixed tables below.
 */
import {
  ATTENTION_EXPIRING_DAYS,
  ATTENTION_UNUSED_DAYS,
  DAY_MS,
  daysUntil,
  rowSchemas,
  validityProblem,
  type AttentionResponse,
  type ContentItem,
  type ItemListResponse,
  type LibraryItem,
  type SyncKind,
} from '../lib/contract';
import type { itemListQuery } from '../lib/contract';
import type { z } from 'zod';
import { writeAudit } from './audit';
import { toIso, type HubDb, type Queryable } from './db';
import { usageReport } from './report';
import { CHANGE_LOCK, toJsonParam, upsertRows, type HubUser } from './store';

type ListQuery = z.infer<typeof itemListQuery>;

const COLLECTION_OF = { prospect: 'prospects', touch: 'touches', message: 'messages', asset: 'assets' } as const;

/** Per kind: the text a search reads, how a segment filter reads the row, the usage column naming it. */
const KIND_SQL: Record<SyncKind, { search: string; tags: (field: 'personas' | 'industries' | 'stages', param: string) => string; usage: string | null }> = {
  message: {
    search: "coalesce(c.data ->> 'title', '') || ' ' || coalesce(c.data ->> 'body', '')",
    tags: (field, param) => `EXISTS (SELECT 1 FROM json_array_elements_text(coalesce(c.data -> '${field}', '[]'::json)) AS t(v) WHERE lower(t.v) = lower(${param}))`,
    usage: 'message_id',
  },
  asset: {
    search: "coalesce(c.data ->> 'title', '') || ' ' || coalesce(c.data ->> 'kind', '') || ' ' || coalesce(c.data ->> 'url', '')",
    tags: (field, param) => `EXISTS (SELECT 1 FROM json_array_elements_text(coalesce(c.data -> '${field}', '[]'::json)) AS t(v) WHERE lower(t.v) = lower(${param}))`,
    usage: 'asset_id',
  },
  prospect: {
    search: "coalesce(c.data ->> 'name', '') || ' ' || coalesce(c.data ->> 'email', '') || ' ' || coalesce(c.data ->> 'company', '')",
    tags: (field, param) => `lower(c.data ->> '${{ personas: 'persona', industries: 'industry', stages: 'stage' }[field]}') = lower(${param})`,
    usage: null,
  },
  touch: {
    search: "coalesce(c.data ->> 'title', '') || ' ' || coalesce(c.data ->> 'campaign', '')",
    // Touches carry no segment of their own.
    tags: () => 'FALSE',
    usage: null,
  },
};

interface ItemRow {
  kind: SyncKind;
  id: string;
  seq: unknown;
  changed_at: unknown;
  data: unknown;
  changed_by: string | null;
}

const ITEM_COLUMNS = `c.kind, c.id, c.seq, c.changed_at, c.data,
  (SELECT a.actor_name FROM audit_log a
   WHERE a.target_kind = c.kind AND a.target_id = c.id AND a.at = c.changed_at AND a.action IN ('item_created', 'item_updated')
   ORDER BY a.id DESC LIMIT 1) AS changed_by`;

function parseData(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function toItem(row: ItemRow, lastUsedAt: string | null): LibraryItem {
  return {
    kind: row.kind,
    id: row.id,
    seq: Number(row.seq),
    changedAt: toIso(row.changed_at),
    changedBy: row.changed_by,
    lastUsedAt,
    // The row passed the contract on its way in (import, connector or save).
    data: parseData(row.data),
  } as LibraryItem;
}

async function lastUsed(db: Queryable, kind: SyncKind, ids: string[]): Promise<Map<string, string | null>> {
  const column = KIND_SQL[kind].usage;
  const used = new Map<string, string | null>();
  if (!column || ids.length === 0) return used;
  const result = await db.query<{ id: string; at: unknown }>(
    `SELECT u.${column} AS id, max(u.at) AS at FROM usage_events u
     WHERE u.${column} = ANY(ARRAY(SELECT json_array_elements_text($1::json))) GROUP BY 1`,
    [toJsonParam(ids)],
  );
  for (const row of result.rows) used.set(row.id, toIso(row.at));
  return used;
}

async function withUsage(db: Queryable, kind: SyncKind, rows: ItemRow[]): Promise<LibraryItem[]> {
  const used = await lastUsed(
    db,
    kind,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toItem(row, used.get(row.id) ?? null));
}

/** Still valid now and its validity ends within `days` (a bare date is that whole day, lib/contract/validity.ts). */
function expiresWithin(data: { status: string; validFrom?: string; validUntil?: string }, nowMs: number, days: number): boolean {
  if (validityProblem(data, nowMs) !== undefined) return false;
  const left = daysUntil(data.validUntil, nowMs);
  return left !== undefined && left < days;
}

export async function listItems(db: Queryable, kind: SyncKind, query: ListQuery, nowMs = Date.now()): Promise<ItemListResponse> {
  const sql = KIND_SQL[kind];
  const params: unknown[] = [kind];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ["c.kind = $1", "c.op = 'upsert'"];
  if (query.cursor !== undefined) where.push(`c.seq < ${param(query.cursor)}::bigint`);
  if (query.status) where.push(`c.data ->> 'status' = ${param(query.status)}`);
  if (query.q) where.push(`position(lower(${param(query.q)}) in lower(c.id || ' ' || ${sql.search})) > 0`);
  if (query.persona) where.push(sql.tags('personas', param(query.persona)));
  if (query.industry) where.push(sql.tags('industries', param(query.industry)));
  if (query.stage) where.push(sql.tags('stages', param(query.stage)));
  if (query.unusedForDays !== undefined) {
    if (!sql.usage) return { items: [], cursor: null, hasMore: false };
    where.push(
      `c.id NOT IN (SELECT u.${sql.usage} FROM usage_events u WHERE u.${sql.usage} IS NOT NULL AND u.at >= ${param(new Date(nowMs - query.unusedForDays * DAY_MS).toISOString())}::timestamptz)`,
    );
  }
  // Validity dates are contract strings (anything Date.parse reads): "expiring" is judged in JS
  // with the one validity rule, on every candidate, before the page is cut.
  const expiring = query.expiringWithinDays;
  const limit = expiring === undefined ? `LIMIT ${param(query.limit + 1)}` : '';
  if (expiring !== undefined) where.push("c.data ->> 'status' = 'approved'", "c.data ->> 'validUntil' IS NOT NULL");
  const result = await db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM changes c WHERE ${where.join(' AND ')} ORDER BY c.seq DESC ${limit}`, params);
  let rows = result.rows;
  if (expiring !== undefined) {
    rows = rows.filter((row) => expiresWithin(parseData(row.data) as { status: string; validFrom?: string; validUntil?: string }, nowMs, expiring));
  }
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  return { items: await withUsage(db, kind, page), cursor: hasMore ? Number(page[page.length - 1]!.seq) : null, hasMore };
}

export async function getItem(db: Queryable, kind: SyncKind, id: string): Promise<LibraryItem | null> {
  const result = await db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM changes c WHERE c.kind = $1 AND c.id = $2 AND c.op = 'upsert'`, [kind, id]);
  const row = result.rows[0];
  return row ? (await withUsage(db, kind, [row]))[0]! : null;
}

export class ItemSaveError extends Error {
  constructor(
    readonly status: 400 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Key order never makes two equal rows differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  keys.delete('version');
  return [...keys].filter((key) => canonical(before?.[key]) !== canonical(after[key])).sort();
}

/**
 * Saves one row. `body` is the row as the editor has it; its `version` (messages, assets) names the
 * version it was edited from. Answers the stored item and whether anything changed.
 */
export async function saveItem(db: HubDb, actor: Pick<HubUser, 'id' | 'name'>, kind: SyncKind, id: string, body: unknown): Promise<{ item: LibraryItem; changed: boolean }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ItemSaveError(400, 'invalid_request', `The body must be one ${kind} as a JSON object.`);
  const given = body as Record<string, unknown>;
  if (given.id !== undefined && given.id !== id) throw new ItemSaveError(400, 'invalid_request', 'id: must match the id in the path.');
  const parsed = rowSchemas[COLLECTION_OF[kind]].safeParse({ ...given, id });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ItemSaveError(400, 'invalid_request', issue ? `${issue.path.join('.') || kind}: ${issue.message}` : 'Not a valid row.');
  }
  const row = parsed.data as Record<string, unknown> & { id: string };
  const versioned = kind === 'message' || kind === 'asset';
  const saved = await db.transaction(async (tx) => {
    // The writers' lock first (upsertRows takes it again, harmlessly): no other save can slip a
    // version in between the read below and the write.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
    const current = await tx.query<{ data: unknown; changed_at: unknown; changed_by: string | null }>(
      `SELECT c.data, c.changed_at,
         (SELECT a.actor_name FROM audit_log a WHERE a.target_kind = c.kind AND a.target_id = c.id AND a.at = c.changed_at ORDER BY a.id DESC LIMIT 1) AS changed_by
       FROM changes c WHERE c.kind = $1 AND c.id = $2 AND c.op = 'upsert'`,
      [kind, id],
    );
    const stored = current.rows[0] ? (parseData(current.rows[0].data) as Record<string, unknown>) : undefined;
    const storedVersion = typeof stored?.version === 'number' ? stored.version : 0;
    const fields = changedFields(stored, row);
    if (stored && fields.length === 0) return false;
    if (versioned && stored && typeof given.version === 'number' && given.version !== storedVersion) {
      const by = current.rows[0]!.changed_by;
      const at = toIso(current.rows[0]!.changed_at);
      throw new ItemSaveError(
        409,
        'version_conflict',
        `Version ${storedVersion} was saved${by ? ` by ${by}` : ''}${at ? ` at ${at}` : ''} after you opened version ${given.version}. Reload it, then make your change again.`,
      );
    }
    if (versioned) row.version = storedVersion + 1;
    await upsertRows(tx, kind, [row]);
    const statusChanged = fields.includes('status');
    await writeAudit(tx, {
      actor,
      action: stored ? 'item_updated' : 'item_created',
      targetKind: kind,
      targetId: id,
      version: versioned ? (row.version as number) : null,
      fields: stored ? fields : [],
      note: statusChanged || !stored ? (typeof row.status === 'string' ? row.status : null) : null,
      data: row,
    });
    return true;
  });
  const item = await getItem(db, kind, id);
  if (!item) throw new Error(`saved ${kind} ${id} is missing`);
  return { item, changed: saved };
}

/** Content marketing should look at now: what expires soon, what nobody uses, what reps asked for. */
export async function needsAttention(db: Queryable, nowMs = Date.now()): Promise<AttentionResponse> {
  const expiring: ContentItem[] = [];
  const unused: ContentItem[] = [];
  const since = new Date(nowMs - ATTENTION_UNUSED_DAYS * DAY_MS).toISOString();
  for (const kind of ['message', 'asset'] as const) {
    const soon = await listItems(db, kind, { expiringWithinDays: ATTENTION_EXPIRING_DAYS, limit: 10_000 } as ListQuery, nowMs);
    expiring.push(...(soon.items as ContentItem[]));
    const idle = await listItems(db, kind, { status: 'approved', unusedForDays: ATTENTION_UNUSED_DAYS, limit: 10_000 } as ListQuery, nowMs);
    unused.push(...(idle.items as ContentItem[]).filter((item) => validityProblem(item.data, nowMs) === undefined));
  }
  expiring.sort((a, b) => (daysUntil(a.data.validUntil, nowMs) ?? 0) - (daysUntil(b.data.validUntil, nowMs) ?? 0) || a.id.localeCompare(b.id));
  // The cheapest grouping: only its content requests are read.
  const report = await usageReport(db, { from: since, groupBy: 'surface' });
  return { at: new Date(nowMs).toISOString(), expiring, unused, requests: report.contentRequests };
}
