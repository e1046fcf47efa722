/**
 * Debian's Firefox ESR with the built extension, through puppeteer-core over WebDriver BiDi.
 * BiDi cannot navigate to moz-extension:// URLs and reports extension frames as about:blank,
 * so extension pages are reached from the extension's own frame (see openExtensionPage).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import { FIREFOX_BUILD, requireBuild } from './paths';
import { fixtureFor } from './site-fixtures';

export interface FirefoxSession {
  browser: Browser;
  addonId: string;
  newFixturePage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchFirefoxOptions {
  /**
   * The browser's environment. A test points HOME at a temp folder holding
   * `.mozilla/managed-storage/<gecko id>.json` to play an administrator's policy (Linux's
   * per-user managed storage manifest location).
   */
  env?: Record<string, string | undefined>;
  /** Runs after the browser started and before the extension is installed (say, to write that file once a port is known). */
  beforeInstall?: () => Promise<void>;
  /** A profile folder to use and keep (to relaunch on it); by default a temp one, removed on close. */
  profileDir?: string;
}

export function makeFirefoxProfileDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cuecard-firefox-'));
}

export async function launchFirefox(options: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionDir = requireBuild(FIREFOX_BUILD);
  const profile = options.profileDir ?? makeFirefoxProfileDir();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    ...(options.env ? { env: options.env } : {}),
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    protocol: 'webDriverBiDi',
    defaultViewport: { width: 1400, height: 900 },
    extraPrefsFirefox: {
      // No network on this machine: keep Firefox from phoning home at start-up.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  await options.beforeInstall?.();
  const addonId = await browser.installExtension(extensionDir);
  return {
    browser,
    addonId,
    async newFixturePage() {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.isInterceptResolutionHandled()) return;
        const url = request.url();
        if (!url.startsWith('https://')) return void request.continue();
        const fixture = fixtureFor(url);
        if (!fixture) return void request.abort();
        void request.respond({ status: fixture.status, contentType: fixture.contentType, body: fixture.body });
      });
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The frame whose document is our extension page `name` (BiDi reports it as about:blank). */
export async function findExtensionFrame(page: Page, name: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes(`/${name}`)) return frame;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No extension frame ${name} in ${page.url()}`);
}

/** A fixture site at `url` in a new tab, and our sidebar frame on it. */
export async function openWithSidebar(session: FirefoxSession, url: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await session.newFixturePage();
  await page.goto(url);
  return { page, sidebar: await findExtensionFrame(page, 'sidebar.html') };
}

/** Opens an extension page in a new tab from an extension frame we already have. */
export async function openExtensionPage(session: FirefoxSession, fromFrame: Frame, name: string): Promise<Page> {
  const before = new Set(await session.browser.pages());
  await fromFrame.evaluate((target) => void window.open(`${location.origin}/${target}`), name);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (const page of await session.browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.includes(`/${name}`)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Extension page ${name} did not open`);
}

/** The text of `[data-testid=testId]` in a frame, or null when it is not there. */
export async function textOf(frame: Frame, testId: string): Promise<string | null> {
  return frame.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);
}

/** Polls until `[data-testid=testId]` matches; puppeteer's BiDi locators do not reach extension frames. */
export async function waitForText(frame: Frame, testId: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await textOf(frame, testId).catch(() => null);
    if (last !== null && pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`[data-testid=${testId}] never matched ${pattern}; last: ${last}`);
}

/** Picks `file` in the options page's import input; the import starts at once. */
export async function chooseImportFile(options: Page, file: string): Promise<void> {
  const input = (await options.waitForSelector('input[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
}

/** Imports `file` through the options page and returns the final `import-status` text (Chromium: sidebar.ts). */
export async function importThroughOptions(options: Page, file: string, timeoutMs = 60_000): Promise<string> {
  await chooseImportFile(options, file);
  return waitForText(options.mainFrame(), 'import-status', /Rejected rows: \d+$/, timeoutMs);
}

/**
 * A real mouse click on `selector` inside the sidebar iframe of `page` (page coordinates =
 * the iframe's box + the element's box in it). Unlike `element.click()` in the frame, this
 * gives the sidebar user activation (the clipboard needs it) and moves focus into the iframe,
 * as a rep's click does.
 */
export async function clickInSidebar(page: Page, sidebar: Frame, selector: string, timeoutMs = 10_000): Promise<void> {
  // The sidebar is still laying out while cues load: click only once the target holds still and
  // is the element actually under that point, so the click cannot land on a neighbour.
  const deadline = Date.now() + timeoutMs;
  let inner: { x: number; y: number } | null = null;
  while (Date.now() < deadline) {
    inner = await sidebar.evaluate(async (sel) => {
      const center = () => {
        const element = document.querySelector(sel);
        if (!element) return null;
        element.scrollIntoView({ block: 'center' });
        const box = element.getBoundingClientRect();
        return { element, x: box.left + box.width / 2, y: box.top + box.height / 2 };
      };
      const first = center();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = center();
      if (!first || !second || first.x !== second.x || first.y !== second.y) return null;
      const hit = document.elementFromPoint(second.x, second.y);
      return hit && second.element.contains(hit) ? { x: second.x, y: second.y } : null;
    }, selector);
    if (inner) break;
  }
  if (!inner) throw new Error(`No steady ${selector} in the sidebar`);
  const outer = await page.evaluate(() => {
    const frame = document.querySelector('iframe[data-cuecard="sidebar"]');
    if (!frame) return null;
    const box = frame.getBoundingClientRect();
    const style = getComputedStyle(frame);
    return { x: box.left + parseFloat(style.borderLeftWidth), y: box.top + parseFloat(style.borderTopWidth) };
  });
  if (!outer) throw new Error('No sidebar iframe on the page');
  await page.mouse.click(outer.x + inner.x, outer.y + inner.y);
}

/** Reads until `accept` takes the value or the time is up, and answers the last value read for the test to assert on. */
export async function poll<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await read();
  }
  return last;
}
