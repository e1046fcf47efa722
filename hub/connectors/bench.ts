/**
 * Connector budgets (DESIGN.md, "Budgets", turn 2), measured in one run:
 * - a connector's backfill of 10,000 people and 500,000 events from a loopback fake of the vendor
 *   (HubSpot; the fake in its own process, as the vendor is another machine), in rows written per
 *   second, ÷ the hub's bundle import of the very rows the connector wrote (≥ 0.5);
 * - an incremental run that brings 100 changes (≤ 2 s);
 * - rows/s of every vendor's backfill from its fake, for comparison.
 * Both sides of the ratio use PGlite in a temp folder, the hub's default.
 *
 *   npx tsx hub/connectors/bench.ts [--people 10000] [--events 500000] [--vendors hubspot,salesforce,marketo,mautic]
 *   npm run bench -- --only connectors        the same rows inside the bench table
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CONNECTOR_VENDORS, type Bundle, type ConnectorCreate, type ConnectorVendor, type Prospect, type Touch } from '../../lib/contract';
import { importBundle } from '../../lib/import/bundle';
import type { HubDb } from '../db';
import { openHubDb } from '../server';
import { hubImportSink, readChanges } from '../store';
import { createConnector } from './registry';
import { runConnector } from './runtime';
import { secretBoxFromKey, type SecretBox } from '../secret-box';

export const CONNECTOR_BUDGETS = { backfillRatio: 0.5, incrementalSeconds: 2 } as const;

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ServedFake {
  create: ConnectorCreate;
  command(body: unknown): Promise<void>;
  close(): void;
}

async function serveFake(vendor: ConnectorVendor, people: number, activities: number): Promise<ServedFake> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', path.join(ROOT, 'hub/connectors/fakes/serve.ts'), '--vendor', vendor, '--people', String(people), '--activities', String(activities)],
    { cwd: ROOT, stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`the ${vendor} fake did not start: ${stderr}`);
  const { create } = JSON.parse(first.value) as { create: ConnectorCreate };
  return {
    create,
    async command(body) {
      child.stdin.write(`${JSON.stringify(body)}\n`);
      const answer = await lines.next();
      if (answer.done) throw new Error(`the ${vendor} fake stopped: ${stderr}`);
    },
    close: () => void child.kill('SIGTERM'),
  };
}

async function tempDb(): Promise<{ db: HubDb; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cuecard-connector-bench-'));
  const db = await openHubDb({ dataDir: dir });
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row on the change log, as a bundle: the same rows the hub's import is timed on. */
async function bundleOf(db: HubDb): Promise<Bundle> {
  const prospects: Prospect[] = [];
  const touches: Touch[] = [];
  let cursor = 0;
  for (;;) {
    const page = await readChanges(db, cursor, 5_000);
    const body = JSON.parse(page.json) as { changes: { kind: string; op: string; data?: unknown }[]; cursor: number; hasMore: boolean };
    for (const change of body.changes) {
      if (change.op !== 'upsert') continue;
      if (change.kind === 'prospect') prospects.push(change.data as Prospect);
      else if (change.kind === 'touch') touches.push(change.data as Touch);
    }
    cursor = body.cursor;
    if (!body.hasMore) return { format: 'cuecard/v1', prospects, touches };
  }
}

export interface VendorBackfill {
  vendor: ConnectorVendor;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  apiCalls: number;
}

export interface ConnectorBenchResult {
  backfill: VendorBackfill;
  importRowsPerSecond: number;
  importSeconds: number;
  ratio: number;
  incremental: { changes: number; seconds: number; rows: number };
  vendors: VendorBackfill[];
}

async function backfill(
  vendor: ConnectorVendor,
  people: number,
  activities: number,
  keep?: (db: HubDb, fake: ServedFake, connectorId: string, secrets: SecretBox) => Promise<void>,
): Promise<VendorBackfill> {
  const fake = await serveFake(vendor, people, activities);
  const { db, close } = await tempDb();
  try {
    const secrets = secretBoxFromKey(randomBytes(32));
    const connectorId = (await createConnector(db, secrets, { ...fake.create, quotaShare: 1 })).id;
    const t0 = performance.now();
    const result = await runConnector({ db, secrets, connectorId, trigger: 'cli' });
    const seconds = (performance.now() - t0) / 1000;
    if (result.error) throw new Error(`${vendor} backfill failed: ${result.error}`);
    const rows = result.people + result.touches;
    await keep?.(db, fake, connectorId, secrets);
    return { vendor, rows, seconds, rowsPerSecond: Math.round(rows / seconds), apiCalls: result.apiCalls };
  } finally {
    fake.close();
    await close();
  }
}

export async function benchConnectors(options: { people?: number; events?: number; vendors?: ConnectorVendor[]; log?: (line: string) => void } = {}): Promise<ConnectorBenchResult> {
  const people = options.people ?? 10_000;
  const events = options.events ?? 500_000;
  const log = options.log ?? (() => undefined);
  let bundle: Bundle | undefined;
  let incremental = { changes: 100, seconds: Number.NaN, rows: 0 };
  log(`HubSpot backfill of ${people.toLocaleString('en')} people and ${events.toLocaleString('en')} events from the loopback fake…`);
  const main = await backfill('hubspot', people, events, async (db, fake, connectorId, secrets) => {
    bundle = await bundleOf(db);
    await fake.command({ changes: 100 });
    const t0 = performance.now();
    const result = await runConnector({ db, secrets, connectorId, trigger: 'cli' });
    incremental = { changes: 100, seconds: (performance.now() - t0) / 1000, rows: result.people + result.touches };
    if (result.error) throw new Error(`incremental run failed: ${result.error}`);
  });
  log('bundle import of the same rows…');
  const target = await tempDb();
  let importSeconds: number;
  try {
    const t0 = performance.now();
    const report = await importBundle(bundle!, hubImportSink(target.db));
    importSeconds = (performance.now() - t0) / 1000;
    if (report.rejected > 0 || report.fatal) throw new Error(`bundle import rejected rows: ${report.fatal ?? report.rejected}`);
  } finally {
    await target.close();
  }
  const importRowsPerSecond = Math.round(main.rows / importSeconds);
  const vendors: VendorBackfill[] = [main];
  for (const vendor of options.vendors ?? CONNECTOR_VENDORS.filter((v) => v !== 'hubspot')) {
    if (vendor === 'hubspot') continue;
    log(`${vendor} backfill from its fake…`);
    vendors.push(await backfill(vendor, 2_000, 40_000));
  }
  return { backfill: main, importRowsPerSecond, importSeconds, ratio: main.rowsPerSecond / importRowsPerSecond, incremental, vendors };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { people: { type: 'string' }, events: { type: 'string' }, vendors: { type: 'string' } } });
  benchConnectors({
    people: values.people ? Number(values.people) : undefined,
    events: values.events ? Number(values.events) : undefined,
    vendors: values.vendors ? (values.vendors.split(',') as ConnectorVendor[]) : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
