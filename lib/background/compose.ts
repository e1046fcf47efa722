/**
 * Compose-box state per tab: the avoid-phrases the rep's draft contains now (phrase and rule id,
 * never the draft), and the approved messages/assets the background inserted into the tab's
 * drafts (ids only), which a later `compose:sent` from that tab must name. Kept in storage.session
 * beside the tab context, for the same reason: the service worker can stop between the content
 * script's report and the sidebar's read.
 */
import type { ComposeWarning, InsertCue, SentInsert } from '../contract';
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

const insertsKeyFor = (tabId: number) => `inserts:${tabId}`;

/** Inserts remembered per tab: enough for a long day of drafts in one tab. */
export const MAX_REMEMBERED_INSERTS = 50;

const sameCue = (a: InsertCue, b: InsertCue) =>
  a.kind === b.kind && a.id === b.id && a.version === b.version && a.prospectId === b.prospectId && a.rank === b.rank;

async function readInserts(area: SessionArea, tabId: number): Promise<InsertCue[]> {
  const list = (await area.get(insertsKeyFor(tabId)))[insertsKeyFor(tabId)];
  return Array.isArray(list) ? (list as InsertCue[]) : [];
}

/** An insert the tab's content script confirmed. */
export async function rememberInsert(area: SessionArea, tabId: number, cue: InsertCue): Promise<void> {
  const kept = [...(await readInserts(area, tabId)), cue].slice(-MAX_REMEMBERED_INSERTS);
  await area.set({ [insertsKeyFor(tabId)]: kept });
}

/**
 * The reported sends that match an insert delivered to this tab, each insert used up by one send:
 * a content script (or a renderer posing as one) can report only what Cuecard put into its
 * drafts, once per insert.
 */
export async function takeInserts(area: SessionArea, tabId: number, sent: readonly SentInsert[]): Promise<SentInsert[]> {
  const remembered = await readInserts(area, tabId);
  const matched: SentInsert[] = [];
  for (const item of sent) {
    const index = remembered.findIndex((cue) => sameCue(cue, item));
    if (index < 0) continue;
    remembered.splice(index, 1);
    matched.push(item);
  }
  if (matched.length === 0) return matched;
  if (remembered.length === 0) await area.remove(insertsKeyFor(tabId));
  else await area.set({ [insertsKeyFor(tabId)]: remembered });
  return matched;
}

export async function forgetInserts(area: SessionArea, tabId: number): Promise<void> {
  await area.remove(insertsKeyFor(tabId));
}
