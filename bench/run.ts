/**
 * `npm run bench`: the budgets of DESIGN.md, measured in one run on this machine, printed as one
 * table and written to bench/results.json. Throughputs are compared as ratios against a baseline
 * measured in the same run (raw IndexedDB puts, the page without the extension), so a busy
 * machine moves both sides together.
 *
 * The 10k/500k workspace reaches the extension the way a rep's does: a first sync from a hub on
 * 127.0.0.1 (the hub's own import code seeds it). The file import is timed on a fifth of it,
 * before `data:wipe`; every row after the sync is measured on the full synced workspace.
 * CUECARD_OUT_DIR picks the build, as in the e2e tests (tests/e2e/harness/paths.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { generateWorkspace } from '../lib/demo/generate';
import { recommendFor } from '../lib/recommend';
import type { ProspectContext } from '../lib/contract';
import { benchHub, HUB_BUDGETS } from '../hub/bench';
import { benchConsole, consoleRows } from './console';
import { benchConnectors, CONNECTOR_BUDGETS } from '../hub/connectors/bench';
import { launchChromium, type ChromiumSession } from '../tests/e2e/harness/chromium';
import { CHROME_BUILD, ROOT } from '../tests/e2e/harness/paths';
import { FIXTURE_URL_PATTERNS, fixtureFor, hubspotRecordUrl, PIPEDRIVE_APP, dynamicsRecordUrl, salesforceRecordUrl } from '../tests/e2e/harness/site-fixtures';
import { importThroughOptions, SIDEBAR } from '../tests/e2e/harness/sidebar';
import { firstSyncThroughOptions, sendFromPage, startBenchHub, type BenchHub } from './hub-sync';
import { formatTable, median, percentile, type BenchRow } from './stats';

const { values: args } = parseArgs({
  options: {
    prospects: { type: 'string', default: '10000' },
    touches: { type: 'string', default: '500000' },
    /** The file import is timed on a smaller workspace from the same generator (default: a fifth). */
    'import-prospects': { type: 'string' },
    'import-touches': { type: 'string' },
    samples: { type: 'string', default: '20' },
    /** `--only scale`: minutes the workspace's generation may take this run (it continues on the next). */
    'scale-minutes': { type: 'string', default: '15' },
    'skip-hub': { type: 'boolean', default: false },
    'skip-console': { type: 'boolean', default: false },
    'skip-connectors': { type: 'boolean', default: false },
    /**
     * `--only connectors`: the connector rows alone (no build, no browser), while working on connectors.
     * `--only scale`: the 1M / 20M workspace on CUECARD_SCALE_PG_URL (hub/scale.ts), opt-in.
     */
    only: { type: 'string' },
  },
});
const PROSPECTS = Number(args.prospects);
const TOUCHES = Number(args.touches);
const SAMPLES = Number(args.samples);
const IMPORT_PROSPECTS = Number(args['import-prospects'] ?? Math.round(PROSPECTS / 5));
const IMPORT_TOUCHES = Number(args['import-touches'] ?? Math.round(TOUCHES / 5));

const rows: BenchRow[] = [];
const add = (row: BenchRow) => {
  rows.push(row);
  console.log(`  ${row.metric}: ${row.value.toFixed(2)} ${row.unit}${row.pass === false ? '  (over budget)' : ''}`);
};
const started = Date.now();

