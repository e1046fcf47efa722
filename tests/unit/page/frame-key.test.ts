import { describe, expect, it, vi } from 'vitest';
import { FRAME_HELLO_MESSAGE, FRAME_KEY_MESSAGE } from '../../../lib/contract/tab-messages';
import { offerFrameKey, sidebarOrigin } from '../../../lib/page/frame-key';
import { collectFrameKeys } from '../../../components/sidebar/frame-keys';

const KEY = '0c4e2f6a-1b3d-4e5f-8a7b-9c0d1e2f3a4b';
const OTHER = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';

/** A window stand-in: an event target with postMessage recorded. */
function fakeWindow() {
  const target = new EventTarget() as EventTarget & { posted: [unknown, string][]; postMessage: (data: unknown, origin: string) => void; parent?: unknown };
  target.posted = [];
  target.postMessage = (data, origin) => void target.posted.push([data, origin]);
  return target;
}

/** Node's MessageEvent takes only MessagePorts as source; the code reads just data and source. */
const message = (data: unknown, source: unknown) => Object.assign(new Event('message'), { data, source });

describe('the content script hands its key to its own sidebar frame only', () => {
  function setUp() {
    const page = fakeWindow();
    const sidebar = fakeWindow();
    const frame = Object.assign(new EventTarget(), { contentWindow: sidebar });
    const offer = offerFrameKey(page as unknown as Window, frame as unknown as HTMLIFrameElement, KEY, 'chrome-extension://abc');
    return { page, sidebar, frame, offer };
  }

  it('posts the key, with the extension origin as target, when the frame loads and when it says hello', () => {
    const { page, sidebar, frame } = setUp();
    frame.dispatchEvent(new Event('load'));
    page.dispatchEvent(message({ type: FRAME_HELLO_MESSAGE }, sidebar));
    expect(sidebar.posted).toEqual([
      [{ type: FRAME_KEY_MESSAGE, key: KEY }, 'chrome-extension://abc'],
      [{ type: FRAME_KEY_MESSAGE, key: KEY }, 'chrome-extension://abc'],
    ]);
  });

  it('ignores hellos from any other window: the page itself, a copy of our frame, no source', () => {
    const { page, sidebar } = setUp();
    const copy = fakeWindow();
    page.dispatchEvent(message({ type: FRAME_HELLO_MESSAGE }, page));
    page.dispatchEvent(message({ type: FRAME_HELLO_MESSAGE }, copy));
    page.dispatchEvent(message({ type: FRAME_HELLO_MESSAGE }, null));
    page.dispatchEvent(message('cuecard:sidebar-hello', sidebar));
    expect(sidebar.posted).toEqual([]);
    expect(copy.posted).toEqual([]);
  });

  it('stops listening when the content script is invalidated', () => {
    const { page, sidebar, frame, offer } = setUp();
    offer.stop();
    frame.dispatchEvent(new Event('load'));
    page.dispatchEvent(message({ type: FRAME_HELLO_MESSAGE }, sidebar));
    expect(sidebar.posted).toEqual([]);
  });

  it('targets the real extension origin under Chrome’s dynamic URLs', () => {
    expect(sidebarOrigin('chrome-extension://0d8c3c1e-dynamic/sidebar.html', 'realid')).toBe('chrome-extension://realid');
    expect(sidebarOrigin('moz-extension://5b1c-uuid/sidebar.html', 'cuecard@cuecard.app')).toBe('moz-extension://5b1c-uuid');
  });
});

describe('the sidebar keeps the keys its embedding window offers', () => {
  function setUp() {
    const parent = fakeWindow();
    const win = fakeWindow();
    win.parent = parent;
    const keys = collectFrameKeys(win as unknown as Window);
    return { parent, win, keys };
  }

  it('says hello to its parent (nothing else) and resolves once a key arrives', async () => {
    const { parent, win, keys } = setUp();
    expect(parent.posted).toEqual([[{ type: FRAME_HELLO_MESSAGE }, '*']]);
    const ready = keys.ready(5_000);
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, parent));
    expect(await ready).toEqual([KEY]);
  });

  it('takes keys from its parent only, and only well-formed ones', () => {
    const { parent, win, keys } = setUp();
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, fakeWindow()));
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: 'not-a-key' }, parent));
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: { toString: () => KEY } }, parent));
    win.dispatchEvent(message({ type: 'other', key: KEY }, parent));
    win.dispatchEvent(message(null, parent));
    expect(keys.current()).toEqual([]);
  });

  it('keeps every key offered (the page may post fakes), newest last, at most 16', () => {
    const { parent, win, keys } = setUp();
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, parent));
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: OTHER }, parent));
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, parent));
    expect(keys.current()).toEqual([OTHER, KEY]);
    for (let i = 0; i < 20; i++) win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000` }, parent));
    expect(keys.current()).toHaveLength(16);
  });

  it('keeps the key the background confirmed first, however many fakes the page posts afterwards', () => {
    const { parent, win, keys } = setUp();
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, parent));
    keys.confirm(KEY);
    for (let i = 0; i < 20; i++) win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000` }, parent));
    expect(keys.current()[0]).toBe(KEY);
    expect(keys.current()).toHaveLength(16);
  });

  it('confirms only a key it was offered', () => {
    const { parent, win, keys } = setUp();
    win.dispatchEvent(message({ type: FRAME_KEY_MESSAGE, key: KEY }, parent));
    keys.confirm(OTHER);
    expect(keys.current()).toEqual([KEY]);
  });

  it('gives up waiting after the timeout, with no key', async () => {
    vi.useFakeTimers();
    try {
      const { keys } = setUp();
      const ready = keys.ready(2_000);
      vi.advanceTimersByTime(2_000);
      expect(await ready).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
