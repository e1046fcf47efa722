/**
 * A hostile CRM page (tests/fixtures/sites/hostile/) at a supported Salesforce host: forged
 * postMessages, fake sidebar iframes, poisoned builtins, mutation floods and a pushState storm.
 * Cuecard must keep showing the right prospect (or stay quiet), never throw into the page, never
 * put prospect data into the page's DOM, never let the page read the sidebar, and stay cheap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { ChromiumSession } from './harness/chromium';
import { expectNothingThrownIntoPage, HOSTILE_DANA as DANA, MARCUS_PATH, secretNeedles, STORM_PATHS } from './harness/hostile';
import { launchWithWorkspace } from './harness/sidebar';
import { FIXTURE_URL_PATTERNS, fixtureFor } from './harness/site-fixtures';

/** Our iframe, not the page's fakes (which carry data-hostile). */
const REAL_SIDEBAR = 'iframe[data-cuecard="sidebar"]:not([data-hostile])';
const BURSTS = 20;
const PER_BURST = 500; // 20 × 500 = 10,000 structural mutations

let session: ChromiumSession;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

const sidebarName = () => page.frameLocator(REAL_SIDEBAR).getByTestId('prospect-name').textContent({ timeout: 5_000 }).catch(() => null);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function scriptDuration(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
}

interface FloodCost {
  burstsMs: number[];
  /** Main-thread script time of every world during the flood (CDP Performance ScriptDuration). */
  scriptMs: number;
  /** Sampled JS time in frames whose script URL is our extension's (the content script). */
  extensionJsMs: number;
}

/** Floods the page: per-burst wall times, all-world script time, and our own JS time from a CPU profile. */
async function measureFlood(target: Page): Promise<FloodCost> {
  const cdp = await target.context().newCDPSession(target);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const before = await scriptDuration(cdp);
  await cdp.send('Profiler.start');
  const burstsMs = await target.evaluate(([b, n]) => window.__hostile.flood(b!, n!), [BURSTS, PER_BURST]);
  // Let the debounced detection after the last burst run too.
  await target.waitForTimeout(400);
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: { id: number; callFrame: { url: string } }[]; samples: number[]; timeDeltas: number[] };
  };
  const scriptMs = ((await scriptDuration(cdp)) - before) * 1000;
  await cdp.detach();
  const ours = new Set(profile.nodes.filter((node) => /^(chrome|moz)-extension:/.test(node.callFrame.url)).map((node) => node.id));
  let extensionJsUs = 0;
  profile.samples.forEach((id, index) => {
    if (ours.has(id)) extensionJsUs += profile.timeDeltas[index] ?? 0;
  });
  return { burstsMs, scriptMs, extensionJsMs: extensionJsUs / 1000 };
}

beforeAll(async () => {
  session = await launchWithWorkspace();
  page = await session.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(DANA);
  // expect.poll is for tests only; the first test checks the name again.
  await page.frameLocator(REAL_SIDEBAR).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 20_000 });
});
afterAll(async () => session?.close());