// --- connectors (DESIGN.md, turn-2 budgets): measured last in a full run, alone with --only connectors
async function connectorRows() {
  console.log('connectors: HubSpot backfill of 10,000 people / 500,000 events from a loopback fake, then the same rows as a bundle import…');
  const result = await benchConnectors({ log: (line) => console.log(`  ${line}`) });
  add({
    metric: `connector backfill (HubSpot fake: ${result.backfill.rows.toLocaleString('en')} rows, ${result.backfill.apiCalls} API calls)`,
    value: result.backfill.rowsPerSecond,
    unit: 'rows/s',
    note: `${result.backfill.seconds.toFixed(1)} s`,
  });
  add({ metric: 'bundle import of the same rows (hub, PGlite)', value: result.importRowsPerSecond, unit: 'rows/s', note: `${result.importSeconds.toFixed(1)} s` });
  add({ metric: 'connector backfill ÷ bundle import', value: result.ratio, unit: 'ratio', budget: `≥ ${CONNECTOR_BUDGETS.backfillRatio}`, pass: result.ratio >= CONNECTOR_BUDGETS.backfillRatio });
  add({
    metric: `connector incremental run with ${result.incremental.changes} changes`,
    value: result.incremental.seconds,
    unit: 's',
    budget: `≤ ${CONNECTOR_BUDGETS.incrementalSeconds}`,
    pass: result.incremental.seconds <= CONNECTOR_BUDGETS.incrementalSeconds,
  });
  for (const vendor of result.vendors.slice(1)) {
    add({ metric: `connector backfill (${vendor.vendor} fake: ${vendor.rows.toLocaleString('en')} rows, ${vendor.apiCalls} API calls)`, value: vendor.rowsPerSecond, unit: 'rows/s', note: `${vendor.seconds.toFixed(1)} s` });
  }
}
// --- the hub at scale (issue 17): opt-in, on a Postgres server database of its own -----------------
if (args.only === 'scale') {
  const databaseUrl = process.env.CUECARD_SCALE_PG_URL;
  if (!databaseUrl) throw new Error('--only scale needs CUECARD_SCALE_PG_URL=postgres://… (a database of its own; hub/scale.ts generates the workspace in it)');
  const { generateScaleWorkspace, measureScale } = await import('../hub/scale');
  console.log('the 1M / 20M workspace on Postgres (generated once, ~15 minutes a run at most; reruns continue it)…');
  const generated = await generateScaleWorkspace({ databaseUrl, generateMinutes: Number(args['scale-minutes']), log: (line) => console.log(`  ${line}`) });
  const m = await measureScale({ databaseUrl, log: (line) => console.log(`  ${line}`) });
  const sync = m.firstSync.reduce((slowest, run) => (run.seconds > slowest.seconds ? run : slowest));
  const size = `${m.prospects.toLocaleString('en')} / ${m.touches.toLocaleString('en')}`;
  add({ metric: `scale workspace on Postgres (prospects / touches)`, value: m.touches, unit: 'touches', note: `${size}${generated.touches < 20_000_000 ? ', short of 20M: generation stopped at its time limit' : ''}` });
  add({ metric: `a rep's first sync of a 2,000-prospect territory (HTTP, loopback), slowest of ${m.firstSync.length}`, value: sync.seconds, unit: 's', note: `${sync.rows.toLocaleString('en')} rows, ${(sync.bytes / 1e6).toFixed(1)} MB, ${sync.pages} pages` });
  add({ metric: 'feed page p95 (5,000 rows, first syncs)', value: m.feedPageP95Ms, unit: 'ms' });
  add({ metric: `feed poll p95 (caught-up rep after 200 writes, ${m.feedPollSamples} polls)`, value: m.feedPollP95Ms, unit: 'ms' });
  add({ metric: `lookup p95 on loopback (email / Salesforce id, ${m.lookupSamples})`, value: m.lookupP95Ms, unit: 'ms', budget: '≤ 150', pass: m.lookupP95Ms <= 150 });
  add({
    metric: `feed and lookup plans reading changes or scope_members whole (of ${m.statementsExplained} EXPLAINed)`,
    value: m.seqScans.length,
    unit: 'plans',
    budget: '0',
    pass: m.seqScans.length === 0,
    note: (m.seqScans.length > 0 ? m.seqScans.join('; ') : m.smallSeqScans.length > 0 ? `small tables read whole: ${m.smallSeqScans.join(', ')}` : '').slice(0, 80),
  });
  add({ metric: `scope rows held (${m.scopes.reps} reps' territories)`, value: m.scopes.rows, unit: 'rows', note: m.scopes.medianMs === undefined ? '' : `one rep's scope computed in ${m.scopes.medianMs.toFixed(0)} ms (median)` });
  add({ metric: 'hub process RSS after the run (hub and measuring client)', value: m.rssMb, unit: 'MB' });
  console.log(`\n${formatTable(rows)}\n\n${((Date.now() - started) / 1000).toFixed(0)} s in all (scale rows only; bench/results.json untouched)`);
  process.exit(0);
}
if (args.only === 'connectors') {
  await connectorRows();
  console.log(`\n${formatTable(rows)}\n\n${((Date.now() - started) / 1000).toFixed(0)} s in all (connector rows only; bench/results.json untouched)`);
  process.exit(0);
}

