/**
 * The sidebar's half of lib/page/frame-key.ts: keep the keys the embedding page's window offers
 * and say hello so the content script sends its key. Every key offered is kept (the page itself
 * may post fakes; the background accepts only its tab's own key), newest last, at most
 * MAX_FRAME_KEYS: a page that floods fakes only denies Cuecard on its own tab, which it could
 * do anyway by removing our iframe.
 */
import { frameKey, MAX_FRAME_KEYS } from '../contract';
import { FRAME_HELLO_MESSAGE, FRAME_KEY_MESSAGE } from '../page/frame-key';

export interface FrameKeys {
  current(): readonly string[];
  /** Resolves once at least one key arrived, or after `timeoutMs` (then with none). */
  ready(timeoutMs: number): Promise<readonly string[]>;
  stop(): void;
}

export function collectFrameKeys(win: Window): FrameKeys {
  let keys: string[] = [];
  let waiters: (() => void)[] = [];
  const onMessage = (event: MessageEvent) => {
    // Only the window that embeds us (page and content script share it); never a sibling or child.
    if (event.source !== win.parent || win.parent === win) return;
    const data = event.data as { type?: unknown; key?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.type !== FRAME_KEY_MESSAGE) return;
    const offered = frameKey.safeParse(data.key);
    if (!offered.success) return;
    keys = [...keys.filter((key) => key !== offered.data), offered.data].slice(-MAX_FRAME_KEYS);
    const waiting = waiters;
    waiters = [];
    for (const wake of waiting) wake();
  };
  win.addEventListener('message', onMessage);
  // Says nothing but "loaded": the page already knows our iframe is there.
  if (win.parent !== win) win.parent.postMessage({ type: FRAME_HELLO_MESSAGE }, '*');
  return {
    current: () => keys,
    ready(timeoutMs) {
      if (keys.length > 0) return Promise.resolve(keys);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(keys), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(keys);
        });
      });
    },
    stop: () => win.removeEventListener('message', onMessage),
  };
}
