/**
 * `npm run hub -- …` (DESIGN.md, "Commands"):
 *
 *   npm run hub -- [--port 8787] [--data ./hub-data]             serve on 127.0.0.1
 *   npm run hub -- user add --name X --role rep|marketing|admin [--email E]  print a new token (only line on stdout)
 *   npm run hub -- import FILE                                   import a cuecard/v1 bundle, print the report
 *   npm run hub -- import FILE.csv [--preset ID] [--date-order us|eu]
 *       import a CSV export (HubSpot, Marketo, Salesforce, Cuecard columns), print the report
 *   npm run hub -- demo [--port N] [--data DIR] [--prospects N] [--touches M] [--seed S]
 *       seed a demo workspace and one user per role, print ONE JSON line
 *       {"url","tokens":{"rep","marketing","admin"},"imported":{…}} on stdout, then serve
 *   npm run hub -- scope show --user ID|EMAIL                   one JSON line: the user's sync scope
 *   npm run hub -- scope set --user ID|EMAIL [--mode territory|workspace|default] [--team T|none]
 *       [--teams A,B] [--regions A,B] [--owners X@Y,…] [--touch-days N|default] [--opened-days N|default]
 *       change it (issue 17); one JSON line {scope, entered, left}
 *
 * DATABASE_URL=postgres://… switches every command from the PGlite folder to a Postgres server.
 * CUECARD_TRUST_PROXY=1 takes the client address from X-Forwarded-For (for the failed sign-in limit).
 * Human-readable messages go to stderr so stdout stays scriptable.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { email as emailSchema, role as roleSchema, scopePatch, type ScopePatch } from '../lib/contract';
import { writeAudit } from './audit';
import { importBundle, summarizeReport } from '../lib/import/bundle';
import type { HubDb } from './db';
import { csvImportQuery, CsvImportRefused, importCsvIntoHub } from './import-csv';
import { seedDemoHub } from './demo-seed';
import { changeScope, readScope } from './scope';
import { openHubDb, startHub } from './server';
import { addUser, hubImportSink, setMeta } from './store';

const USAGE = `Usage:
  npm run hub -- [--port 8787] [--data ./hub-data]
  npm run hub -- user add --name NAME --role rep|marketing|admin [--email ADDRESS] [--data DIR]
  npm run hub -- import FILE [--data DIR]                 (a cuecard/v1 .json bundle)
  npm run hub -- import FILE.csv [--preset ID] [--date-order us|eu] [--data DIR]
  npm run hub -- demo [--port N] [--data DIR] [--prospects N] [--touches M] [--seed S]
  npm run hub -- scope show --user ID|EMAIL
  npm run hub -- scope set --user ID|EMAIL [--mode territory|workspace|default] [--team T|none] [--teams A,B]
                 [--regions A,B] [--owners X@Y,...] [--touch-days N|default] [--opened-days N|default]
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

async function serveUntilSignal(db: HubDb, port: number): Promise<string> {
  // Behind a TLS proxy (README, "In production"), the proxy names the client in X-Forwarded-For.
  const hub = await startHub({ db, port, trustProxy: process.env.CUECARD_TRUST_PROXY === '1' });
  const stop = async () => {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dbOptions = { databaseUrl: process.env.DATABASE_URL, dataDir: values.data ?? './hub-data' };
  const port = intOption(values.port, 'port', 8787);
  const [command, subcommand] = positionals;

  if (command === undefined) {
    const db = await openHubDb(dbOptions);
    const url = await serveUntilSignal(db, port);
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
    const url = await serveUntilSignal(db, port);
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
function scopePatchFromOptions(values: Record<string, string | boolean | undefined>): ScopePatch {
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
