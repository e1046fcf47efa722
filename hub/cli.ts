/**
 * `npm run hub -- …` (DESIGN.md, "Commands"):
 *
 *   npm run hub -- [--port 8787] [--data ./hub-data]             serve on 127.0.0.1
 *   npm run hub -- user add --name X --role rep|marketing|admin [--email E]  print a new token (only line on stdout)
 *   npm run hub -- import FILE                                   import a cuecard/v1 bundle, print the report
 *   npm run hub -- import FILE.csv [--preset ID] [--date-order us|eu]
 *       import a CSV export (HubSpot, Marketo, Salesforce, Cuecard columns), print the report
 *   npm run hub -- sso set --issuer URL --client-id ID --client-secret S [--allowed-group G] [--marketing-group G] [--admin-group G]
 *       [--scopes "openid email profile"] [--access-minutes 60] [--refresh-days 30]
 *       sign in with the company's identity provider (OpenID Connect); each group option may repeat
 *   npm run hub -- sso show | sso clear
 *   npm run hub -- scim token                                     print a new SCIM token (only line on stdout); the old one stops working
 *   npm run hub -- demo [--port N] [--data DIR] [--prospects N] [--touches M] [--seed S]
 *       seed a demo workspace and one user per role, print ONE JSON line
 *       {"url","tokens":{"rep","marketing","admin"},"imported":{…}} on stdout, then serve
 *   npm run hub -- scope show --user ID|EMAIL                   one JSON line: the user's sync scope
 *   npm run hub -- scope set --user ID|EMAIL [--mode territory|workspace|default] [--team T|none]
 *       [--teams A,B] [--regions A,B] [--owners X@Y,…] [--touch-days N|default] [--opened-days N|default]
 *       change it (issue 17); one JSON line {scope, entered, left}
 *   npm run hub -- connector add hubspot    --name N --token T [--base-url URL]
 *   npm run hub -- connector add salesforce --name N --login-url URL --client-id ID --client-secret S [--refresh-token R]
 *   npm run hub -- connector add marketo    --name N --base-url URL --client-id ID --client-secret S
 *   npm run hub -- connector add mautic     --name N --base-url URL (--client-id ID --client-secret S | --username U --password P)
 *   npm run hub -- connector list           one JSON line per connector (no secrets)
 *   npm run hub -- connector run N          one incremental run now; ONE JSON line {people, touches, deleted, error?}
 *   npm run hub -- connector test N         sign in and read one record; ONE JSON line {ok, message}
 *   npm run hub -- connector remove N
 *   A running hub runs each connector every --connector-interval minutes (default 15).
 *   A secret given as "-" is read from stdin (keeps it out of the process list and shell history).
 *
 * DATABASE_URL=postgres://… switches every command from the PGlite folder to a Postgres server.
 * CUECARD_TRUST_PROXY=1 takes the client address from X-Forwarded-For (for the failed sign-in limit).
 * CUECARD_SECRET_KEY (64 hex digits) seals connector credentials and the identity provider's client
 * secret; without it, a key file in the data folder (hub/secret-box.ts, one key for both).
 * CUECARD_SSO_* override `sso set` (README, "Single sign-on").
 * Human-readable messages go to stderr so stdout stays scriptable.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { email as emailSchema, role as roleSchema, scopePatch, type ScopePatch } from '../lib/contract';
import { writeAudit } from './audit';
import { importBundle, summarizeReport } from '../lib/import/bundle';
import type { HubDb } from './db';
import { connectorCreate, type ConnectorCredentials, type ConnectorVendor, CONNECTOR_VENDORS } from '../lib/contract';
import { leaseOwner } from './connectors/lease';
import { addConnectorAudited, auditConnectorRun, removeConnectorAudited } from './connectors/changes';
import { findConnectorId, getConnectorView, listConnectorViews } from './connectors/registry';
import { DEFAULT_INTERVAL_MINUTES, runConnector, testConnector } from './connectors/runtime';
import { startConnectorScheduler } from './connectors/scheduler';
import { csvImportQuery, CsvImportRefused, importCsvIntoHub } from './import-csv';
import { seedDemoHub } from './demo-seed';
import { changeScope, readScope } from './scope';
import { openHubDb, startHub } from './server';
import { addUser, hubImportSink, setMeta } from './store';
import { issueScimToken } from './scim/token';
import { hubSecretBox, SECRET_KEY_ENV, SecretKeyError, type SecretBox } from './secret-box';
import { clearSsoConfig, describeSsoConfig, readSsoConfig, saveSsoConfig, ssoFromEnv, SsoConfigError } from './sso/config';
import { forgetProviders } from './sso/oidc';

const USAGE = `Usage:
  npm run hub -- [--port 8787] [--data ./hub-data]
  npm run hub -- user add --name NAME --role rep|marketing|admin [--email ADDRESS] [--data DIR]
  npm run hub -- import FILE [--data DIR]                 (a cuecard/v1 .json bundle)
  npm run hub -- import FILE.csv [--preset ID] [--date-order us|eu] [--data DIR]
  npm run hub -- sso set --issuer URL --client-id ID --client-secret S [--allowed-group G] [--marketing-group G] [--admin-group G]
        [--scopes "openid email profile"] [--access-minutes 60] [--refresh-days 30]   (each group option may repeat)
  npm run hub -- sso show | sso clear
  npm run hub -- scim token                               (a new SCIM token; the previous one stops working)
  npm run hub -- demo [--port N] [--data DIR] [--prospects N] [--touches M] [--seed S]
  npm run hub -- scope show --user ID|EMAIL
  npm run hub -- scope set --user ID|EMAIL [--mode territory|workspace|default] [--team T|none] [--teams A,B]
                 [--regions A,B] [--owners X@Y,...] [--touch-days N|default] [--opened-days N|default]
  npm run hub -- connector add hubspot    --name N --token T [--base-url URL]
  npm run hub -- connector add salesforce --name N --login-url URL --client-id ID --client-secret S [--refresh-token R]
  npm run hub -- connector add marketo    --name N --base-url https://<munchkin>.mktorest.com --client-id ID --client-secret S
  npm run hub -- connector add mautic     --name N --base-url URL --client-id ID --client-secret S   (or --username U --password P)
  npm run hub -- connector list | run N | test N | remove N
  Serving: --connector-interval MINUTES (default 15). A secret given as "-" is read from stdin.
Set DATABASE_URL=postgres://… to use a Postgres server instead of the data folder.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}".\n${USAGE}`);
  return Number(value);
}

/**
 * The hub's one key (hub/secret-box.ts): it seals connector credentials and the identity provider's
 * client secret. Where it is a file next to a Postgres database, say so once on stderr: every hub
 * instance needs the same key, and it must be backed up.
 */
