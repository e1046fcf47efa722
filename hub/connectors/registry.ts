/**
 * Connector rows: create, change, remove, read as the view the routes and `connector list` show.
 *
 * Invariants
 * - Credentials are sealed (secrets.ts) before they reach SQL and opened only by loadConnector,
 *   for a run or a credentials test. ConnectorView has no field that could carry one.
 * - Removing a connector removes its cursors, people map and run history; the prospects and
 *   touches it wrote stay (they are workspace data, deleted like any other).
 */
import { randomUUID } from 'node:crypto';
import {
  authKindOf,
  connectorView,
  type ConnectorAuthKind,
  type ConnectorCreate,
  type ConnectorCredentials,
  type ConnectorPatch,
  type ConnectorVendor,
  type ConnectorView,
} from '../../lib/contract';
import { toIso, type Queryable } from '../db';
import { toJsonParam } from '../store';
import type { SecretBox } from '../secret-box';

/** The vendors' public API hosts (research/connectors.md). Marketo and Mautic have none: each instance has its own. */
export const DEFAULT_BASE_URLS: Partial<Record<ConnectorVendor, string>> = {
  hubspot: 'https://api.hubapi.com',
  salesforce: 'https://login.salesforce.com',
};
export const DEFAULT_QUOTA_SHARE = 0.25;
export const DEFAULT_BACKFILL_DAYS = 365;
/**
 * Daily API quotas assumed when the vendor does not say it in its answers: HubSpot Free/Starter
 * private apps 250,000 (HS-LIM; Pro 650,000, Enterprise 1,000,000), Marketo 50,000 (MK rest-api).
 * Salesforce states its own in every answer (Sforce-Limit-Info); Mautic has none by default.
 */
export const DEFAULT_DAILY_QUOTAS: Record<ConnectorVendor, number | null> = { hubspot: 250_000, salesforce: null, marketo: 50_000, mautic: null };

export interface ConnectorConfig {
  baseUrl: string;
  loginUrl?: string;
  auth: ConnectorAuthKind;
  quotaShare: number;
  dailyQuota: number | null;
  backfillDays: number;
}

export interface ConnectorRecord {
  id: string;
  name: string;
  vendor: ConnectorVendor;
  config: ConnectorConfig;
  credentials: ConnectorCredentials;
}

export class ConnectorNotFound extends Error {}
export class ConnectorNameTaken extends Error {}

interface ConnectorRow {
  id: string;
  name: string;
  vendor: ConnectorVendor;
  config: ConnectorConfig;
  secret: string;
  enabled: boolean;
  state: 'idle' | 'running' | 'paused' | 'error';
  status_text: string;
  paused_until: unknown;
  next_run_at: unknown;
  lease_owner: string | null;
  lease_until: unknown;
  last_run: ConnectorView['lastRun'];
  totals: ConnectorView['counts'];
  created_at: unknown;
}

interface StreamRow {
  connector_id: string;
  stream: string;
  phase: 'backfill' | 'incremental';
  rows_done: unknown;
  rows_estimate: unknown;
  status_text: string;
  updated_at: unknown;
}

