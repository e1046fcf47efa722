/** Sidebar requests carry the key their tab's content script handed the iframe (lib/page/frame-key.ts). */
import type { SessionArea } from '../../../lib/background/tab-context';

export const TEST_FRAME_KEY = '0c4e2f6a-1b3d-4e5f-8a7b-9c0d1e2f3a4b';

export const keyed = <T extends object>(message: T, keys: string[] = [TEST_FRAME_KEY]) => ({ ...message, frameKeys: keys });

/** A content script of tab `tabId` that handed TEST_FRAME_KEY to its sidebar, before any page was read. */
export async function bindSidebar(session: SessionArea, tabId = 7): Promise<void> {
  const key = `tab:${tabId}`;
  const current = (await session.get(key))[key] as object | undefined;
  await session.set({ [key]: { site: 'salesforce', ref: null, settled: true, ...current, frameKey: TEST_FRAME_KEY } });
}