function hubSecrets(dataDir: string, usesServer: boolean): SecretBox {
  const secrets = hubSecretBox({ dataDir });
  if (usesServer && !process.env[SECRET_KEY_ENV]) {
    process.stderr.write(
      `Connector credentials and the identity provider's client secret are encrypted with ${secrets.source} (created on first use). Every hub instance on this database needs the same key: set ${SECRET_KEY_ENV} to 32 random bytes (hex) in production.\n`,
    );
  }
  return secrets;
}

async function serveUntilSignal(db: HubDb, port: number, secrets: SecretBox, intervalMinutes: number): Promise<string> {
  // Behind a TLS proxy (README, "In production"), the proxy names the client in X-Forwarded-For.
  const log = (line: string) => process.stderr.write(`[connectors] ${line}\n`);
  const hub = await startHub({ db, port, trustProxy: process.env.CUECARD_TRUST_PROXY === '1', secrets, connectors: { secrets, intervalMinutes, log } });
  const scheduler = startConnectorScheduler({ db, secrets, intervalMinutes, log });
  const stop = async () => {
    await scheduler.stop();
    await hub.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return hub.url;
}

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      prospects: { type: 'string' },
      touches: { type: 'string' },
      seed: { type: 'string' },
      preset: { type: 'string' },
      'date-order': { type: 'string' },
      user: { type: 'string' },
      mode: { type: 'string' },
      team: { type: 'string' },
      teams: { type: 'string' },
      regions: { type: 'string' },
      owners: { type: 'string' },
      'touch-days': { type: 'string' },
      'opened-days': { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'allowed-group': { type: 'string', multiple: true },
      'marketing-group': { type: 'string', multiple: true },
      'admin-group': { type: 'string', multiple: true },
      scopes: { type: 'string' },
      'access-minutes': { type: 'string' },
      'refresh-days': { type: 'string' },
      token: { type: 'string' },
      'base-url': { type: 'string' },
      'login-url': { type: 'string' },
      'refresh-token': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'quota-share': { type: 'string' },
      'daily-quota': { type: 'string' },
      'backfill-days': { type: 'string' },
      'connector-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dbOptions = { databaseUrl: process.env.DATABASE_URL, dataDir: values.data ?? './hub-data' };
  const usesServer = !!dbOptions.databaseUrl && /^postgres(ql)?:\/\//.test(dbOptions.databaseUrl);
  const port = intOption(values.port, 'port', 8787);
  const [command, subcommand] = positionals;
  const interval = values['connector-interval'] === undefined ? DEFAULT_INTERVAL_MINUTES : Number(values['connector-interval']);
  if (!Number.isFinite(interval) || interval <= 0) fail(`--connector-interval must be a positive number of minutes, got "${values['connector-interval']}".\n${USAGE}`);

  if (command === 'connector') {
    await connectorCommand(subcommand, positionals.slice(2), values, dbOptions, usesServer, interval);
    return;
  }

  if (command === undefined) {
    const db = await openHubDb(dbOptions);
    const url = await serveUntilSignal(db, port, hubSecrets(dbOptions.dataDir, usesServer), interval);
    process.stderr.write(`Cuecard hub listening on ${url} (${db.driver === 'pglite' ? `PGlite in ${dbOptions.dataDir}` : 'Postgres server'})\n`);
    return;
  }

  if (command === 'user' && subcommand === 'add') {
    const role = roleSchema.safeParse(values.role);
    if (!role.success) fail(`--role must be rep, marketing or admin.\n${USAGE}`);
    const name = values.name?.trim();
    if (!name || name.length > 200) fail(`--name is required (at most 200 characters).\n${USAGE}`);
    const email = values.email === undefined ? undefined : emailSchema.safeParse(values.email);
    if (email && !email.success) fail(`--email must be an email address (the rep's own: their leads are found by it).\n${USAGE}`);
    const db = await openHubDb(dbOptions);
    try {
      const { user, token } = await addUser(db, name, role.data, email?.data);
      process.stderr.write(`Added ${user.role} "${user.name}" (${user.id}). The token is shown once; the hub keeps only its hash:\n`);
      process.stdout.write(`${token}\n`);
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'sso' && (subcommand === 'set' || subcommand === 'show' || subcommand === 'clear')) {
    const secrets = hubSecrets(dbOptions.dataDir, usesServer && subcommand === 'set');
    const db = await openHubDb(dbOptions);
    try {
      if (subcommand === 'set') {
        if (!values.issuer || !values['client-id']) fail(`sso set needs --issuer and --client-id (and --client-secret the first time).\n${USAGE}`);
        const bounded = (name: 'access-minutes' | 'refresh-days', max: number) => {
          const value = values[name];
          if (value === undefined) return undefined;
          if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) fail(`--${name} must be a whole number from 1 to ${max}.`);
          return Number(value);
        };
        await saveSsoConfig(db, secrets, {
          issuer: values.issuer,
          clientId: values['client-id'],
          clientSecret: await secretValue(values['client-secret']),
          allowedGroups: values['allowed-group'],
          marketingGroups: values['marketing-group'],
          adminGroups: values['admin-group'],
          scopes: values.scopes,
          accessMinutes: bounded('access-minutes', 24 * 60),
          refreshDays: bounded('refresh-days', 365),
        });
        forgetProviders();
      } else if (subcommand === 'clear') {
        await clearSsoConfig(db);
        process.stderr.write('Single sign-on is off: users sign in with hub tokens only.\n');
        return;
      }
      const config = await readSsoConfig(db, secrets, ssoFromEnv(process.env));
      if (!config) {
        process.stderr.write('Single sign-on is not set up (npm run hub -- sso set …).\n');
        return;
      }
      // The secret is never printed; everything else is, as one JSON line.
      process.stdout.write(`${JSON.stringify(describeSsoConfig(config))}\n`);
      if (subcommand === 'set') {
        process.stderr.write(
          `Saved. Register these redirect URIs at the provider: the console's ${'<hub URL>'}/sso/callback, and the extension's (shown on its options page): https://<extension id>.chromiumapp.org/ (Chrome) and https://631a7bcd358ddc5212aeec2b40388e6101e76c33.extensions.allizom.org/ (Firefox).\n`,
        );
      }
    } catch (error) {
      if (error instanceof SsoConfigError || error instanceof SecretKeyError) fail(error.message);
      throw error;
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'scim' && subcommand === 'token') {
    const db = await openHubDb(dbOptions);
    try {
      const { token } = await issueScimToken(db, null);
      process.stderr.write('A new SCIM token (the previous one no longer works). Enter it at the identity provider with the base URL <hub URL>/scim/v2; it is shown once:\n');
      process.stdout.write(`${token}\n`);
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'import' && subcommand !== undefined && /\.csv$/i.test(subcommand)) {
    const query = csvImportQuery.safeParse({ preset: values.preset, dateOrder: values['date-order'] });
    if (!query.success) fail(`${query.error.issues.map((issue) => `--${issue.path[0] === 'dateOrder' ? 'date-order' : String(issue.path[0])}: ${issue.message}`).join('; ')}\n${USAGE}`);
    const text = readFileSync(subcommand, 'utf8');
    const db = await openHubDb(dbOptions);
    try {
      const report = await importCsvIntoHub(db, text, query.data, (rows) => process.stderr.write(`\r${rows} rows read   `));
      process.stderr.write(`\n${report.presetId}: ${summarizeReport(report)}\n`);
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (report.fatal) process.exitCode = 1;
    } catch (error) {
      if (error instanceof CsvImportRefused) fail(error.message.replace(/\?preset=<id>/, '--preset ID').replace(/\?dateOrder=(us|eu)/g, '--date-order $1'));
      throw error;
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'import' && subcommand !== undefined) {
    const db = await openHubDb(dbOptions);
    try {
      const text = readFileSync(subcommand, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (error) {
        fail(`${subcommand} is not valid JSON (${(error as Error).message}). Nothing was imported.`);
      }
      const report = await importBundle(value, hubImportSink(db), {
        onProgress: (p) => process.stderr.write(`\r${p.collection}: ${p.done}/${p.total}   `),
      });
      process.stderr.write('\n');
      const workspace = report.fatal ? undefined : (value as { workspace?: unknown }).workspace;
      if (typeof workspace === 'string') await setMeta(db, 'workspace', workspace);
      process.stderr.write(`${summarizeReport(report)}\n`);
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (report.fatal) process.exitCode = 1;
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'demo') {
    const db = await openHubDb({ ...dbOptions, dataDir: values.data ?? './hub-demo-data' });
    const { tokens, report } = await seedDemoHub(db, {
      prospects: intOption(values.prospects, 'prospects', 2_000),
      touches: intOption(values.touches, 'touches', 40_000),
      seed: intOption(values.seed, 'seed', 1),
    });
    if (report.fatal) fail(report.fatal);
    const url = await serveUntilSignal(db, port, hubSecrets(values.data ?? './hub-demo-data', usesServer), interval);
    process.stdout.write(`${JSON.stringify({ url, tokens, imported: report.imported, rejected: report.rejected })}\n`);
    return;
  }

  if (command === 'scope' && (subcommand === 'show' || subcommand === 'set')) {
    if (!values.user) fail(`--user is required (the user's id or address).\n${USAGE}`);
    const patch = subcommand === 'set' ? scopePatchFromOptions(values) : undefined;
    const db = await openHubDb(dbOptions);
    try {
      const found = await db.query<{ id: string }>('SELECT id FROM users WHERE id = $1 OR lower(btrim(email)) = lower(btrim($1))', [values.user]);
      const userId = found.rows[0]?.id;
      if (!userId) fail(`No user with the id or address "${values.user}".`);
      const result = patch
        ? await changeScope(db, userId, patch, (tx, fields) => writeAudit(tx, { actor: null, action: 'scope_changed', targetKind: 'user', targetId: userId, fields }))
        : { scope: await readScope(db, userId) };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await db.close();
    }
    return;
  }

  fail(`Unknown command "${positionals.join(' ')}".\n${USAGE}`);
}

/** `scope set` options → the route's patch, checked by the same schema; "default"/"none" clear a setting. */
function scopePatchFromOptions(values: CliValues): ScopePatch {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const list = (name: string) => text(name)?.split(',').map((item) => item.trim()).filter(Boolean);
  const days = (name: string) => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (value === 'default') return null;
    if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number of days or "default".`);
    return Number(value);
  };
  const mode = text('mode');
  const team = text('team');
  const raw = {
    mode: mode === undefined ? undefined : mode === 'default' ? null : mode,
    team: team === undefined ? undefined : team === 'none' ? null : team,
    teams: list('teams'),
    regions: list('regions'),
    owners: list('owners'),
    touchHorizonDays: days('touch-days'),
    openedDays: days('opened-days'),
  };
  const parsed = scopePatch.safeParse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)));
  if (!parsed.success) fail(`${parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'scope')}: ${issue.message}`).join('; ')}\n${USAGE}`);
  return parsed.data;
}

// Repeatable options (the SSO group options) are arrays; the connector commands read single values only.
type CliValues = Record<string, string | string[] | boolean | undefined>;

let stdinText: Promise<string[]> | undefined;
/** Secrets given as "-" come from stdin, one line each, in the order of the flags that asked. */
async function secretValue(value: string | undefined): Promise<string | undefined> {
  if (value !== '-') return value;
  stdinText ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  })();
  const lines = await stdinText;
  const line = lines.shift();
  if (line === undefined || line.trim() === '') fail('A secret was to be read from stdin ("-"), but stdin had no line for it.');
  return line.trim();
}

function numberOption(value: CliValues[string], name: string): number | undefined {
  if (value === undefined || typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) fail(`--${name} must be a number, got "${value}".`);
  return number;
}

async function connectorCommand(
  subcommand: string | undefined,
  rest: string[],
  values: CliValues,
  dbOptions: { databaseUrl?: string; dataDir: string },
  usesServer: boolean,
  intervalMinutes: number,
): Promise<void> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (subcommand === 'add') {
    const vendor = rest[0];
    if (!vendor || !(CONNECTOR_VENDORS as readonly string[]).includes(vendor)) fail(`connector add needs a vendor: ${CONNECTOR_VENDORS.join(', ')}.\n${USAGE}`);
    const credentials: ConnectorCredentials = Object.fromEntries(
      (
        await Promise.all(
          (
            [
              ['token', 'token'],
              ['clientId', 'client-id'],
              ['clientSecret', 'client-secret'],
              ['refreshToken', 'refresh-token'],
              ['username', 'username'],
              ['password', 'password'],
            ] as const
          ).map(async ([key, flag]) => [key, await secretValue(text(flag))] as const),
        )
      ).filter(([, value]) => value !== undefined),
    );
    const parsed = connectorCreate.safeParse({
      vendor: vendor as ConnectorVendor,
      name: text('name'),
      baseUrl: text('base-url'),
      loginUrl: text('login-url'),
      credentials,
      quotaShare: numberOption(values['quota-share'], 'quota-share'),
      dailyQuota: numberOption(values['daily-quota'], 'daily-quota'),
      backfillDays: numberOption(values['backfill-days'], 'backfill-days'),
    });
    if (!parsed.success) {
      // Issues name fields, never values: a secret must not reach the terminal through an error.
      const flag = (path: PropertyKey[]) => `--${String(path.at(-1) ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      fail(`${parsed.error.issues.map((issue) => `${flag(issue.path)}: ${issue.message}`).join('; ')}\n${USAGE}`);
    }
    const secrets = hubSecrets(dbOptions.dataDir, usesServer);
    const db = await openHubDb(dbOptions);
    try {
      // Audited as the command line's (no signed-in user), like the console's changes.
      const view = await addConnectorAudited(db, secrets, parsed.data, null);
      process.stderr.write(`Added ${view.vendor} connector "${view.name}" (${view.id}); credentials sealed with ${secrets.source}. Its first run backfills.\n`);
      process.stdout.write(`${JSON.stringify({ id: view.id, name: view.name, vendor: view.vendor, auth: view.auth, baseUrl: view.baseUrl })}\n`);
    } catch (error) {
      fail((error as Error).message);
    } finally {
      await db.close();
    }
    return;
  }
  if (subcommand === 'list') {
    const db = await openHubDb(dbOptions);
    try {
      for (const view of await listConnectorViews(db)) {
        process.stdout.write(
          `${JSON.stringify({
            name: view.name,
            vendor: view.vendor,
            status: view.state,
            statusText: view.status,
            pausedUntil: view.pausedUntil,
            lastRun: view.lastRun,
            nextRunAt: view.nextRunAt,
            counts: view.counts,
            streams: view.streams.map(({ name, phase, rowsDone, rowsEstimate, status }) => ({ name, phase, rowsDone, rowsEstimate, status })),
            id: view.id,
          })}\n`,
        );
      }
    } finally {
      await db.close();
    }
    return;
  }
  if (subcommand === 'run' || subcommand === 'test' || subcommand === 'remove') {
    const name = rest[0];
    if (!name) fail(`connector ${subcommand} needs the connector's name.\n${USAGE}`);
    const db = await openHubDb(dbOptions);
    try {
      const id = await findConnectorId(db, name);
      if (!id) fail(`No connector named "${name}" (npm run hub -- connector list).`);
      if (subcommand === 'remove') {
        await removeConnectorAudited(db, id, null);
        process.stderr.write(`Removed connector "${name}". The prospects and touches it wrote stay.\n`);
        return;
      }
      const secrets = hubSecretBox({ dataDir: dbOptions.dataDir });
      if (subcommand === 'test') {
        const result = await testConnector({ db, secrets, connectorId: id });
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (!result.ok) process.exitCode = 1;
        return;
      }
      const controller = new AbortController();
      // Ctrl-C ends the run at the next page: what was written stays, the next run resumes.
      process.once('SIGINT', () => controller.abort());
      const result = await runConnector({
        db,
        secrets,
        connectorId: id,
        trigger: 'cli',
        owner: leaseOwner('cli'),
        intervalMinutes,
        signal: controller.signal,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const summary = { people: result.people, touches: result.touches, deleted: result.deleted, ...(result.error ? { error: result.error } : {}) };
      if (!result.busy) await auditConnectorRun(db, { id, name: (await getConnectorView(db, id))?.name ?? name }, null, summary);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (result.error) process.exitCode = 1;
    } finally {
      await db.close();
    }
    return;
  }
  fail(`Unknown connector command "${subcommand ?? ''}".\n${USAGE}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
