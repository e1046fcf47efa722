/**
 * Background → content script messages (tabs.sendMessage, top frame only). The content script
 * has no zod (size budget), so they are checked by hand here: only our own extension's
 * background may send them (sender.id is ours and there is no sender.tab — a content script or
 * our sidebar in some tab always has one), and every field is type- and length-checked.
 */
export const INSERT_TEXT_MAX = 20_000;

export type TabMessage =
  | { type: 'cuecard:insert-text'; text: string }
  | { type: 'cuecard:toggle-sidebar' }
  /** Messaging changed (import/sync): fetch the avoid-phrase rules again. */
  | { type: 'cuecard:rules-changed' };

export interface TabMessageSender {
  id?: string;
  tab?: unknown;
}

export function parseTabMessage(raw: unknown, sender: TabMessageSender | undefined, runtimeId: string): TabMessage | null {
  if (!sender || sender.id !== runtimeId || sender.tab !== undefined) return null;
  if (typeof raw !== 'object' || raw === null) return null;
  const message = raw as Record<string, unknown>;
  const keys = Object.keys(message);
  switch (message.type) {
    case 'cuecard:insert-text':
      if (keys.length !== 2 || typeof message.text !== 'string') return null;
      if (message.text.length === 0 || message.text.length > INSERT_TEXT_MAX) return null;
      return { type: 'cuecard:insert-text', text: message.text };
    case 'cuecard:toggle-sidebar':
    case 'cuecard:rules-changed':
      return keys.length === 1 ? { type: message.type } : null;
    default:
      return null;
  }
}

/** The content script's answer to insert-text; anything else counts as "not inserted". */
export interface InsertReply {
  inserted: boolean;
}

/**
 * Content script ↔ its own sidebar iframe (window.postMessage; lib/page/frame-key.ts): the key that
 * proves the iframe is ours, and the iframe's hello. Nothing else ever travels this way.
 */
export const FRAME_KEY_MESSAGE = 'cuecard:frame-key';
export const FRAME_HELLO_MESSAGE = 'cuecard:sidebar-hello';
