import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { FIXTURES } from './harness/paths';
import { importThroughOptions, sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeJsonFile, writeWorkspaceFile } from './harness/workspace-file';

const IMPORTS = path.join(FIXTURES, 'imports');
const SAMPLES = readdirSync(IMPORTS).filter((name) => name.endsWith('.csv')).sort();

let session: ChromiumSession;
let options: Page;

beforeAll(async () => {
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
  await importThroughOptions(options, writeWorkspaceFile());
});
afterAll(async () => session?.close());

async function importCsv(file: string, page: Page = options): Promise<string> {
  await page.getByTestId('import-file').setInputFiles(file);
  const confirm = page.getByTestId('import-confirm');
  const status = page.getByTestId('import-status');
  // Confident detections import at once; doubtful ones wait for the rep's confirmation.
  await Promise.race([
    confirm.waitFor({ timeout: 30_000 }).then(async () => {
      if (!/Rejected rows: \d+$/.test((await status.textContent()) ?? '')) await confirm.click();
    }),
    status.filter({ hasText: /Rejected rows: \d+$/ }).waitFor({ timeout: 30_000 }),
  ]);
  await status.filter({ hasText: /Rejected rows: \d+$/ }).waitFor({ timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

describe('CSV exports through the options page', () => {
  it('has a sample for every preset', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(SAMPLES)('imports %s with its detected preset', async (name) => {
    const status = await importCsv(path.join(IMPORTS, name));
    expect(await options.getByTestId('import-status').getAttribute('class')).not.toContain('error');
    expect(status).toMatch(/^Imported prospects \d+, touches \d+, messages \d+, assets \d+.*Rejected rows: \d+$/);
    const presetShown = await options.getByTestId('import-preset').inputValue();
    expect(presetShown).toBe(name.replace(/\.csv$/, ''));
    const imported = status.match(/prospects (\d+), touches (\d+), messages (\d+), assets (\d+)/)!.slice(1).map(Number);
    expect(imported.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('names the missing columns of a CSV that fits no preset', async () => {
    const status = await importCsv(writeJsonFile('odd.csv', 'Name,Favourite colour\nDana,blue\n'));
    expect(status).toMatch(/missing|lacks|required/i);
    expect(status).toMatch(/Rejected rows: 0$/);
    expect(await options.getByTestId('import-status').getAttribute('class')).toContain('error');
  });

  it('shows the HubSpot email events on Dana’s timeline, attached to the stored prospect', async () => {
    const page = await session.context.newPage();
    await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'));
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    await expect.poll(async () => Number((await sidebar.locator('#timeline-title .count').textContent()) ?? 0)).toBeGreaterThan(12);
    await page.close();
  });
});

describe('a Salesforce Campaign Members report into an empty workspace', () => {
  let empty: ChromiumSession;
  beforeAll(async () => {
    empty = await launchChromium();
  });
  afterAll(async () => empty?.close());

  it('shows the member on their Salesforce contact page with their touches, not “No workspace yet”', async () => {
    const page = await empty.openExtensionPage('options.html');
    const status = await importCsv(path.join(IMPORTS, 'salesforce-campaign-members.csv'), page);
    expect(status).toMatch(/^Imported prospects 7, touches 6, messages 0, assets 0 \(2 rows skipped as not marketing touches; 7 report footer lines skipped\)\. Rejected rows: 0$/);
    const contact = await empty.context.newPage();
    await contact.goto(salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'));
    const sidebar = sidebarOf(contact);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    // Attended the webinar, visited the booth: both member rows are on her timeline.
    await expect.poll(() => sidebar.getByTestId('touch-item').count()).toBe(2);
    expect(await sidebar.getByTestId('no-match').count()).toBe(0);
    await contact.close();
  });
});
