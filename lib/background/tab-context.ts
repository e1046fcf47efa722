/**
 * What each tab's page is about. Kept in storage.session, not in globals: the service worker can
 * stop between any two messages, and storage.session is closed to content scripts by default.
 */
import { SIDEBAR_PING_KEY, type ProspectRef, type SidebarPing, type SiteId } from '../contract';

export interface TabContext {
  site: SiteId;
  ref: ProspectRef | null;
  settled: boolean;
  /** The key the tab's content script gave its sidebar iframe; sidebar requests must carry it. */
  frameKey?: string;
}

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

const keyFor = (tabId: number) => `tab:${tabId}`;

export interface PingArea {
  set(items: Record<string, unknown>): Promise<void>;
}

export async function pingSidebars(area: PingArea, tabId: number, at = Date.now()): Promise<void> {
  await area.set({ [SIDEBAR_PING_KEY]: { tabId, at } satisfies SidebarPing });
}

export async function readTabContext(area: SessionArea, tabId: number): Promise<TabContext | undefined> {
  const stored = await area.get(keyFor(tabId));
  return stored[keyFor(tabId)] as TabContext | undefined;
}

export async function writeTabContext(area: SessionArea, tabId: number, context: TabContext): Promise<void> {
  await area.set({ [keyFor(tabId)]: context });
}

export async function forgetTab(area: SessionArea, tabId: number): Promise<void> {
  await area.remove(keyFor(tabId));
}
