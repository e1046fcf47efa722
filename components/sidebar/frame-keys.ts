/**
 * The sidebar's half of lib/page/frame-key.ts: keep the keys the embedding page's window offers
 * and say hello so the content script sends its key. Every key offered is kept (the page itself
 * may post fakes; the background accepts only its tab's own key), newest last, at most
 * MAX_FRAME_KEYS. Once the background has named the right one (`confirm`), it is sent first and
 * no later flood of fakes can push it out. A page that floods fakes before that only denies
 * Cuecard on its own tab, which it could do anyway by removing our iframe.
 */
import { frameKey, MAX_FRAME_KEYS } from '../../lib/contract';
import { FRAME_HELLO_MESSAGE, FRAME_KEY_MESSAGE } from '../../lib/contract/tab-messages';

export interface FrameKeys {
  /** The confirmed key first (when there is one), then the other offers, at most MAX_FRAME_KEYS. */
  current(): readonly string[];
  /** Pins a key the background accepted. */
  confirm(key: string): void;
  /** Resolves once at least one key arrived, or after `timeoutMs` (then with none). */
  ready(timeoutMs: number): Promise<readonly string[]>;
  stop(): void;
}

export function collectFrameKeys(win: Window): FrameKeys {
  let keys: string[] = [];
  let confirmed: string | undefined;
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
    current: () => (confirmed ? [confirmed, ...keys.filter((key) => key !== confirmed)].slice(0, MAX_FRAME_KEYS) : keys),
    confirm(key) {
      // Only a key this frame was offered: the background names one of ours, nothing else.
      if (keys.includes(key) || key === confirmed) confirmed = key;
    },
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
