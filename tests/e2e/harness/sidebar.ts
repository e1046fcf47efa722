import type { FrameLocator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium, type ChromiumSession } from './chromium';
import { writeWorkspaceFile } from './workspace-file';

export const SIDEBAR = 'iframe[data-cuecard="sidebar"]';

export function sidebarOf(page: Page): FrameLocator {
  return page.frameLocator(SIDEBAR);
}

/** Imports a workspace file through the options page and returns the final status text. */
export async function importThroughOptions(options: Page, file: string, timeoutMs = 60_000): Promise<string> {
  await options.getByTestId('import-file').setInputFiles(file);
  const status = options.getByTestId('import-status');
  await status.filter({ hasText: /Rejected rows: \d+$/ }).waitFor({ timeout: timeoutMs });
  return (await status.textContent()) ?? '';
}

/** A Chromium with the extension and the demo workspace, imported through the options page with no row rejected. */
export async function launchWithWorkspace(): Promise<ChromiumSession> {
  const session = await launchChromium();
  const options = await session.openExtensionPage('options.html');
  expect(await importThroughOptions(options, writeWorkspaceFile())).toMatch(/Rejected rows: 0$/);
  await options.close();
  return session;
}

/** A new tab of the session at `url`. */
export async function openTab(session: ChromiumSession, url: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(url);
  return page;
}
