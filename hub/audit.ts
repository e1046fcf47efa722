/**
 * The audit log: who changed what and when (content saves with the saved row, imports, users,
 * connectors). Written in the same transaction as the change it records, so neither exists
 * without the other. Read by the console's change log and each item's history.
 */
import type { AuditAction, AuditEntry } from '../lib/contract';
import { toIso, type Queryable } from './db';
import { toJsonParam, type HubUser } from './store';

export interface AuditWrite {
  /** Null: the command line (no signed-in user). */
  actor: Pick<HubUser, 'id' | 'name'> | null;
  action: AuditAction;
  targetKind: string;
  targetId: string;
  version?: number | null;
  fields?: string[];
  note?: string | null;
  /** Content saves: the row as saved, so every version's text stays readable. */
  data?: unknown;
}

export async function writeAudit(tx: Queryable, entry: AuditWrite): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_id, actor_name, action, target_kind, target_id, version, fields, note, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::json)`,
    [
      entry.actor?.id ?? null,
      entry.actor?.name ?? null,
      entry.action,
      entry.targetKind,
      entry.targetId,
      entry.version ?? null,
      toJsonParam(entry.fields ?? []),
      entry.note?.slice(0, 300) ?? null,
      entry.data === undefined ? null : toJsonParam(entry.data),
    ],
  );
}

interface AuditRow {
  id: unknown;
  at: unknown;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string;
  target_id: string;
  version: number | null;
  fields: unknown;
  note: string | null;
}

const COLUMNS = 'id, at, actor_id, actor_name, action, target_kind, target_id, version, fields, note';

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: toIso(row.at) ?? '',
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? row.actor_id } : null,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    version: row.version === null ? null : Number(row.version),
    fields: Array.isArray(row.fields) ? row.fields.map(String) : [],
    note: row.note,
  };
}

/** Which target kinds each filter of the change log shows. */
const KINDS_OF = {
  content: ['message', 'asset', 'prospect', 'touch', 'import'],
  // Sign-in failures (sso), SCIM's groups and token sit with the users they concern.
  users: ['user', 'sso', 'group', 'scim'],
  connectors: ['connector'],
} as const;

export async function readAudit(
  db: Queryable,
  query: { kind: 'content' | 'users' | 'connectors' | 'all'; cursor?: number; limit: number },
  allowedKinds: readonly string[],
): Promise<{ entries: AuditEntry[]; cursor: number | null; hasMore: boolean }> {
  const kinds = (query.kind === 'all' ? Object.values(KINDS_OF).flat() : [...KINDS_OF[query.kind]]).filter((kind) => allowedKinds.includes(kind));
  const result = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log
     WHERE target_kind = ANY(ARRAY(SELECT json_array_elements_text($1::json))) AND ($2::bigint IS NULL OR id < $2::bigint)
     ORDER BY id DESC LIMIT $3`,
    [toJsonParam(kinds), query.cursor ?? null, query.limit + 1],
  );
  const rows = result.rows.slice(0, query.limit).map(toEntry);
  const hasMore = result.rows.length > query.limit;
  return { entries: rows, cursor: hasMore ? rows[rows.length - 1]!.id : null, hasMore };
}

/** Every recorded change of one item, newest first. */
export async function itemHistory(db: Queryable, kind: string, id: string, limit = 200): Promise<AuditEntry[]> {
  const result = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log WHERE target_kind = $1 AND target_id = $2 ORDER BY id DESC LIMIT $3`,
    [kind, id, limit],
  );
  return result.rows.map(toEntry);
}
