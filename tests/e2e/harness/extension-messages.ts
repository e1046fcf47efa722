/** Runtime messages sent from our own extension pages, in either browser's driver. */

/** Pages of the extension have the chrome.* API (Firefox too); the harness is type-checked for Node. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** What this needs of a Playwright or puppeteer page: evaluating a function with one argument. */
export interface EvaluatingPage {
  evaluate<R>(fn: (message: unknown) => Promise<R>, message: unknown): Promise<R>;
}

/**
 * Sends a runtime message from one of our extension pages (options, popup) as that page would,
 * and unwraps the router's `{ ok, value | error }` reply: an error reply throws its message.
 */
export async function sendFromPage<T>(page: EvaluatingPage, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!reply.ok) throw new Error(reply.error?.message);
  return reply.value as T;
}
