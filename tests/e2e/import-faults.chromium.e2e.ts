/**
 * Faults during an import, in a real Chromium (SECURITY.md "4. Faults"):
 * - the service worker is killed (CDP Target.closeTarget) while chunks are in flight: the page
 *   sends the lost chunk again, and the store ends with exactly the file's rows;
 * - the browser closes mid-import: after a relaunch on the same profile the options page says
 *   which import stopped and how many rows it wrote; importing the file again finishes it.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CollectionCounts } from '../../lib/contract';
import { killServiceWorker, launchChromium, makeProfileDir, type ChromiumSession } from './harness/chromium';
import { expectedCounts, INTERRUPTED_WARNING, parseCount, statusCounts, storeCounts, totalRows } from './harness/import-counts';
import { importThroughOptions } from './harness/sidebar';
import { writeWorkspaceFile } from './harness/workspace-file';

const SCREENSHOT = process.env.CUECARD_SCREENSHOT_DIR ? path.join(process.env.CUECARD_SCREENSHOT_DIR, 'import-interrupted.png') : undefined;

/** ~30,000 touches: 15 chunks of 2,000 touches, many seconds of writing on this machine. */
const BIG = writeWorkspaceFile({ prospects: 400, touches: 30_000, seed: 23 });
/** Enough to close the browser after some chunks and before the end, and cheap to import again. */
const MEDIUM = writeWorkspaceFile({ prospects: 200, touches: 12_000, seed: 29 });

/** store:counts, or undefined while the worker is down / restarting. */
async function tryCounts(page: Page): Promise<CollectionCounts | undefined> {
  return storeCounts(page).catch(() => undefined);
}

/**
 * Touches written so far, from the page's own progress line ("touches: 10,000 of 30,000"): it
 * moves after each chunk's reply, and asking for it costs the busy worker nothing.
 */
