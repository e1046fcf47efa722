/**
 * The content script hands its own sidebar iframe a secret key, so the background can tell that
 * iframe from a copy of our sidebar URL the page embeds itself (the URL is readable off our
 * iframe's src; a page could overlay such a copy and trick clicks on "insert" or "copy").
 *
 * Why postMessage is safe here although no data may travel that way: the key is not data, it is a
 * capability, and it goes only to our iframe's own window (`frame.contentWindow`) with the
 * extension's origin as targetOrigin, so a frame the page navigated elsewhere never receives it.
 * The page shares our window, so it can post fake keys to the sidebar too: those only fail at the
 * background (the sidebar keeps every key it is offered and the background accepts the tab's own).
 */

import { FRAME_HELLO_MESSAGE, FRAME_KEY_MESSAGE } from '../contract/tab-messages';

export interface FrameKeyOffer {
  stop(): void;
}

/**
 * Posts `key` to the iframe's window each time it loads, and whenever the window inside it says
 * hello (its scripts may run before or after our load listener sees the load).
 */
export function offerFrameKey(win: Window, frame: HTMLIFrameElement, key: string, targetOrigin: string): FrameKeyOffer {
  const post = () => {
    try {
      frame.contentWindow?.postMessage({ type: FRAME_KEY_MESSAGE, key }, targetOrigin);
    } catch {
      // A detached or cross-origin-navigated frame: nothing to hand the key to.
    }
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.source === null) return;
    const data = event.data as { type?: unknown } | null;
    if (typeof data === 'object' && data !== null && data.type === FRAME_HELLO_MESSAGE) post();
  };
  frame.addEventListener('load', post);
  win.addEventListener('message', onMessage);
  return {
    stop() {
      frame.removeEventListener('load', post);
      win.removeEventListener('message', onMessage);
    },
  };
}

/**
 * Where the sidebar's document lives. Chrome's `use_dynamic_url` gives the iframe a per-session
 * id in its src, while the document's origin keeps the extension's real id.
 */
export function sidebarOrigin(sidebarUrl: string, runtimeId: string): string {
  const url = new URL(sidebarUrl);
  // Not url.origin: for non-special schemes some engines (Node's, older Gecko) answer "null".
  return url.protocol === 'chrome-extension:' ? `chrome-extension://${runtimeId}` : `${url.protocol}//${url.host}`;
}