describe('a hostile page at a supported Salesforce host', () => {
  it('shows the right prospect despite poisoned builtins, and never touches the page’s traps', async () => {
    expect(await sidebarName()).toBe('Dana Whitfield');
    expect(await page.evaluate(() => window.__hostile.state.extensionHits)).toBe(0);
    // The traps are live: the page's own code went through them.
    expect(await page.evaluate(() => window.__hostile.state.calls)).toBeGreaterThan(0);
  });

  it('ignores forged postMessages at the sidebar and at the page itself', async () => {
    const sent = await page.evaluate(() => window.__hostile.forgeMessages(20));
    expect(sent).toBeGreaterThan(200);
    await page.waitForTimeout(1_000);
    expect(await sidebarName()).toBe('Dana Whitfield');
    // A forged data:wipe would have emptied the workspace; a forged page:context would show Marcus.
    expect(await page.frameLocator(REAL_SIDEBAR).getByTestId('touch-item').count()).toBeGreaterThan(0);
  });

  it('is not confused by fake iframe[data-cuecard] elements, and keeps one real sidebar', async () => {
    const made = await page.evaluate(() => window.__hostile.fakeFrames());
    expect(made).toBeGreaterThanOrEqual(5);
    await page.waitForTimeout(1_000);
    expect(await page.evaluate(() => window.__hostile.realSidebarCount())).toBe(1);
    expect(await sidebarName()).toBe('Dana Whitfield');
  });

  it('shows nothing in the copy of our sidebar the page embedded (clickjacking), while ours keeps working', async () => {
    const copy = page.frameLocator('iframe[data-hostile="copy"]');
    await expect.poll(() => copy.getByTestId('sidebar-refused').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await copy.getByTestId('prospect-name').count()).toBe(0);
    expect(await copy.getByTestId('touch-item').count()).toBe(0);
    expect(await copy.locator('button').count()).toBe(0);
    // The page posts made-up keys at both frames: ours keeps its own, the copy stays empty.
    await page.evaluate(() => {
      for (const frame of Array.from(document.querySelectorAll('iframe'))) {
        for (let i = 0; i < 20; i++) frame.contentWindow?.postMessage({ type: 'cuecard:frame-key', key: crypto.randomUUID() }, '*');
      }
    });
    await page.waitForTimeout(1_000);
    expect(await copy.getByTestId('prospect-name').count()).toBe(0);
    expect(await sidebarName()).toBe('Dana Whitfield');
  });

  it('the page cannot read the sidebar document, not even in a frame it made with our URL', async () => {
    const reads = await page.evaluate(() => window.__hostile.readSidebar());
    expect(reads.length).toBeGreaterThanOrEqual(2); // ours and the page's copy
    for (const read of reads) expect(read.got).toBeNull();
  });

  it('keeps up with a pushState storm (50/s for 2 s) and ends on the right person', async () => {
    const count = await page.evaluate(
      ([all, last]) => window.__hostile.navigationStorm(50, 2_000, all as string[], last as string),
      [STORM_PATHS, MARCUS_PATH] as const,
    );
    expect(count).toBe(100);
    await expect.poll(sidebarName, { timeout: 15_000 }).toBe('Marcus Oyelaran');
  });

  it('puts no prospect data into the page’s DOM', async () => {
    const needles = secretNeedles();
    expect(needles.length).toBeGreaterThan(10);
    // Sanity: the sidebar does show some of them, so the probe would see a leak.
    await expect.poll(() => page.frameLocator(REAL_SIDEBAR).getByTestId('touch-item').count()).toBeGreaterThan(0);
    expect(await page.evaluate((list) => window.__hostile.leaks(list), needles)).toEqual([]);
  });

  it('costs the page little main-thread time under a 10,000-mutation flood (vs the same page without Cuecard)', async () => {
    let plain: Browser | undefined;
    try {
      plain = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      });
      const context = await plain.newContext({ viewport: { width: 1400, height: 900 } });
      for (const pattern of FIXTURE_URL_PATTERNS) {
        await context.route(pattern, async (route) => {
          const fixture = fixtureFor(route.request().url());
          if (!fixture) return route.abort();
          await route.fulfill({ status: fixture.status, contentType: fixture.contentType, body: fixture.body });
        });
      }
      const bare = await context.newPage();
      await bare.goto(DANA);
      await bare.waitForTimeout(1_500);

      // A fresh page on each side, so both DOMs are the same size (the storm above left Lightning's
      // cached page hosts behind in `page`).
      const fresh = await session.context.newPage();
      await fresh.goto(DANA);
      await fresh.frameLocator(REAL_SIDEBAR).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 20_000 });

      // Alternate runs so background load on the shared machine hits both sides alike.
      const withExt: FloodCost[] = [];
      const without: FloodCost[] = [];
      for (let round = 0; round < 3; round++) {
        without.push(await measureFlood(bare));
        withExt.push(await measureFlood(fresh));
      }
      await fresh.close();
      const extBurst = median(withExt.flatMap((r) => r.burstsMs));
      const bareBurst = median(without.flatMap((r) => r.burstsMs));
      const extScript = median(withExt.map((r) => r.scriptMs));
      const bareScript = median(without.map((r) => r.scriptMs));
      const oursPerBurst = median(withExt.map((r) => r.extensionJsMs)) / BURSTS;
      const summary = {
        mutations: BURSTS * PER_BURST,
        contentScriptJsMsPerBurst: +oursPerBurst.toFixed(3),
        burstWallMedianMs: { withCuecard: +extBurst.toFixed(2), without: +bareBurst.toFixed(2), ratio: +(extBurst / bareBurst).toFixed(2) },
        scriptDurationMs: { withCuecard: +extScript.toFixed(1), without: +bareScript.toFixed(1), ratio: +(extScript / bareScript).toFixed(2) },
      };
      console.log(`[hostile-page] flood cost: ${JSON.stringify(summary)}`);
      // Our observer only schedules a debounced check: our own JS stays under 2 ms per 500-mutation burst.
      expect(oursPerBurst).toBeLessThanOrEqual(2);
      // All-world script time: at most 2× the page's own plus 50 ms over 10,000 mutations.
      expect(extScript).toBeLessThanOrEqual(bareScript * 2 + 50);
      /*
       * Not asserted: the burst WALL time ratio (2-5x here, ~2 ms per 500 mutations, while our JS
       * is < 1 ms): most of it is what any subtree MutationObserver costs the browser per mutation,
       * the page's own included, and it swings with the load on this machine. SECURITY.md §1 has
       * the same-browser probe that splits it up.
       */
      expect(await sidebarName()).toBe('Marcus Oyelaran');
    } finally {
      await plain?.close();
    }
  });

  it('threw nothing into the page: every page error is the page’s own', async () => {
    expectNothingThrownIntoPage(await page.evaluate(() => window.__hostile.state), pageErrors, consoleErrors);
  });
});
