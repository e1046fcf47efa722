/**
 * `npm run demo`: the product on demo data. Starts the hub with a demo workspace and a team's
 * worth of past usage (embedded Postgres in demo-output/hub-data), opens Chromium with the built
 * extension, connects it to the hub as a rep would on the options page, syncs, and shows the
 * sidebar on a Salesforce Lightning record served at its real URL (and, headless, the popup's
 * waiting leads and the account view), and opens the hub's console signed in as marketing. With a
 * display it leaves the browser open; without one (or with --headless) it writes screenshots to
 * demo-output/ (the sidebar, the dashboard and its leads report, and the console's library, an edit
 * with its preview, usage, users and connectors — a HubSpot connector an admin adds against a fake
 * portal on loopback, so nothing reaches the internet) and prints their paths. `--offline` skips the hub and imports
 * the workspace file instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { FakeHubspot } from '../hub/connectors/fakes/hubspot';
import { generateWorkspace } from '../lib/demo/generate';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { ROOT } from '../tests/e2e/harness/paths';
import { SALESFORCE_ORG, salesforceRecordUrl } from '../tests/e2e/harness/site-fixtures';
import { importThroughOptions, sidebarOf } from '../tests/e2e/harness/sidebar';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: !process.env.DISPLAY },
    offline: { type: 'boolean', default: false },
    prospects: { type: 'string', default: '300' },
    touches: { type: 'string', default: '8000' },
    seed: { type: 'string', default: '1' },
    port: { type: 'string', default: '8787' },
  },
});

const outDir = path.join(ROOT, 'demo-output');
mkdirSync(outDir, { recursive: true });
const shots: string[] = [];
const shoot = async (page: Page, name: string) => {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
};

interface DemoHub {
  url: string;
  tokens: { rep: string; marketing: string; admin: string };
  process: ChildProcess;
}

/** The hub CLI's demo command prints one JSON line when it is ready. */
async function startDemoHub(): Promise<DemoHub> {
  const dataDir = path.join(outDir, 'hub-data');
  rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'hub/cli.ts'), 'demo', '--port', values.port!, '--data', dataDir, '--prospects', values.prospects!, '--touches', values.touches!, '--seed', values.seed!],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; tokens: DemoHub['tokens'] }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        // Not the ready line.
      }
    });
  });
  return { ...ready, process: child };
}

/** Signs in to the hub's console as a marketer or admin would: the token, then a session cookie. */
async function consoleSignIn(page: Page, hub: DemoHub, token: string) {
  await page.goto(hub.url);
  await page.getByTestId('console-token').fill(token);
  await page.getByTestId('console-sign-in').click();
  await page.locator('main[data-view="library"][aria-busy="false"]').waitFor({ timeout: 30_000 });
}

/** The console's views set aria-busy while their data loads. */
async function consoleView(page: Page, hub: DemoHub, path: string, view: string) {
  await page.goto(`${hub.url}${path}`);
  await page.locator(`main[data-view="${view}"][aria-busy="false"]`).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
}

async function connect(options: Page, hub: DemoHub, token: string) {
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(token);
  await options.getByTestId('save-settings').click();
  await options.getByTestId('settings-message').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
}

/** A small HubSpot portal on loopback for the connectors screenshot: a few contacts and their email events. */
async function startFakePortal(): Promise<FakeHubspot> {
  const fake = new FakeHubspot();
  await fake.start();
  fake.campaigns.set(701, { name: 'Freight ROI nurture', subject: 'What route analytics saves a fleet' });
  const day = 24 * 60 * 60_000;
  for (let i = 0; i < 120; i++) {
    const email = `contact${i}@portal-demo.example`;
    fake.addContact({ email, firstname: `Contact ${i}`, company: `Demo Fleet ${i % 12}` }, { modifiedAt: Date.now() - (i % 30) * day });
    for (const type of ['OPEN', 'CLICK'] as const) if (type === 'OPEN' || i % 3 === 0) fake.addEvent({ type, recipient: email, created: Date.now() - (i % 20) * day, emailCampaignId: 701, filteredEvent: false });
  }
  return fake;
}

const hub = values.offline ? undefined : await startDemoHub();
const portal = hub && values.headless ? await startFakePortal() : undefined;
if (hub) console.log(`hub: ${hub.url} (demo workspace, 6 reps' usage; tokens in the JSON line above)`);
const session = await launchChromium({ headless: values.headless });