// --- content script size -----------------------------------------------------------------------
// One page script per site (entrypoints/<site>.content.ts); a tab loads its own site's only, so
// the budget holds for the largest.
const pageScriptDir = path.join(CHROME_BUILD, 'content-scripts');
const gz = Math.max(...readdirSync(pageScriptDir).map((file) => gzipSync(readFileSync(path.join(pageScriptDir, file)), { level: 9 }).length)) / 1024;
add({ metric: 'content script, gzipped', value: gz, unit: 'KB', budget: '≤ 12', pass: gz <= 12 });

// --- the workspaces ---------------------------------------------------------------------------
console.log(`generating ${PROSPECTS.toLocaleString('en')} prospects / ${TOUCHES.toLocaleString('en')} touches…`);
const workspace = generateWorkspace({ prospects: PROSPECTS, touches: TOUCHES, seed: 42 });
const rowsOf = (bundle: typeof workspace) => (bundle.prospects?.length ?? 0) + (bundle.touches?.length ?? 0) + (bundle.messages?.length ?? 0) + (bundle.assets?.length ?? 0);
const totalRows = rowsOf(workspace);
const tmp = mkdtempSync(path.join(tmpdir(), 'cuecard-bench-'));
const importFile = path.join(tmp, 'workspace.json');
const importRows = (() => {
  const small = generateWorkspace({ prospects: IMPORT_PROSPECTS, touches: IMPORT_TOUCHES, seed: 42 });
  writeFileSync(importFile, JSON.stringify(small));
  return rowsOf(small);
})();

// --- ranking (pure) ---------------------------------------------------------------------------
{
  const prospect = workspace.prospects![0]!;
  const touches = workspace.touches!.slice(0, 3_000).map((t, i) => ({ ...t, prospectId: prospect.id, at: Date.parse(t.occurredAt) - i }));
  const context: ProspectContext = {
    prospect: { id: prospect.id, email: prospect.email, name: prospect.name, title: prospect.title, company: prospect.company, stage: prospect.stage, persona: prospect.persona, industry: prospect.industry },
    matchedBy: 'email',
    matchedValue: prospect.email,
    committee: [],
    touches,
    touchCount: touches.length,
    countsByType: {},
    alsoMatched: [],
  };
  const input = { context, assets: workspace.assets!, messages: workspace.messages!, usage: [], now: new Date('2026-11-20T12:00:00Z') } as Parameters<typeof recommendFor>[0];
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const t0 = performance.now();
    recommendFor(input);
    if (i >= 3) times.push(performance.now() - t0);
  }
  add({ metric: `ranking p95 (${workspace.messages!.length} messages, ${workspace.assets!.length} assets, 3,000 touches)`, value: percentile(times, 95), unit: 'ms' });
}

