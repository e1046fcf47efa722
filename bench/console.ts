/**
 * The console's budget (DESIGN.md: "console pages interactive ≤ 1 s on the demo workspace"): the
 * hub seeded as `npm run hub -- demo` seeds it (2,000 prospects, 40,000 touches, a team's usage),
 * served over HTTP on 127.0.0.1, each console view opened in Chromium as a signed-in admin.
 *
 * "Interactive" = from the navigation's start to the moment the view's data is on screen and its
 * controls work: the view's <main> drops aria-busy (every view sets it while its data loads). An
 * observer installed before the page's own scripts notes that moment, so polling adds nothing.
 *
 * Standalone: `npx tsx bench/console.ts [--samples N]` (needs `npm run build` for the console).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { seedDemoHub } from '../hub/demo-seed';
import { openHubDb, startHub } from '../hub/server';
import { median, percentile, type BenchRow } from './stats';

export const CONSOLE_BUDGET_MS = 1_000;

/** Every view, as a link would open it; the editor on a showcase message. */
const VIEWS: [string, string][] = [
  ['/library', 'library'],
  ['/library/assets', 'library'],
  ['/library/message/m-finance-freight-roi', 'edit'],
  ['/attention', 'attention'],
  ['/imports', 'imports'],
  ['/connectors', 'connectors'],
  ['/usage', 'usage'],
  ['/changes', 'changes'],
  ['/users', 'users'],
];

export interface ConsoleBench {
  /** Per view: median ms from navigation start to interactive. */
  views: { path: string; medianMs: number; p95Ms: number }[];
  slowestMedianMs: number;
}

export async function benchConsole(options: { samples?: number; prospects?: number; touches?: number } = {}): Promise<ConsoleBench> {
  const samples = options.samples ?? 7;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cuecard-bench-console-'));
  const db = await openHubDb({ dataDir });
  const { tokens, report } = await seedDemoHub(db, { prospects: options.prospects ?? 2_000, touches: options.touches ?? 40_000, seed: 1 });
  if (report.fatal) throw new Error(report.fatal);
  const hub = await startHub({ db, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Runs before the page's scripts (DevTools protocol, so the console's CSP does not apply). A
    // string, not a function: tsx wraps named arrow functions in a helper the page does not have.
    await context.addInitScript(`(() => {
      const ready = 'main[data-view][aria-busy="false"]:not([data-view="checking"]):not([data-view="sign-in"])';
      const check = () => {
        if (!window.__interactiveAt && document.querySelector(ready)) window.__interactiveAt = performance.now();
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy', 'data-view'] });
    })();`);
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.getByTestId('console-token').fill(tokens.admin);
    await page.getByTestId('console-sign-in').click();
    await page.locator('main[data-view="library"][aria-busy="false"]').waitFor({ timeout: 30_000 });

    const times = new Map<string, number[]>(VIEWS.map(([view]) => [view, []]));
    // Round-robin over the views, so a busy moment of the machine touches them alike; one warm-up round.
    for (let round = -1; round < samples; round++) {
      for (const [urlPath, view] of VIEWS) {
        await page.goto(`${hub.url}${urlPath}`);
        await page.locator(`main[data-view="${view}"][aria-busy="false"]`).waitFor({ timeout: 30_000 });
        const at = await page.evaluate(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt ?? Number.NaN);
        if (round >= 0) times.get(urlPath)!.push(at);
      }
    }
    const views = VIEWS.map(([urlPath]) => ({ path: urlPath, medianMs: median(times.get(urlPath)!), p95Ms: percentile(times.get(urlPath)!, 95) }));
    return { views, slowestMedianMs: Math.max(...views.map((view) => view.medianMs)) };
  } finally {
    await browser.close();
    await hub.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function consoleRows(result: ConsoleBench): BenchRow[] {
  const slowest = result.views.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  return [
    {
      metric: 'console pages interactive on the demo workspace (slowest view, median)',
      value: result.slowestMedianMs,
      unit: 'ms',
      budget: `≤ ${CONSOLE_BUDGET_MS.toLocaleString('en')}`,
      pass: result.slowestMedianMs <= CONSOLE_BUDGET_MS,
      note: `${slowest.path}; ${result.views.map((view) => `${view.path} ${Math.round(view.medianMs)}`).join(', ')}`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '7' } } });
  const result = await benchConsole({ samples: Number(values.samples) });
  for (const view of result.views) console.log(`${view.path.padEnd(42)} median ${view.medianMs.toFixed(0)} ms, p95 ${view.p95Ms.toFixed(0)} ms`);
  for (const row of consoleRows(result)) console.log(`${row.metric}: ${row.value.toFixed(0)} ${row.unit} (budget ${row.budget}) ${row.pass ? 'ok' : 'OVER'}`);
}
