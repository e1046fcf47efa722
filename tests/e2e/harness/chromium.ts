/**
 * Debian's Chromium with the built extension, through Playwright's persistent context (the only
 * way Chromium loads an unpacked extension). Fixtures are routed at their real URLs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROME_BUILD, requireBuild } from './paths';
import { FIXTURE_URL_PATTERNS, fixtureFor } from './site-fixtures';

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  /** The profile directory (deleted by close() unless the caller passed its own userDataDir). */
  userDataDir: string;
  serviceWorker(): Promise<Worker>;
  openExtensionPage(page: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  headless?: boolean;
  /**
   * Reuse this profile (e.g. to relaunch "after the browser closed"); close() then leaves it for
   * the caller to delete. Without it, a fresh temp profile is made and deleted on close().
   */
  userDataDir?: string;
}

/** A profile directory for launchChromium({ userDataDir }); the caller deletes it (rmSync). */
export function makeProfileDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cuecard-chromium-'));
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumSession> {
  const extensionDir = requireBuild(options.extensionDir ?? CHROME_BUILD);
  const ownProfile = options.userDataDir === undefined;
  const profile = options.userDataDir ?? makeProfileDir();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: options.headless ?? true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-dev-shm-usage',
      // This machine has no network; background fetches only produce noise and delays.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  for (const pattern of FIXTURE_URL_PATTERNS) {
    await context.route(pattern, async (route) => {
      const fixture = fixtureFor(route.request().url());
      if (!fixture) return route.abort();
      await route.fulfill({ status: fixture.status, contentType: fixture.contentType, body: fixture.body });
    });
  }
  const serviceWorker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL((await serviceWorker()).url()).host;
  return {
    context,
    extensionId,
    userDataDir: profile,
    serviceWorker,
    async openExtensionPage(name) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${name}`);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      if (ownProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Closes the service worker's target, as Chromium does when it idles it out. */
export async function killServiceWorker(session: ChromiumSession): Promise<void> {
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  const cdp = await session.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  for (const target of targetInfos) {
    if (target.type === 'service_worker' && target.url.includes(session.extensionId)) {
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
    }
  }
  await cdp.detach();
}

export { sendFromPage } from './extension-messages';