let session: ChromiumSession | undefined;
let hub: BenchHub | undefined;
try {
  // --- the hub, seeded with the full workspace by its own import code ---------------------------
  console.log(`seeding the hub (embedded Postgres) with ${totalRows.toLocaleString('en')} rows…`);
  hub = await startBenchHub(workspace);
  if (hub.rows !== totalRows) throw new Error(`the hub imported ${hub.rows} rows, the workspace has ${totalRows}`);

  session = await launchChromium();
  const sw = await session.serviceWorker();

  // --- raw IndexedDB put throughput, same origin, same row shape, same index, same chunking ----
  // Measured twice, right before the import and right before the sync, and reported as one rate:
  // the machine is shared, and a baseline next to each write keeps the two ratios honest.
  const RAW_PUTS = Math.min(TOUCHES, 50_000);
  const rawPuts = () => sw.evaluate(async ({ n, chunk }) => {
    const open = indexedDB.open(`bench-raw-${Date.now()}`, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('touches', { keyPath: 'id' });
      // The same indexes as the real touches table (lib/store/db.ts).
      store.createIndex('byProspect', ['prospectId', 'at', 'id']);
      store.createIndex('byType', ['prospectId', 'type']);
    };
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const base = Date.parse('2025-06-01T00:00:00Z');
    const t0 = performance.now();
    for (let start = 0; start < n; start += chunk) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('touches', 'readwrite');
        const store = tx.objectStore('touches');
        for (let i = start; i < Math.min(n, start + chunk); i++) {
          const at = base + i * 61_000;
          store.put({
            id: `t-${i}`,
            prospectId: `p-${i % 10_000}`,
            type: 'page_view',
            occurredAt: new Date(at).toISOString(),
            at,
            title: 'Visited: Blog — Route optimization explained',
            campaign: 'Freight ROI Content Syndication',
            url: 'https://www.meridian-analytics.example/blog/route-optimization',
            topics: ['pricing', 'roi'],
          });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const seconds = (performance.now() - t0) / 1000;
    const name = db.name;
    db.close();
    indexedDB.deleteDatabase(name);
    return seconds;
    // 50,000 puts are enough for a steady rate; IndexedDB only slows as a store grows, so the
    // ratio against the 513,000-row sync errs on the side of the baseline.
  }, { n: RAW_PUTS, chunk: 2_000 });
  const rawSeconds = [await rawPuts()];

  // --- import through the options page (a fifth of the workspace), then wiped -------------------
  const options = await session.openExtensionPage('options.html');
  console.log(`importing ${importRows.toLocaleString('en')} rows through the options page…`);
  const t0 = Date.now();
  const status = await importThroughOptions(options, importFile, 900_000);
  const importSeconds = (Date.now() - t0) / 1000;
  if (!/Rejected rows: 0$/.test(status)) throw new Error(`import did not finish cleanly: ${status}`);
  const importRate = importRows / importSeconds;
  const wiped = await sendFromPage<Record<string, number>>(options, { type: 'data:wipe' });
  if (Object.values(wiped).some((n) => n !== 0)) throw new Error(`data:wipe left rows: ${JSON.stringify(wiped)}`);

  // --- first sync of the full workspace from the hub ----------------------------------------------
  rawSeconds.push(await rawPuts());
  const raw = (RAW_PUTS * rawSeconds.length) / rawSeconds.reduce((sum, s) => sum + s, 0);
  console.log(`first sync of ${totalRows.toLocaleString('en')} rows from the hub…`);
  const sync = await firstSyncThroughOptions(session, options, hub);
  const syncRate = sync.changes / sync.seconds;
  const seedSeconds = hub.importSeconds;
  // Nothing below talks to the hub; a later alarm sync finding it gone changes no cached row.
  await hub.close();
  hub = undefined;
  add({
    metric: 'raw IndexedDB put throughput (baseline)',
    value: raw,
    unit: 'rows/s',
    note: `${rawSeconds.map((s) => Math.round(RAW_PUTS / s).toLocaleString('en')).join(' / ')} before import / sync`,
  });
  add({ metric: `import throughput (${importRows.toLocaleString('en')} rows, options page → background)`, value: importRate, unit: 'rows/s', note: `${importSeconds.toFixed(1)} s` });
  add({ metric: 'import ÷ raw put', value: importRate / raw, unit: 'ratio', budget: '≥ 0.5', pass: importRate / raw >= 0.5 });
  add({
    metric: `first sync of the 500k-touch workspace (hub → IndexedDB, ${sync.changes.toLocaleString('en')} rows), total time`,
    value: sync.seconds,
    unit: 's',
    note: `hub seeded by its import in ${seedSeconds.toFixed(1)} s`,
  });
  add({ metric: 'sync write throughput (sync:now → sync:status success)', value: syncRate, unit: 'rows/s' });
  add({ metric: 'sync ÷ raw put', value: syncRate / raw, unit: 'ratio', budget: '≥ 0.5', pass: syncRate / raw >= 0.5 });

  // --- context query in the background ------------------------------------------------------------
  const probes = workspace.prospects!.filter((_, i) => i % Math.max(1, Math.floor(PROSPECTS / 200)) === 0).slice(0, 200);
  const queryMs: number[] = [];
  for (const prospect of probes) {
    const reply = await options.evaluate(
      (email) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'diagnostics:context', ref: { emails: [email] } }),
      prospect.email,
    );
    const value = (reply as { ok: boolean; value: { ms: number; found: string | null } }).value;
    if (!value.found) throw new Error(`context query found nobody for ${prospect.email}`);
    queryMs.push(value.ms);
  }
  add({ metric: `context query p50 (${PROSPECTS.toLocaleString('en')} / ${TOUCHES.toLocaleString('en')})`, value: median(queryMs), unit: 'ms' });
  add({ metric: `context query p95 (${PROSPECTS.toLocaleString('en')} / ${TOUCHES.toLocaleString('en')})`, value: percentile(queryMs, 95), unit: 'ms', budget: '≤ 20', pass: percentile(queryMs, 95) <= 20 });

  // --- sidebar: page load → prospect-name visible -------------------------------------------
  /**
   * Times from the `load` event, and from the moment the record page settled (its email field
   * rendered: Lightning draws fields late) to the sidebar showing the prospect. DESIGN.md's budget
   * counts from the settled page: before it, no extension can know who the record is about.
   */
  const sidebarMs = async (url: string, name: string, samples: number, settledSelector?: string) => {
    const afterLoad: number[] = [];
    const afterSettle: number[] = [];
    for (let i = 0; i < samples; i++) {
      const page = await session!.context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const loaded = Date.now();
      let settled = loaded;
      const visible = page
        .frameLocator(SIDEBAR)
        .getByTestId('prospect-name')
        .filter({ hasText: name })
        .waitFor({ timeout: 20_000 })
        .then(() => Date.now());
      if (settledSelector) settled = await page.locator(settledSelector).first().waitFor({ timeout: 20_000 }).then(() => Date.now());
      const shown = await visible;
      afterLoad.push(shown - loaded);
      afterSettle.push(Math.max(0, shown - settled));
      await page.close();
    }
    return { afterLoad, afterSettle };
  };
  const salesforce = await sidebarMs(
    salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'),
    'Dana Whitfield',
    SAMPLES,
    '[data-target-selection-name="sfdc:RecordField.Contact.Email"] a[href^="mailto:"]',
  );
  add({ metric: 'sidebar shows the prospect after page load, p50 (Salesforce)', value: median(salesforce.afterLoad), unit: 'ms' });
  add({ metric: 'sidebar shows the prospect after page load, p95 (Salesforce)', value: percentile(salesforce.afterLoad, 95), unit: 'ms' });
  add({
    metric: 'sidebar shows the prospect after the record settles, p95 (Salesforce)',
    value: percentile(salesforce.afterSettle, 95),
    unit: 'ms',
    budget: '≤ 300',
    pass: percentile(salesforce.afterSettle, 95) <= 300,
  });

  // The whole cue card (header, ranked next best asset with reasons, tabs), not just the name.
  const fullSidebar: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(SAMPLES / 2)); i++) {
    const page = await session.context.newPage();
    await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'), { waitUntil: 'load' });
    const loaded = Date.now();
    // The teaser above the tabs names the ranked top asset once recommendations have arrived.
    await page.frameLocator(SIDEBAR).locator('.teaser button').first().waitFor({ timeout: 20_000 });
    fullSidebar.push(Date.now() - loaded);
    await page.close();
  }
  add({ metric: 'full sidebar (ranked next best asset) after page load, p50 (Salesforce)', value: median(fullSidebar), unit: 'ms' });
  add({ metric: 'full sidebar (ranked next best asset) after page load, p95 (Salesforce)', value: percentile(fullSidebar, 95), unit: 'ms' });

  const sites: [string, string][] = [
    ['HubSpot', hubspotRecordUrl('0-1', '51234001')],
    ['Pipedrive', `${PIPEDRIVE_APP}/person/1042`],
    ['Dynamics 365', dynamicsRecordUrl('contact', '5C1E2A4B-8F3D-4B6A-9E21-0D7C3F8A1B01')],
    ['Gmail', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT'],
    ['Outlook', `https://outlook.office.com/mail/inbox/id/${encodeURIComponent('AAQkADAwATM0MDAAMS1iNTcwLWE0OWEtMDACLTAwCgAQAF2Jx0tqBbVLr/Ol1eY1pS0=')}`],
  ];
  /**
   * Main-thread time our page script spent on a record page, from a CPU profile of the page's
   * renderer: the self time of every sample whose function lives in a page script (content-scripts/),
   * from navigation until the sidebar shows the prospect plus a second of the page's own churn.
   */
  const pageScriptMs = async (url: string, name: string) => {
    const page = await session!.context.newPage();
    const cdp = await session!.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load' });
    await page.frameLocator(SIDEBAR).getByTestId('prospect-name').filter({ hasText: name }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1_000);
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: { nodes: { id: number; callFrame: { url: string } }[]; samples?: number[]; timeDeltas?: number[] };
    };
    const ours = new Set(profile.nodes.filter((node) => node.callFrame.url.includes('/content-scripts/')).map((node) => node.id));
    let micros = 0;
    (profile.samples ?? []).forEach((nodeId, i) => {
      if (ours.has(nodeId)) micros += profile.timeDeltas?.[i] ?? 0;
    });
    await cdp.detach();
    await page.close();
    return micros / 1000;
  };
  const allSites: [string, string][] = [['Salesforce', salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF')], ...sites];
  for (const [site, url] of sites) {
    const { afterLoad } = await sidebarMs(url, 'Dana Whitfield', Math.max(3, Math.floor(SAMPLES / 4)));
    add({ metric: `sidebar after page load, p50 (${site}; fixture renders late, email needed)`, value: median(afterLoad), unit: 'ms' });
  }
  for (const [site, url] of allSites) {
    add({ metric: `page script main-thread time, record page (${site})`, value: await pageScriptMs(url, 'Dana Whitfield'), unit: 'ms' });
  }

  // --- page load with and without the extension --------------------------------------------
  const plainProfile = mkdtempSync(path.join(tmpdir(), 'cuecard-bench-plain-'));
  const plain = await chromium.launchPersistentContext(plainProfile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const pattern of FIXTURE_URL_PATTERNS) {
    await plain.route(pattern, async (route) => {
      const fixture = fixtureFor(route.request().url());
      if (!fixture) return route.abort();
      await route.fulfill({ status: fixture.status, contentType: fixture.contentType, body: fixture.body });
    });
  }
  const loadTime = async (page: Page) =>
    page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return entry!.loadEventEnd - entry!.startTime;
    });
  const withExt: number[] = [];
  const without: number[] = [];
  const url = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate, so a busy moment of the machine hits both sides alike.
    for (const [context, into] of [[session.context, withExt], [plain, without]] as const) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      into.push(await loadTime(page));
      await page.close();
      // Let the previous page's sidebar work (ranking in the background) finish: this measures a
      // page load, not a rep opening ten records a second on a 2-core machine.
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
  await plain.close();
  rmSync(plainProfile, { recursive: true, force: true });
  const ratio = median(withExt) / median(without);
  add({ metric: 'page load without the extension, median', value: median(without), unit: 'ms' });
  add({ metric: 'page load with the extension, median', value: median(withExt), unit: 'ms' });
  add({ metric: 'page load with ÷ without', value: ratio, unit: 'ratio', budget: '≤ 1.10', pass: ratio <= 1.1 });
} finally {
  await session?.close();
  await hub?.close();
  rmSync(tmp, { recursive: true, force: true });
}

