/** Typed request/reply over runtime messaging, for extension pages and the content script. */
import { browser } from 'wxt/browser';
import { FRAME_KEYS_FIELD, type Reply, type ReplyValue, type RequestOf, type RequestType } from '../contract';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FrameKeySource {
  current(): readonly string[];
  /** Settles once the first key arrived (or it is too late to wait for one). */
  ready: Promise<unknown>;
  /** The background named the key that is this tab's. */
  confirm(key: string): void;
}

/** Set by the sidebar only: the keys its page's content script handed it (lib/ui/frame-keys.ts). */
let frameKeySource: FrameKeySource | undefined;

export function sendFrameKeysWith(source: FrameKeySource): void {
  frameKeySource = source;
}

export async function request<T extends RequestType>(message: RequestOf<T>): Promise<ReplyValue<T>> {
  let envelope: unknown = message;
  if (frameKeySource) {
    await frameKeySource.ready;
    envelope = { ...message, [FRAME_KEYS_FIELD]: [...frameKeySource.current()] };
  }
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<ReplyValue<T>> | undefined;
  if (!reply) throw new RequestError('no_reply', 'Cuecard’s background did not answer. Reload the page to reconnect.');
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  if (typeof reply.frameKey === 'string') frameKeySource?.confirm(reply.frameKey);
  return reply.value;
}
