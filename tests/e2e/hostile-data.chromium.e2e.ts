/**
 * The hostile-data corpus (tests/unit/security/corpus.ts) imported into the real extension, then
 * shown by the real sidebar on a Salesforce record: every payload must come out as text. No
 * element built from data (img, script, svg, iframe…), no on* attribute, every link https:, no
 * dialog fired anywhere (options page, CRM page, sidebar).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog, Frame, Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { auditDom, expectNoMarkupFromData, HOSTILE_DANA_NAME as DANA_NAME, hostileWorkspace, shownPayloads } from './harness/hostile';
import { importThroughOptions } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeJsonFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
const SIDEBAR = 'iframe[data-cuecard="sidebar"]';

let session: ChromiumSession;
let page: Page;
let importStatus = '';
const dialogs: string[] = [];
const onDialog = (dialog: Dialog) => {
  dialogs.push(`${dialog.type()}: ${dialog.message()}`);
  void dialog.dismiss().catch(() => undefined);
};

const audit = (frame: Frame) => frame.evaluate(auditDom);

beforeAll(async () => {
  session = await launchChromium();
  session.context.on('page', (p) => p.on('dialog', onDialog));
  const { workspace } = hostileWorkspace();
  const options = await session.openExtensionPage('options.html');
  options.on('dialog', onDialog);
  importStatus = await importThroughOptions(options, writeJsonFile('hostile.json', workspace));
  await options.waitForTimeout(500);
  await options.close();
  page = await session.context.newPage();
  page.on('dialog', onDialog);
  await page.goto(DANA);
  await page.frameLocator(SIDEBAR).getByTestId('prospect-name').waitFor({ timeout: 20_000 });
});
afterAll(async () => session?.close());

describe('hostile data imported into the real extension', () => {
  it('imports the hostile rows and rejects exactly the non-https URLs', () => {
    const { expectedRejected } = hostileWorkspace();
    expect(importStatus).toMatch(new RegExp(`Rejected rows: ${expectedRejected}$`));
  });

  it('shows hostile names and titles as the same text', async () => {
    const sidebar = page.frameLocator(SIDEBAR);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent()).toBe(DANA_NAME);
    await expect.poll(() => sidebar.getByTestId('touch-item').count()).toBeGreaterThan(10);
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'))!;
    const { text } = await audit(frame);
    // A good share of the payloads is on screen, verbatim (the timeline is virtualized: not all of them).
    expect(shownPayloads(text).length).toBeGreaterThan(20);
  });

  it('creates no element from data: no img/svg/iframe/…, no on* attributes, only our bundled scripts', async () => {
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'))!;
    // Open everything that can be opened, so hidden panels render too.
    for (const testId of ['message-item', 'asset-item', 'next-best-asset', 'committee-member']) {
      const items = page.frameLocator(SIDEBAR).getByTestId(testId);
      if ((await items.count()) > 0) await items.first().click({ timeout: 2_000 }).catch(() => undefined);
    }
    await page.waitForTimeout(500);
    const result = await audit(frame);
    expectNoMarkupFromData(result);
  });

  it('fires no dialog anywhere (options page, CRM page, sidebar)', async () => {
    await page.waitForTimeout(1_000);
    expect(dialogs).toEqual([]);
  });

  it('the options page lists the rejected rows as text, without markup', async () => {
    const options = await session.openExtensionPage('options.html');
    options.on('dialog', onDialog);
    const { workspace } = hostileWorkspace();
    await importThroughOptions(options, writeJsonFile('hostile-again.json', workspace));
    const result = await audit(options.mainFrame());
    expect(result.tags.filter((tag) => ['img', 'svg', 'iframe', 'object', 'embed', 'video', 'math'].includes(tag))).toEqual([]);
    expect(result.onAttributes).toEqual([]);
    expect(dialogs).toEqual([]);
    await options.close();
  });
});
