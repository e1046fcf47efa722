import type { FrameLocator, Page } from 'playwright-core';

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
