import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { importThroughOptions, sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeJsonFile, writeWorkspaceFile } from './harness/workspace-file';

let session: ChromiumSession;
beforeAll(async () => {
  session = await launchChromium();
  const options = await session.openExtensionPage('options.html');
  await importThroughOptions(options, writeWorkspaceFile());
  // A second record for Marcus, as CRMs and marketing tools produce them.
  await importThroughOptions(
    options,
    writeJsonFile('duplicate.json', {
      format: 'cuecard/v1',
      prospects: [{ id: 'p-marcus-zz-old', email: 'marcus.oyelaran@northwind-logistics.com', name: 'Marcus Oyelaran (old record)', title: 'IT Manager' }],
    }),
  );
  await options.close();
});
afterAll(async () => session?.close());

describe('several records match the page', () => {
  it('says so on the header and lets the rep pick the right one, never merging them', async () => {
    const page = await session.context.newPage();
    await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxDefIAF'));
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Marcus Oyelaran');
    const candidate = sidebar.getByTestId('match-candidate');
    await expect.poll(() => candidate.count()).toBe(1);
    expect(await candidate.getAttribute('data-prospect-id')).toBe('p-marcus-zz-old');
    await candidate.click();
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 10_000 }).toBe('Marcus Oyelaran (old record)');
    await page.close();
  });
});