try {
  const options = await session.openExtensionPage('options.html');
  if (hub) {
    await connect(options, hub, hub.tokens.rep);
    const consent = options.getByTestId('usage-consent');
    if (!(await consent.isChecked())) await consent.check();
    await options.getByTestId('sync-now').click();
    await options.getByTestId('sync-status').filter({ hasText: /Last successful sync: .+\d/ }).waitFor({ timeout: 120_000 });
    console.log(await options.getByTestId('sync-status').textContent());
  } else {
    const workspaceFile = path.join(outDir, 'workspace.json');
    const workspace = generateWorkspace({ prospects: Number(values.prospects), touches: Number(values.touches), seed: Number(values.seed) });
    writeFileSync(workspaceFile, JSON.stringify(workspace));
    console.log(await importThroughOptions(options, workspaceFile));
  }
  if (values.headless) await shoot(options, 'options');

  const page = await session.context.newPage();
  await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF'));
  await sidebarOf(page).getByTestId('prospect-name').waitFor({ timeout: 20_000 });

  if (!values.headless) {
    await options.close();
    if (hub) {
      await consoleSignIn(await session.context.newPage(), hub, hub.tokens.marketing);
      console.log(`The hub's console is open at ${hub.url}, signed in as marketing.`);
      await page.bringToFront();
    }
    console.log(`Cuecard is running on ${SALESFORCE_ORG} with demo data. Close the browser window to stop.`);
    await new Promise<void>((resolve) => session.context.on('close', () => resolve()));
  } else {
    await page.waitForTimeout(1_000);
    await shoot(page, 'salesforce-contact');
    await page.locator('a[href="/lightning/r/Lead/00QDn00000Lm7PqMAJ/view"]').first().click();
    await sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Priya Raman' }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await shoot(page, 'salesforce-lead');
    await page.goto(salesforceRecordUrl('Account', '001Dn00000AbCdeIAB'));
    await sidebarOf(page).getByTestId('account-engagement').waitFor({ timeout: 20_000 });
    await shoot(page, 'salesforce-account');
    if (hub) {
      // The leads marketing handed the demo rep that wait for them (Marcus among them).
      const popup = await session.openExtensionPage('popup.html');
      await popup.setViewportSize({ width: 370, height: 640 });
      await popup.getByTestId('waiting-leads').waitFor({ timeout: 20_000 });
      await shoot(popup, 'popup-waiting-leads');
      await popup.close();
    }
    await page.goto(salesforceRecordUrl('Contact', '003Dn00000QxZzzIAF'));
    await sidebarOf(page).getByTestId('no-match').waitFor({ timeout: 20_000 });
    await shoot(page, 'salesforce-no-match');
    if (hub) {
      // Marketing's view: the same extension, connected with a marketing token.
      await connect(options, hub, hub.tokens.marketing);
      const dashboard = await session.openExtensionPage('dashboard.html');
      await dashboard.getByTestId('usage-row').first().waitFor({ timeout: 30_000 });
      await dashboard.waitForTimeout(500);
      await dashboard.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });
      shots.push(path.join(outDir, 'dashboard.png'));
      // What became of the leads marketing handed over (the team's demo follow-ups and feedback).
      await dashboard.getByTestId('leads-row').first().waitFor({ timeout: 30_000 });
      await dashboard.getByTestId('leads-report').screenshot({ path: path.join(outDir, 'dashboard-leads.png') });
      shots.push(path.join(outDir, 'dashboard-leads.png'));

      // The hub's console, as marketing: the library, an edit with its live preview, usage.
      const console_ = await session.context.newPage();
      await consoleSignIn(console_, hub, hub.tokens.marketing);
      await shoot(console_, 'console-library');
      await consoleView(console_, hub, '/library/message/m-finance-freight-roi', 'edit');
      await console_.getByLabel('Body').press('Control+End');
      await console_.getByLabel('Body').pressSequentially('\n\nP.S. {{company}} could start with one lane: {{lane}}.');
      await console_.getByTestId('preview-warnings').filter({ hasText: 'lane' }).waitFor({ timeout: 10_000 });
      await shoot(console_, 'console-edit');
      for (const [name, urlPath, view] of [
        ['console-attention', '/attention', 'attention'],
        ['console-usage', '/usage', 'usage'],
      ] as const) {
        await consoleView(console_, hub, urlPath, view);
        await console_.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
        shots.push(path.join(outDir, `${name}.png`));
      }
      // Users are an admin's: sign out, sign in again with the admin token.
      await console_.getByTestId('sign-out').click();
      await consoleSignIn(console_, hub, hub.tokens.admin);
      await consoleView(console_, hub, '/users', 'users');
      await console_.screenshot({ path: path.join(outDir, 'console-users.png'), fullPage: true });
      shots.push(path.join(outDir, 'console-users.png'));
      // Connectors: the admin connects the loopback portal, tests the credentials and runs it.
      if (portal) {
        await consoleView(console_, hub, '/connectors', 'connectors');
        await console_.getByTestId('new-connector').click();
        await console_.getByLabel('Name', { exact: true }).fill('HubSpot (demo portal)');
        await console_.getByLabel('API URL', { exact: true }).fill(portal.url!);
        await console_.getByLabel('Private app access token', { exact: true }).fill(portal.issueToken());
        await console_.getByTestId('add-connector').click();
        const row = console_.getByTestId('connector-row').first();
        await row.getByTestId('connector-test').click();
        await row.getByTestId('connector-test-result').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
        await row.getByTestId('connector-run').click();
        await row.getByTestId('connector-counts').filter({ hasText: /^120 people/ }).waitFor({ timeout: 60_000 });
        await console_.locator('[data-testid="connector-row"][data-state="idle"]').waitFor({ timeout: 60_000 });
        await console_.waitForTimeout(300);
        await console_.screenshot({ path: path.join(outDir, 'console-connectors.png'), fullPage: true });
        shots.push(path.join(outDir, 'console-connectors.png'));
      }
    }
    console.log('screenshots:');
    for (const file of shots) console.log(`  ${file}`);
  }
} finally {
  await session.close();
  hub?.process.kill('SIGTERM');
  await portal?.close();
}
