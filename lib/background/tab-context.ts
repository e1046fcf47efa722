/**
 * What each tab's page is about. Kept in storage.session, not in globals: the service worker can
 * stop between any two messages, and storage.session is closed to content scripts by default.
 */
import type { ProspectRef, SiteId } from '../contract';

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

/**
 * Sidebars learn that something changed from a storage.local key they watch: Firefox treats our
 * iframe inside a web page like a content script (no storage.session, no runtime.sendMessage from
 * the background), while storage.local events reach it in both browsers. The ping carries a tab
 * id and a time, never data.
 */
export const SIDEBAR_PING_KEY = 'sidebar:ping';
/** `tabId` -1: the cached data changed, every sidebar refreshes. */
export interface SidebarPing {
  tabId: number;
  at: number;
}

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
