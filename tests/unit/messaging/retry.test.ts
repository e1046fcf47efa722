import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../lib/messaging/client';
import { BACKGROUND_RETRY_DELAYS_MS, isBackgroundGone, retryWhenBackgroundGone } from '../../../lib/messaging/retry';

/** What the browsers say when the background went away (lib/messaging/retry.ts names the sources). */
const GONE = [
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
  'The message port closed before a response was received.',
  'Could not establish connection. Receiving end does not exist.',
  'Message manager disconnected',
  'Promised response from onMessage listener went out of scope',
  "Actor 'Conduits' destroyed before query 'RuntimeMessage' was resolved",
];

/** Answers, not absences: sending the same request again cannot change them. */
const NOT_GONE: unknown[] = [
  new RequestError('quota', 'Your browser has no space left for Cuecard’s data.'),
  new RequestError('bad_request', 'Message does not match any known request.'),
  new RequestError('forbidden', 'import:chunk is not allowed from content-script.'),
  new Error('Extension context invalidated.'),
  new DOMException('QuotaExceededError', 'QuotaExceededError'),
  'Receiving end does not exist.',
  null,
  undefined,
  { message: 42 },
];

describe('isBackgroundGone', () => {
  it.each(GONE)('"%s" means the background went away', (message) => {
    expect(isBackgroundGone(new Error(message))).toBe(true);
  });

  it('our client’s empty reply counts as gone', () => {
    expect(isBackgroundGone(new RequestError('no_reply', 'Cuecard’s background did not answer.'))).toBe(true);
  });

  it.each(NOT_GONE.map((error) => [String((error as Error)?.message ?? error), error]))('%s is not retried', (_name, error) => {
    expect(isBackgroundGone(error)).toBe(false);
  });
});

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retryWhenBackgroundGone', () => {
  it('sends again after a lost reply and returns the answer', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const retries: number[] = [];
    const value = await retryWhenBackgroundGone(
      async () => {
        calls++;
        if (calls < 3) throw new Error(GONE[0]);
        return 'written';
      },
      { sleep, onRetry: (retry) => retries.push(retry) },
    );
    expect(value).toBe('written');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
    expect(waits).toEqual(BACKGROUND_RETRY_DELAYS_MS.slice(0, 2));
  });

  it('never retries a quota or validation error', async () => {
    for (const error of [new RequestError('quota', 'full'), new RequestError('bad_request', 'no')]) {
      const { waits, sleep } = recorder();
      let calls = 0;
      await expect(
        retryWhenBackgroundGone(async () => {
          calls++;
          throw error;
        }, { sleep }),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
      expect(waits).toEqual([]);
    }
  });

  it('gives up after the last delay with the last error', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const error = new Error(GONE[2]);
    await expect(
      retryWhenBackgroundGone(async () => {
        calls++;
        throw error;
      }, { sleep, delaysMs: [1, 2, 3] }),
    ).rejects.toBe(error);
    expect(calls).toBe(4);
    expect(waits).toEqual([1, 2, 3]);
  });

  it('stops retrying once the import is cancelled', async () => {
    const controller = new AbortController();
    const { sleep } = recorder();
    let calls = 0;
    await expect(
      retryWhenBackgroundGone(async () => {
        calls++;
        controller.abort();
        throw new Error(GONE[1]);
      }, { sleep, signal: controller.signal }),
    ).rejects.toThrow(/port closed/);
    expect(calls).toBe(1);
  });

  it('keeps the whole wait budget short (a dead background is reported within ~6 s)', () => {
    const budget = BACKGROUND_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(budget).toBeGreaterThanOrEqual(2_000);
    expect(budget).toBeLessThanOrEqual(6_000);
  });
});