// --- the hub ----------------------------------------------------------------------------------
if (!args['skip-hub']) {
  console.log('hub throughput on embedded Postgres…');
  const hub = await benchHub();
  add({ metric: 'hub: sync changes served', value: hub.syncChangesPerSecond, unit: 'changes/s', budget: `≥ ${HUB_BUDGETS.syncChangesPerSecond.toLocaleString('en')}`, pass: hub.syncChangesPerSecond >= HUB_BUDGETS.syncChangesPerSecond });
  add({ metric: 'hub: usage events ingested', value: hub.usageEventsPerSecond, unit: 'events/s', budget: `≥ ${HUB_BUDGETS.usageEventsPerSecond.toLocaleString('en')}`, pass: hub.usageEventsPerSecond >= HUB_BUDGETS.usageEventsPerSecond });
  add({ metric: 'hub: raw PGlite batched inserts (baseline)', value: hub.rawInsertsPerSecond, unit: 'rows/s' });
  add({ metric: 'hub: bundle import', value: hub.importRowsPerSecond, unit: 'rows/s' });
}

// --- the hub's console ---------------------------------------------------------------------------
if (!args['skip-console']) {
  console.log('console pages on the demo workspace…');
  for (const row of consoleRows(await benchConsole({ samples: Math.max(5, Math.floor(SAMPLES / 3)) }))) add(row);
}
if (!args['skip-connectors']) await connectorRows();

const table = formatTable(rows);
console.log(`\n${table}\n\n${((Date.now() - started) / 1000).toFixed(0)} s in all`);
mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench/results.json'),
  JSON.stringify({ at: new Date().toISOString(), prospects: PROSPECTS, touches: TOUCHES, importRows, samples: SAMPLES, rows }, null, 2),
);
