/**
 * `npm run demo`: the product on demo data. Generates a workspace, opens Chromium with the built
 * extension on a Salesforce Lightning record served at its real URL, and imports the workspace
 * through the options page as a rep would. With a display it leaves the browser open; without
 * one (or with --headless) it writes screenshots to demo-output/ and prints their paths.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorkspace } from '../lib/demo/generate';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { ROOT } from '../tests/e2e/harness/paths';
import { SALESFORCE_ORG, salesforceRecordUrl } from '../tests/e2e/harness/site-fixtures';
import { importThroughOptions, sidebarOf } from '../tests/e2e/harness/sidebar';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: !process.env.DISPLAY },
    prospects: { type: 'string', default: '200' },
    touches: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
  },
});

const outDir = path.join(ROOT, 'demo-output');
mkdirSync(outDir, { recursive: true });
const workspaceFile = path.join(outDir, 'workspace.json');
const workspace = generateWorkspace({ prospects: Number(values.prospects), touches: Number(values.touches), seed: Number(values.seed) });
writeFileSync(workspaceFile, JSON.stringify(workspace));
console.log(`demo workspace: ${workspaceFile} (${workspace.prospects?.length} prospects, ${workspace.touches?.length} touches)`);

const session = await launchChromium({ headless: values.headless });
const shots: string[] = [];
const shoot = async (page: import('playwright-core').Page, name: string) => {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
};

try {
  const options = await session.openExtensionPage('options.html');
  console.log(await importThroughOptions(options, workspaceFile));
  if (values.headless) await shoot(options, 'options-imported');

  const page = await session.context.newPage();
  await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'));
  await sidebarOf(page).getByTestId('prospect-name').waitFor({ timeout: 20_000 });

  if (!values.headless) {
    await options.close();
    console.log(`Cuecard is running on ${SALESFORCE_ORG} (demo data). Close the browser window to stop.`);
    await new Promise<void>((resolve) => session.context.on('close', () => resolve()));
  } else {
    await page.waitForTimeout(600);
    await shoot(page, 'salesforce-contact');
    await page.locator('a[href="/lightning/r/Lead/00QDn00000Lm7PqMAJ/view"]').first().click();
    await sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Priya Raman' }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(600);
    await shoot(page, 'salesforce-lead');
    await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxZzzIAF'));
    await sidebarOf(page).getByTestId('no-match').waitFor({ timeout: 20_000 });
    await shoot(page, 'salesforce-no-match');
    console.log('screenshots:');
    for (const file of shots) console.log(`  ${file}`);
  }
} finally {
  await session.close();
}
