/**
 * Background → content script messages (tabs.sendMessage, top frame only). The content script
 * has no zod (size budget), so they are checked by hand here: only our own extension's
 * background may send them (sender.id is ours and there is no sender.tab — a content script or
 * our sidebar in some tab always has one), and every field is type- and length-checked.
 */
export const INSERT_TEXT_MAX = 20_000;
/** Ids in usage events are at most this long (lib/contract/usage.ts). */
const ID_MAX = 200;

/**
 * Which approved message or asset an insert carries, so the page script can tell, when the draft
 * is sent, what was sent and how much of it survived (lib/page/send-tracker.ts). Ids and numbers
 * only, from the sidebar's cue card: never text read from the page.
 */
export interface InsertCue {
  kind: 'message' | 'asset';
  id: string;
  version?: number;
  prospectId?: string;
  /** 1-based place in the sidebar's list. */
  rank?: number;
}

export type TabMessage =
  | { type: 'cuecard:insert-text'; text: string; cue?: InsertCue }
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
    case 'cuecard:insert-text': {
      if (keys.length !== (message.cue === undefined ? 2 : 3) || !keys.includes('text') || typeof message.text !== 'string') return null;
      if (message.text.length === 0 || message.text.length > INSERT_TEXT_MAX) return null;
      if (message.cue === undefined) return { type: 'cuecard:insert-text', text: message.text };
      const cue = parseInsertCue(message.cue);
      return cue ? { type: 'cuecard:insert-text', text: message.text, cue } : null;
    }
    case 'cuecard:toggle-sidebar':
    case 'cuecard:rules-changed':
      return keys.length === 1 ? { type: message.type } : null;
    default:
      return null;
  }
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= ID_MAX;
const isCount = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;

/** An InsertCue, field by field; anything else (extra keys included) is null. */
export function parseInsertCue(raw: unknown): InsertCue | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { kind, id, version, prospectId, rank, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (kind !== 'message' && kind !== 'asset') || !isId(id)) return null;
  const cue: InsertCue = { kind, id };
  if (version !== undefined) {
    if (!isCount(version, Number.MAX_SAFE_INTEGER)) return null;
    cue.version = version;
  }
  if (prospectId !== undefined) {
    if (!isId(prospectId)) return null;
    cue.prospectId = prospectId;
  }
  if (rank !== undefined) {
    if (!isCount(rank, 1000)) return null;
    cue.rank = rank;
  }
  return cue;
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
