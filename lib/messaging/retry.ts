/**
 * Retrying a request whose background went away. An MV3 service worker (Chrome) or event page
 * (Firefox) can be stopped between any two messages, even with a reply pending; the next message
 * starts it again. Only those "background gone" failures are retried: a refusal, a validation
 * error or a full disk is an answer, and sending the same thing again cannot change it.
 * Callers must only retry idempotent requests (import chunks are puts by id).
 */

/**
 * What the browsers say when the receiving end vanished. Texts seen (Chromium 156 in
 * tests/e2e/import-faults.chromium.e2e.ts, the rest from browser sources and bug reports):
 * - Chrome, worker stopped with a reply pending: "A listener indicated an asynchronous response by
 *   returning true, but the message channel closed before a response was received".
 * - Chrome, older wording: "The message port closed before a response was received."
 * - Chrome and Firefox, nobody listening (yet): "Could not establish connection. Receiving end does not exist."
 * - Firefox, background torn down mid-reply: "Message manager disconnected",
 *   "Promised response from onMessage listener went out of scope",
 *   "Actor 'Conduits' destroyed before query 'RuntimeMessage' was resolved".
 * "Extension context invalidated" is deliberately absent: the extension was reloaded or removed
 * under this page, and no retry from this document can ever reach it again.
 */
const GONE_PATTERNS: readonly RegExp[] = [
  /message channel closed before a response was received/i,
  /message port closed before a response was received/i,
  /receiving end does not exist/i,
  /message manager disconnected/i,
  /promised response from onmessage listener went out of scope/i,
  /conduits'? destroyed/i,
];

/** Our own client's code for "sendMessage resolved with nothing" (lib/messaging/client.ts). */
const GONE_CODES = new Set(['no_reply']);

export function isBackgroundGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && GONE_CODES.has(code)) return true;
  return typeof message === 'string' && GONE_PATTERNS.some((pattern) => pattern.test(message));
}

export interface RetryOptions {
  /** Waits before each retry; its length is the number of retries. */
  delaysMs?: readonly number[];
  /** Stops retrying (the last error is thrown) once aborted. */
  signal?: AbortSignal;
  /** Called before each retry, with the 1-based retry number. */
  onRetry?: (retry: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Which errors are worth another try; isBackgroundGone by default. */
  retryable?: (error: unknown) => boolean;
}

/**
 * A restarted Chromium worker answered within ~0.1–0.6 s in the e2e runs; the total budget
 * (~5 s) covers a slow cold start on a busy machine without hiding a background that is truly dead.
 */
export const BACKGROUND_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500, 1_000, 1_500, 2_000];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryWhenBackgroundGone<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? BACKGROUND_RETRY_DELAYS_MS;
  const retryable = options.retryable ?? isBackgroundGone;
  const sleep = options.sleep ?? defaultSleep;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = delays[retry];
      if (delay === undefined || !retryable(error) || options.signal?.aborted) throw error;
      options.onRetry?.(retry + 1, error);
      await sleep(delay);
    }
  }
}