async function touchesDone(page: Page): Promise<number> {
  const label = (await page.locator('.progress-row span').textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
  const match = /^touches: ([\d,]+) of/.exec(label);
  return match ? parseCount(match[1]!) : 0;
}

const sessions: ChromiumSession[] = [];
const profiles: string[] = [];
afterAll(async () => {
  for (const session of sessions) await session.close();
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
});

describe('service worker killed mid-import', () => {
  it('finishes with exactly the file’s rows after the worker is killed 3 times during the import', async () => {
    const expected = await expectedCounts(BIG);
    const session = await launchChromium();
    sessions.push(session);
    const options = await session.openExtensionPage('options.html');
    const retried: string[] = [];
    options.on('console', (message) => {
      if (message.text().startsWith('[cuecard] background gone')) retried.push(message.text());
    });
    await storeCounts(options);

    const started = Date.now();
    await options.getByTestId('import-file').setInputFiles(BIG);
    const status = options.getByTestId('import-status');
    // Every step of the page's progress line, timed: a kill shows as one long step.
    const steps: { at: number; done: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const done = await touchesDone(options);
        if (done > (steps.at(-1)?.done ?? 0)) steps.push({ at: Date.now(), done });
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const kills: { atTouches: number; at: number; restartMs: number }[] = [];
    // Kill at ~20 %, ~45 % and ~70 % of the touches: each time, chunks are in flight or about to be.
    for (const share of [0.2, 0.45, 0.7]) {
      await expect
        .poll(() => touchesDone(options), { interval: 25, timeout: 60_000 })
        .toBeGreaterThanOrEqual(Math.floor(expected.counts.touches * share));
      const atTouches = await touchesDone(options);
      await killServiceWorker(session);
      const killed = Date.now();
      // The next message starts a new worker: how long until it answers.
      await expect.poll(() => tryCounts(options), { interval: 10, timeout: 20_000 }).toBeDefined();
      kills.push({ atTouches, at: killed, restartMs: Date.now() - killed });
    }
    await status.filter({ hasText: /Rejected rows: \d+$/ }).waitFor({ timeout: 60_000 });
    const elapsed = Date.now() - started;
    watching = false;
    await watcher;
    // How long the chunk that spanned each kill took, against the usual chunk.
    const gaps = steps.slice(1).map((step, i) => ({ from: steps[i]!.at, ms: step.at - steps[i]!.at }));
    const killGaps = kills.map((kill) => gaps.find((gap) => gap.from <= kill.at && kill.at < gap.from + gap.ms)?.ms ?? 0);
    const normal = gaps.filter((gap) => !kills.some((kill) => gap.from <= kill.at && kill.at < gap.from + gap.ms)).map((gap) => gap.ms).sort((a, b) => a - b);
    const median = normal[Math.floor(normal.length / 2)] ?? 0;
    console.log(`chunk of 2,000 touches: median ${median} ms; chunks across a kill: ${killGaps.join(', ')} ms`);
    const text = (await status.textContent()) ?? '';
    const reconnects = (await options.getByTestId('import-reconnects').textContent().catch(() => null)) ?? '(no chunk had to be re-sent)';
    console.log(`import of ${expected.total} rows with 3 worker kills: ${elapsed} ms; kills ${JSON.stringify(kills.map(({ atTouches, restartMs }) => ({ atTouches, restartMs })))}; ${reconnects}`);

    expect(text).toMatch(/^Imported prospects \d+, touches \d+, messages \d+, assets \d+.*Rejected rows: \d+$/);
    expect(await status.getAttribute('class')).not.toContain('error');
    expect(statusCounts(text)).toEqual(expected.counts);
    // Counts come from the database: nothing lost, nothing doubled.
    expect(await storeCounts(options)).toEqual(expected.counts);
    expect(kills).toHaveLength(3);
    // What Chromium said about each lost chunk (only "background gone" errors are ever retried).
    console.log(`re-sent chunks:\n${retried.join('\n')}`);
    for (const line of retried) expect(line).toMatch(/message channel closed|message port closed|Receiving end does not exist|no_reply|did not answer/);
    // A finished import leaves no warning behind.
    expect(await options.getByTestId('import-interrupted').count()).toBe(0);
    await session.close();
  });
});

describe('browser closed mid-import', () => {
  it('warns after the relaunch with the rows written, keeps them, and a re-import finishes exactly', async () => {
    const expected = await expectedCounts(MEDIUM);
    const profile = makeProfileDir();
    profiles.push(profile);
    const first = await launchChromium({ userDataDir: profile });
    sessions.push(first);
    const options = await first.openExtensionPage('options.html');
    await storeCounts(options);
    await options.getByTestId('import-file').setInputFiles(MEDIUM);
    // Some chunks landed, most did not.
    await expect.poll(() => touchesDone(options), { interval: 25, timeout: 60_000 }).toBeGreaterThanOrEqual(4_000);
    const beforeClose = await storeCounts(options);
    await first.close();
    expect(totalRows(beforeClose)).toBeLessThan(expected.total);

    const second = await launchChromium({ userDataDir: profile });
    sessions.push(second);
    expect(second.extensionId).toBe(first.extensionId);
    const page = await second.openExtensionPage('options.html');
    const after = await storeCounts(page);
    // Rows written before the close are still there (at least those seen; a chunk may have landed since).
    expect(after.touches).toBeGreaterThanOrEqual(beforeClose.touches);
    expect(totalRows(after)).toBeLessThan(expected.total);

    const warning = page.getByTestId('import-interrupted');
    await warning.waitFor({ timeout: 15_000 });
    const words = (await warning.textContent()) ?? '';
    console.log(`after relaunch: ${words}`);
    expect(words).toMatch(INTERRUPTED_WARNING);
    // The journal moves in the same transaction as each chunk: its number is exactly what the store holds.
    const written = parseCount(INTERRUPTED_WARNING.exec(words)![1]!);
    expect(written).toBe(totalRows(after));
    expect(Number(await warning.getAttribute('data-rows-written'))).toBe(written);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The popup says it too.
    const popup = await second.openExtensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('import-interrupted').textContent(), { timeout: 15_000 }).toMatch(/‘workspace\.json’.*stopped after/);
    await popup.close();

    const status = await importThroughOptions(page, MEDIUM, 60_000);
    expect(statusCounts(status)).toEqual(expected.counts);
    expect(await storeCounts(page)).toEqual(expected.counts);
    await expect.poll(() => warning.count()).toBe(0);
    await page.reload();
    await expect.poll(() => storeCounts(page)).toEqual(expected.counts);
    expect(await page.getByTestId('import-interrupted').count()).toBe(0);
  });
});
