/** Typed request/reply over runtime messaging, for extension pages and the content script. */
import { browser } from 'wxt/browser';
import type { Reply, RequestOf, RequestType } from '../contract';
import type { ReplyValue } from './replies';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function request<T extends RequestType>(message: RequestOf<T>): Promise<ReplyValue<T>> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<ReplyValue<T>> | undefined;
  if (!reply) throw new RequestError('no_reply', 'Cuecard’s background did not answer. Reload the page to reconnect.');
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  return reply.value;
}