/** Every secret value of a credentials object, for redaction (basic auth also as user:password). */
export function secretValues(credentials: ConnectorCredentials): string[] {
  const values = [credentials.token, credentials.clientSecret, credentials.refreshToken, credentials.password, credentials.clientId];
  if (credentials.username && credentials.password) values.push(`${credentials.username}:${credentials.password}`);
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function configFor(vendor: ConnectorVendor, input: Pick<ConnectorCreate, 'baseUrl' | 'loginUrl' | 'quotaShare' | 'dailyQuota' | 'backfillDays'>, auth: ConnectorAuthKind): ConnectorConfig {
  const baseUrl = input.baseUrl ?? DEFAULT_BASE_URLS[vendor];
  if (!baseUrl) throw new Error(`${vendor} needs a base URL`);
  return {
    baseUrl: vendor === 'salesforce' ? (input.loginUrl ?? input.baseUrl ?? DEFAULT_BASE_URLS.salesforce!) : baseUrl,
    ...(vendor === 'salesforce' ? { loginUrl: input.loginUrl ?? input.baseUrl ?? DEFAULT_BASE_URLS.salesforce } : {}),
    auth,
    quotaShare: input.quotaShare ?? DEFAULT_QUOTA_SHARE,
    dailyQuota: input.dailyQuota ?? DEFAULT_DAILY_QUOTAS[vendor],
    backfillDays: input.backfillDays ?? DEFAULT_BACKFILL_DAYS,
  };
}

function authOrThrow(vendor: ConnectorVendor, credentials: ConnectorCredentials): ConnectorAuthKind {
  const kind = authKindOf(vendor, credentials);
  if (kind === 'private-app-token' || kind === 'oauth-refresh-token' || kind === 'client-credentials' || kind === 'basic') return kind;
  throw new Error(kind);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export async function createConnector(db: Queryable, secrets: SecretBox, input: ConnectorCreate): Promise<ConnectorView> {
  const id = `c_${randomUUID()}`;
  const auth = authOrThrow(input.vendor, input.credentials);
  const config = configFor(input.vendor, input, auth);
  try {
    await db.query(`INSERT INTO connectors (id, name, vendor, config, secret) VALUES ($1, $2, $3, $4::jsonb, $5)`, [
      id,
      input.name,
      input.vendor,
      toJsonParam(config),
      secrets.seal(JSON.stringify(input.credentials), id),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConnectorNameTaken(`A connector named "${input.name}" exists already.`);
    throw error;
  }
  return (await getConnectorView(db, id))!;
}

export async function patchConnector(db: Queryable, secrets: SecretBox, id: string, patch: ConnectorPatch): Promise<ConnectorView> {
  const row = await connectorRow(db, id);
  if (!row) throw new ConnectorNotFound(`No connector ${id}.`);
  let auth = row.config.auth;
  let secret = row.secret;
  if (patch.credentials) {
    auth = authOrThrow(row.vendor, patch.credentials);
    secret = secrets.seal(JSON.stringify(patch.credentials), id);
  }
  const config: ConnectorConfig = {
    ...row.config,
    auth,
    ...(patch.baseUrl ? { baseUrl: patch.baseUrl } : {}),
    ...(patch.loginUrl ? { loginUrl: patch.loginUrl, baseUrl: patch.loginUrl } : {}),
    ...(patch.quotaShare !== undefined ? { quotaShare: patch.quotaShare } : {}),
    ...(patch.dailyQuota !== undefined ? { dailyQuota: patch.dailyQuota } : {}),
    ...(patch.backfillDays !== undefined ? { backfillDays: patch.backfillDays } : {}),
  };
  try {
    await db.query(
      `UPDATE connectors SET name = $2, config = $3::jsonb, secret = $4, enabled = $5, updated_at = now(),
         -- New credentials end an error or a pause they may have caused; the next tick runs.
         state = CASE WHEN $6 AND state IN ('error', 'paused') THEN 'idle' ELSE state END,
         paused_until = CASE WHEN $6 THEN NULL ELSE paused_until END,
         status_text = CASE WHEN $6 AND state IN ('error', 'paused') THEN 'New credentials saved; the next run uses them.' ELSE status_text END
       WHERE id = $1`,
      [id, patch.name ?? row.name, toJsonParam(config), secret, patch.enabled ?? row.enabled, patch.credentials !== undefined],
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConnectorNameTaken(`A connector named "${patch.name}" exists already.`);
    throw error;
  }
  return (await getConnectorView(db, id))!;
}

export async function removeConnector(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM connectors WHERE id = $1', [id]);
  return result.affected > 0;
}

async function connectorRow(db: Queryable, id: string): Promise<ConnectorRow | undefined> {
  return (await db.query<ConnectorRow>('SELECT * FROM connectors WHERE id = $1', [id])).rows[0];
}

export async function findConnectorId(db: Queryable, nameOrId: string): Promise<string | undefined> {
  const result = await db.query<{ id: string }>('SELECT id FROM connectors WHERE id = $1 OR lower(name) = lower($1) ORDER BY (id = $1) DESC LIMIT 1', [nameOrId]);
  return result.rows[0]?.id;
}

/** The credentials opened, for a run or a credentials test only. */
export async function loadConnector(db: Queryable, secrets: SecretBox, id: string): Promise<ConnectorRecord> {
  const row = await connectorRow(db, id);
  if (!row) throw new ConnectorNotFound(`No connector ${id}.`);
  return { id: row.id, name: row.name, vendor: row.vendor, config: row.config, credentials: JSON.parse(secrets.open(row.secret, row.id)) as ConnectorCredentials };
}

/** Seals new credentials (a rotated refresh token) in place, outside any run transaction: losing it would lock the hub out. */
export async function saveCredentials(db: Queryable, secrets: SecretBox, id: string, credentials: ConnectorCredentials): Promise<void> {
  await db.query('UPDATE connectors SET secret = $2, updated_at = now() WHERE id = $1', [id, secrets.seal(JSON.stringify(credentials), id)]);
}

function view(row: ConnectorRow, streams: StreamRow[]): ConnectorView {
  const pausedUntil = toIso(row.paused_until);
  const paused = pausedUntil !== null && Date.parse(pausedUntil) > Date.now();
  const running = row.lease_owner !== null && (toIso(row.lease_until) ?? '') > new Date().toISOString();
  const state = !row.enabled ? 'disabled' : running ? 'running' : paused ? 'paused' : row.state === 'running' || row.state === 'paused' ? 'idle' : row.state;
  return connectorView.parse({
    id: row.id,
    name: row.name,
    vendor: row.vendor,
    auth: row.config.auth,
    baseUrl: row.config.baseUrl,
    loginUrl: row.config.loginUrl ?? null,
    enabled: row.enabled,
    state,
    // "Pause" in the console and PATCH { enabled: false }: the schedule skips it until resumed.
    status: !row.enabled ? `Paused by an admin: no scheduled runs until it is resumed. ${row.status_text}` : row.status_text,
    pausedUntil: paused ? pausedUntil : null,
    nextRunAt: row.enabled ? toIso(row.next_run_at) : null,
    lastRun: row.last_run ?? null,
    counts: row.totals,
    streams: streams.map((stream) => ({
      name: stream.stream,
      phase: stream.phase,
      rowsDone: Number(stream.rows_done),
      rowsEstimate: stream.rows_estimate === null ? null : Number(stream.rows_estimate),
      status: stream.status_text,
      updatedAt: toIso(stream.updated_at),
    })),
    quotaShare: row.config.quotaShare,
    dailyQuota: row.config.dailyQuota,
    backfillDays: row.config.backfillDays,
    createdAt: toIso(row.created_at) ?? new Date(0).toISOString(),
  });
}

export async function listConnectorViews(db: Queryable): Promise<ConnectorView[]> {
  const rows = (await db.query<ConnectorRow>('SELECT * FROM connectors ORDER BY lower(name)')).rows;
  const streams = (await db.query<StreamRow>('SELECT * FROM connector_streams ORDER BY connector_id, stream')).rows;
  return rows.map((row) => view(row, streams.filter((stream) => stream.connector_id === row.id)));
}

export async function getConnectorView(db: Queryable, id: string): Promise<ConnectorView | undefined> {
  const row = await connectorRow(db, id);
  if (!row) return undefined;
  const streams = (await db.query<StreamRow>('SELECT * FROM connector_streams WHERE connector_id = $1 ORDER BY stream', [id])).rows;
  return view(row, streams);
}
