/**
 * Schema migrations, applied in order and recorded in hub_migrations. Each migration is a list
 * of single statements (PGlite's extended protocol runs one statement per query) and is applied
 * in its own transaction. Never edit a shipped migration: append a new one.
 */
import type { HubDb } from './db';

export interface Migration {
  id: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'users, changes, usage_events, hub_meta',
    statements: [
      `CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('rep', 'marketing', 'admin')),
        -- sha-256 (hex) of the bearer token; the token itself is shown once and never stored.
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      // One row per entity holding its latest change: sync is a range scan on seq and a client
      // that was offline for months downloads each entity once, not its whole history.
      `CREATE TABLE changes (
        kind text NOT NULL CHECK (kind IN ('prospect', 'touch', 'message', 'asset')),
        id text NOT NULL,
        seq bigserial NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert', 'delete')),
        -- json, not jsonb: kept as the text the import wrote, so sync pastes it into the response
        -- without re-serializing (about 30 % more changes/s on PGlite).
        data json,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, id)
      )`,
      `CREATE UNIQUE INDEX changes_seq_idx ON changes (seq)`,
      // No foreign key on rep_id: it always comes from an authenticated user (users are never
      // deleted) and the per-row check halved batched ingest on PGlite. Indexes: only what the
      // report's period scans need, for the same reason.
      `CREATE TABLE usage_events (
        id uuid PRIMARY KEY,
        rep_id text NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        surface text NOT NULL,
        prospect_id text,
        message_id text,
        message_version integer,
        asset_id text,
        rank integer,
        reasons jsonb,
        request text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX usage_events_at_idx ON usage_events (at)`,
      `CREATE TABLE hub_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      )`,
    ],
  },
  {
    id: 2,
    name: 'prospect lookup keys for CSV imports',
    statements: [
      // A vendor CSV (HubSpot, Marketo, Salesforce) names people by CRM id or email; its rows must
      // land on the prospects already on the hub, as they do in the extension (lib/match/keys.ts
      // spells the same keys there). The email key is plus-stripped, so a lookup finds a superset
      // of the extension's matches; hub/import-csv.ts applies the exact rule to the candidates.
      // IMMUTABLE: it reads only its arguments, so it can back an index (and is inlined).
      `CREATE FUNCTION cuecard_prospect_key(data json, part text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE part
          WHEN 'email' THEN regexp_replace(lower(btrim(data ->> 'email')), '^([^@+]+)\\+[^@]*@', '\\1@')
          WHEN 'salesforce' THEN left(btrim(data -> 'crmIds' ->> 'salesforce'), 15)
          WHEN 'dynamics' THEN lower(translate(btrim(data -> 'crmIds' ->> 'dynamics'), '{}', ''))
          ELSE btrim(data -> 'crmIds' ->> part)
        END
      $$`,
      // B-trees, one per key: a GIN index over all keys took 1.1 s per 2,000-lookup chunk on
      // PGlite, these about 10 ms.
      ...['email', 'salesforce', 'hubspot', 'pipedrive', 'dynamics'].map(
        (part) => `CREATE INDEX changes_prospect_${part}_idx ON changes (cuecard_prospect_key(data, '${part}')) WHERE kind = 'prospect'`,
      ),
    ],
  },
  {
    id: 3,
    name: 'users.email (a rep’s own address, which finds their leads by prospect owner); marketing-platform lead ids and touches by prospect',
    statements: [
      `ALTER TABLE users ADD COLUMN email text`,
      // One user per address, compared as the contract compares emails (trimmed, case-insensitive).
      `CREATE UNIQUE INDEX users_email_idx ON users (lower(btrim(email))) WHERE email IS NOT NULL`,
      // Marketo and Mautic name people by lead id (crmIds.marketo / .mautic): the same per-key
      // B-trees as migration 2, for CSV imports and connectors matching on them.
      ...['marketo', 'mautic'].map(
        (part) => `CREATE INDEX changes_prospect_${part}_idx ON changes (cuecard_prospect_key(data, '${part}')) WHERE kind = 'prospect'`,
      ),
      // Touches filed under a lead id before the lead was known move to the prospect that turns out to
      // carry it (store.ts adoptTouches): found through this index, not a scan of every touch.
      `CREATE INDEX changes_touch_prospect_idx ON changes ((data ->> 'prospectId')) WHERE kind = 'touch'`,
    ],
  },
  {
    id: 5,
    name: 'usage_events.retained and .scheduled: what reps actually sent, and how much of the approved text they kept',
    statements: [
      // message_sent / asset_sent only (NULL for every other event): the share 0..1 of the inserted words
      // still in the email at send time, measured in the rep's browser.
      `ALTER TABLE usage_events ADD COLUMN retained double precision CHECK (retained >= 0 AND retained <= 1)`,
      `ALTER TABLE usage_events ADD COLUMN scheduled boolean`,
    ],
  },
  // Id 4 (connectors) lands beside these; each migration is applied by its own id, whatever order they arrive in.
  {
    id: 6,
    name: 'usage_events.reason: the code of a lead_feedback event',
    statements: [`ALTER TABLE usage_events ADD COLUMN reason text`],
  },
  {
    id: 7,
    name: 'console: token revocation and expiry, console sessions, the audit log with content versions',
    statements: [
      // Users are never deleted (usage_events name them): revoking keeps the row and its token
      // hash, so the revoked token is told "revoked" rather than "unknown".
      `ALTER TABLE users ADD COLUMN revoked_at timestamptz`,
      `ALTER TABLE users ADD COLUMN token_expires_at timestamptz`,
      `ALTER TABLE users ADD COLUMN token_issued_at timestamptz`,
      `UPDATE users SET token_issued_at = created_at`,
      `ALTER TABLE users ALTER COLUMN token_issued_at SET DEFAULT now()`,
      `ALTER TABLE users ALTER COLUMN token_issued_at SET NOT NULL`,
      // The console's sign-in: the cookie holds a random id, the table only its sha-256.
      `CREATE TABLE console_sessions (
        id_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX console_sessions_user_idx ON console_sessions (user_id)`,
      // Who changed what and when: content saves (with the saved row, so every version's text is
      // kept), imports, user and connector changes. actor_name is copied so a renamed user's past
      // entries still read as they did; NULL actor = the command line.
      `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text,
        actor_name text,
        action text NOT NULL,
        target_kind text NOT NULL,
        target_id text NOT NULL,
        version integer,
        fields jsonb NOT NULL DEFAULT '[]'::jsonb,
        note text,
        data json
      )`,
      `CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id, id)`,
    ],
  },
  {
    id: 4,
    name: 'connectors: vendor credentials (encrypted), per-stream cursors, people seen, runs, run leases',
    statements: [
      // Everything a run needs to resume lives here, never in a process: cursors, next run, pauses
      // and the lease that keeps one run per connector across hub instances (hub/connectors/runtime.ts).
      `CREATE TABLE connectors (
        id text PRIMARY KEY,
        name text NOT NULL,
        vendor text NOT NULL CHECK (vendor IN ('hubspot', 'salesforce', 'marketo', 'mautic')),
        -- Non-secret settings: URLs, auth kind, quota share, daily quota, backfill horizon.
        config jsonb NOT NULL,
        -- AES-256-GCM envelope of the credentials (hub/connectors/secrets.ts); never leaves the hub.
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        state text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running', 'paused', 'error')),
        status_text text NOT NULL DEFAULT 'Not run yet.',
        paused_until timestamptz,
        next_run_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        -- The stream a run stopped in when it spent its quota share: the next run starts there, so
        -- a small share still moves every stream forward.
        resume_stream text,
        last_run jsonb,
        totals jsonb NOT NULL DEFAULT '{"people": 0, "touches": 0, "deleted": 0}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX connectors_name_idx ON connectors (lower(name))`,
      `CREATE TABLE connector_streams (
        connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        stream text NOT NULL,
        -- Written in the same transaction as the stream's rows: a killed run resumes from here.
        cursor jsonb,
        phase text NOT NULL DEFAULT 'backfill' CHECK (phase IN ('backfill', 'incremental')),
        rows_done bigint NOT NULL DEFAULT 0,
        rows_estimate bigint,
        status_text text NOT NULL DEFAULT 'Not started.',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector_id, stream)
      )`,
      // Vendor person id → the prospect it became: activities name people by vendor id (Marketo
      // leadId, Salesforce ContactId/LeadId, Mautic contactId) and deletes must find the prospect.
      `CREATE TABLE connector_people (
        connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        vendor_id text NOT NULL,
        prospect_id text NOT NULL,
        email text,
        -- The id-reconciliation scan that last saw this person (Mautic has no deletes feed).
        seen_scan bigint NOT NULL DEFAULT 0,
        -- Deleted at the vendor: their old activity, read again, must not bring them back.
        deleted boolean NOT NULL DEFAULT false,
        PRIMARY KEY (connector_id, vendor_id)
      )`,
      `CREATE INDEX connector_people_email_idx ON connector_people (connector_id, email)`,
      // Vendor records touches are labelled from (Salesforce campaigns, Marketo activity types, HubSpot email campaigns).
      `CREATE TABLE connector_lookups (
        connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        kind text NOT NULL,
        vendor_id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (connector_id, kind, vendor_id)
      )`,
      `CREATE TABLE connector_runs (
        id bigserial PRIMARY KEY,
        connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        trigger text NOT NULL,
        owner text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        people integer NOT NULL DEFAULT 0,
        touches integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        api_calls integer NOT NULL DEFAULT 0,
        error text
      )`,
      `CREATE INDEX connector_runs_connector_idx ON connector_runs (connector_id, id)`,
    ],
  },
  {
    id: 8,
    name: 'single sign-on: users linked to the identity provider, sign-ins in progress, the hub’s access and refresh tokens, SCIM groups',
    statements: [
      // Set by the identity provider (SCIM active:false): every token and session of the user is
      // refused from the next request on. Unlike revoked_at it can be undone (active:true).
      `ALTER TABLE users ADD COLUMN disabled_at timestamptz`,
      // Who the user is at the provider: `iss` and `sub` of their ID token, the only stable pair
      // (OpenID Connect Core §5.7: email and names may change or be reassigned).
      `ALTER TABLE users ADD COLUMN oidc_issuer text`,
      `ALTER TABLE users ADD COLUMN oidc_subject text`,
      `CREATE UNIQUE INDEX users_oidc_idx ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
      // SCIM's userName and externalId as the provider sent them; one live user per userName.
      `ALTER TABLE users ADD COLUMN scim_user_name text`,
      `ALTER TABLE users ADD COLUMN scim_external_id text`,
      // The name parts SCIM sends (givenName, familyName, formatted, displayName): a PATCH may change one part.
      `ALTER TABLE users ADD COLUMN scim_name jsonb`,
      `CREATE UNIQUE INDEX users_scim_user_name_idx ON users (lower(scim_user_name)) WHERE scim_user_name IS NOT NULL AND revoked_at IS NULL`,
      // A sign-in between "go to the provider" and "back with a code": single use, ten minutes.
      // state and binding are stored as sha-256; the PKCE verifier is cleared once used.
      `CREATE TABLE sso_logins (
        state_hash text PRIMARY KEY,
        client text NOT NULL CHECK (client IN ('extension', 'console')),
        redirect_uri text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        binding_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE INDEX sso_logins_expires_idx ON sso_logins (expires_at)`,
      // The hub's own tokens for a signed-in extension, stored as sha-256. A family is one sign-in:
      // each refresh marks its token used and adds the next pair; a used refresh token presented
      // again revokes the whole family (OAuth 2.0 Security BCP, refresh token rotation).
      `CREATE TABLE sso_tokens (
        id_hash text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
        family_id text NOT NULL,
        user_id text NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text
      )`,
      `CREATE INDEX sso_tokens_family_idx ON sso_tokens (family_id)`,
      `CREATE INDEX sso_tokens_user_idx ON sso_tokens (user_id)`,
      `CREATE INDEX sso_tokens_expires_idx ON sso_tokens (expires_at)`,
      // Groups the provider pushes over SCIM; membership in the configured marketing/admin groups sets the role.
      `CREATE TABLE scim_groups (
        id text PRIMARY KEY,
        display_name text NOT NULL,
        external_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX scim_groups_name_idx ON scim_groups (lower(display_name))`,
      `CREATE TABLE scim_group_members (
        group_id text NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
        user_id text NOT NULL REFERENCES users (id),
        PRIMARY KEY (group_id, user_id)
      )`,
      `CREATE INDEX scim_group_members_user_idx ON scim_group_members (user_id)`,
    ],
  },
  {
    id: 9,
    name: 'sync scope per user (issue 17): the prospect of each change, scope settings and members, people opened, shared rate limits',
    statements: [
      // The prospect a change belongs to (a prospect: itself; a touch: its prospectId), kept on its
      // tombstone so a deleted touch still reaches only the users who hold its prospect. NULL for
      // messages, assets and tombstones of touches the hub never had: those go to everyone.
      `ALTER TABLE changes ADD COLUMN prospect_id text`,
      `UPDATE changes SET prospect_id = CASE kind WHEN 'prospect' THEN id ELSE data ->> 'prospectId' END WHERE kind IN ('prospect', 'touch')`,
      // A prospect's rows in seq order: a user's feed reads its prospects' rows through this, never
      // the whole log (hub/feed.ts). INCLUDE op: an entering prospect's rows are picked from the index.
      `CREATE INDEX changes_prospect_seq_idx ON changes (prospect_id, seq) INCLUDE (op) WHERE prospect_id IS NOT NULL`,
      // The log in seq order with each row's prospect, read without the rows (index-only), and the
      // rows every user receives in seq order.
      `CREATE INDEX changes_scoped_seq_idx ON changes (seq) INCLUDE (prospect_id) WHERE prospect_id IS NOT NULL`,
      `CREATE INDEX changes_unscoped_seq_idx ON changes (seq) WHERE prospect_id IS NULL`,
      // Addresses and labels compared as the contract compares emails: trimmed, case-insensitive.
      `CREATE FUNCTION cuecard_text_key(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT nullif(lower(btrim(value)), '')
      $$`,
      ...['owner', 'accountOwner', 'region'].map(
        (field) => `CREATE INDEX changes_prospect_${field.toLowerCase()}_idx ON changes (cuecard_text_key(data ->> '${field}')) WHERE kind = 'prospect'`,
      ),
      // What an admin set per user; NULL = the default. applied_mode: the mode the user's scope rows
      // were last computed for (NULL: never). holds_all: the user existed before scopes, so their
      // browsers may hold the whole workspace (a territory then sends a leave for the rest).
      `CREATE TABLE user_scopes (
        user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        mode text CHECK (mode IN ('territory', 'workspace')),
        team text,
        teams text[] NOT NULL DEFAULT '{}',
        regions text[] NOT NULL DEFAULT '{}',
        owners text[] NOT NULL DEFAULT '{}',
        touch_horizon_days integer CHECK (touch_horizon_days > 0),
        opened_days integer CHECK (opened_days >= 0),
        holds_all boolean NOT NULL DEFAULT false,
        applied_mode text CHECK (applied_mode IN ('territory', 'workspace')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX user_scopes_team_idx ON user_scopes (cuecard_text_key(team)) WHERE team IS NOT NULL`,
      `INSERT INTO user_scopes (user_id, holds_all) SELECT id, true FROM users`,
      // One row per (user, prospect) that is or was in the user's scope: like the change log, the
      // latest state only. seq comes from the change log's sequence: entering or leaving is a
      // position in the user's feed (hub/feed.ts says how a feed is read from it).
      // No foreign keys here: each would lock the user's row on every insert (a workspace of scope rows
      // for one user at a time), and revocation deletes them (hub/scope.ts dropScope).
      `CREATE TABLE scope_members (
        user_id text NOT NULL,
        prospect_id text NOT NULL,
        seq bigint NOT NULL,
        in_scope boolean NOT NULL,
        PRIMARY KEY (user_id, prospect_id)
      )`,
      `CREATE INDEX scope_members_feed_idx ON scope_members (user_id, seq) INCLUDE (prospect_id, in_scope)`,
      `CREATE INDEX scope_members_prospect_idx ON scope_members (prospect_id)`,
      // People a user opened (a lookup, or the sidebar showing them): in their scope for a while.
      // applied: their scope has taken the open into account.
      `CREATE TABLE scope_opened (
        user_id text NOT NULL,
        prospect_id text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        applied boolean NOT NULL DEFAULT false,
        PRIMARY KEY (user_id, prospect_id)
      )`,
      `CREATE INDEX scope_opened_prospect_idx ON scope_opened (prospect_id)`,
      // Token buckets shared by every hub process on one Postgres server (hub/rate-limit.ts).
      // Unlogged: after a crash every bucket starts full, which is what a restarted limiter does anyway.
      `CREATE UNLOGGED TABLE rate_buckets (
        key text PRIMARY KEY,
        tokens double precision NOT NULL,
        at timestamptz NOT NULL,
        allowed boolean NOT NULL
      )`,
    ],
  },
];

/** Serializes concurrent hubs starting against one Postgres server; a no-op cost on PGlite. */
const MIGRATION_LOCK = 72_310_001;

export async function migrate(db: HubDb, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS hub_migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM hub_migrations WHERE id = $1', [migration.id]);
      if (done.rows.length > 0) return;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO hub_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    });
  }
  return applied;
}
