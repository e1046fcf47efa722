/**
 * The browser closed mid-import, in Firefox (the Chromium twin is import-faults.chromium.e2e.ts):
 * after a relaunch on the same profile the extension keeps its moz-extension UUID, so its
 * IndexedDB is the same; the options page and the popup say which import stopped and how many
 * rows it wrote, and importing the file again finishes it exactly. Not here: killing the
 * background mid-import (Chromium's test closes the worker over CDP; BiDi has no such command).
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { chooseImportFile, type FirefoxSession, importThroughOptions, launchFirefox, makeFirefoxProfileDir, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { expectedCounts, INTERRUPTED_WARNING, parseCount, statusCounts, storeCounts, totalRows } from './harness/import-counts';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

/** Enough to close the browser after some chunks and before the end, and cheap to import again. */
const MEDIUM = writeWorkspaceFile({ prospects: 200, touches: 12_000, seed: 29 });
const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');

const sessions: FirefoxSession[] = [];
const profile = makeFirefoxProfileDir();
afterAll(async () => {
  for (const session of sessions) await session.close();
  rmSync(profile, { recursive: true, force: true });
});


/** Touches written so far, from the options page's progress line ("touches: 4,000 of 12,000"). */
async function touchesDone(options: Page): Promise<number> {
  const label = await options.evaluate(() => document.querySelector('.progress-row span')?.textContent ?? '').catch(() => '');
  const match = /^touches: ([\d,]+) of/.exec(label);
  return match ? parseCount(match[1]!) : 0;
}

/** A Salesforce record in a new tab of `session`, and our sidebar frame on it (a way into extension pages). */
async function sidebarOn(session: FirefoxSession): Promise<Frame> {
  return (await openWithSidebar(session, DANA)).sidebar;
}

describe('Firefox: browser closed mid-import', () => {
  it('warns after the relaunch with the rows written, keeps them, and a re-import finishes exactly', async () => {
    const expected = await expectedCounts(MEDIUM);
    const first = await launchFirefox({ profileDir: profile });
    sessions.push(first);
    const firstSidebar = await sidebarOn(first);
    const origin = await firstSidebar.evaluate(() => location.origin);
    const options = await openExtensionPage(first, firstSidebar, 'options.html');
    expect(totalRows(await storeCounts(options))).toBe(0);
    await chooseImportFile(options, MEDIUM);
    // Some chunks landed, most did not.
    const deadline = Date.now() + 60_000;
    while ((await touchesDone(options)) < 4_000 && Date.now() < deadline) await sleep(25);
    const beforeClose = await storeCounts(options);
    await first.close();
    expect(beforeClose.touches).toBeGreaterThanOrEqual(4_000);
    expect(totalRows(beforeClose)).toBeLessThan(expected.total);

    const second = await launchFirefox({ profileDir: profile });
    sessions.push(second);
    expect(second.addonId).toBe(first.addonId);
    const sidebar = await sidebarOn(second);
    // Same UUID, so the same origin and the same database.
    expect(await sidebar.evaluate(() => location.origin)).toBe(origin);
    const page = await openExtensionPage(second, sidebar, 'options.html');
    const after = await storeCounts(page);
    // Rows written before the close are still there (at least those seen; a chunk may have landed since).
    expect(after.touches).toBeGreaterThanOrEqual(beforeClose.touches);
    expect(totalRows(after)).toBeLessThan(expected.total);

    const words = await waitForText(page.mainFrame(), 'import-interrupted', INTERRUPTED_WARNING, 15_000);
    console.log(`after relaunch (Firefox): ${words}`);
    // The journal moves in the same transaction as each chunk: its number is exactly what the store holds.
    const written = parseCount(INTERRUPTED_WARNING.exec(words)![1]!);
    expect(written).toBe(totalRows(after));
    expect(await page.$eval('[data-testid="import-interrupted"]', (el) => el.getAttribute('data-rows-written'))).toBe(String(written));

    // The popup says it too.
    const popup = await openExtensionPage(second, sidebar, 'popup.html');
    await waitForText(popup.mainFrame(), 'import-interrupted', /‘workspace\.json’.*stopped after/, 15_000);
    await popup.close();

    const status = await importThroughOptions(page, MEDIUM);
    expect(statusCounts(status)).toEqual(expected.counts);
    expect(await storeCounts(page)).toEqual(expected.counts);
    expect(await textOf(page.mainFrame(), 'import-interrupted')).toBeNull();
    await page.close();
    // A fresh options page (BiDi cannot reload a moz-extension: page) neither warns nor lost anything.
    const again = await openExtensionPage(second, sidebar, 'options.html');
    await again.waitForSelector('[data-testid="import-file"]');
    expect(await storeCounts(again)).toEqual(expected.counts);
    await sleep(1_000);
    expect(await textOf(again.mainFrame(), 'import-interrupted')).toBeNull();
  });
});
