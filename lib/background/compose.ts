/**
 * Compose-box state per tab: the avoid-phrases the rep's draft contains now (phrase and rule id,
 * never the draft). Kept in storage.session beside the tab context, for the same reason: the
 * service worker can stop between the content script's report and the sidebar's read.
 */
import type { ComposeWarning } from '../contract';
import type { SessionArea } from './tab-context';

const keyFor = (tabId: number) => `warnings:${tabId}`;

export async function readWarnings(area: SessionArea, tabId: number | undefined): Promise<ComposeWarning[]> {
  if (tabId === undefined) return [];
  const stored = await area.get(keyFor(tabId));
  const list = stored[keyFor(tabId)];
  return Array.isArray(list) ? (list as ComposeWarning[]) : [];
}

export async function writeWarnings(area: SessionArea, tabId: number, warnings: readonly ComposeWarning[]): Promise<void> {
  if (warnings.length === 0) await area.remove(keyFor(tabId));
  else await area.set({ [keyFor(tabId)]: warnings.map(({ phrase, ruleId }) => ({ phrase, ruleId })) });
}

export async function forgetWarnings(area: SessionArea, tabId: number): Promise<void> {
  await area.remove(keyFor(tabId));
}
