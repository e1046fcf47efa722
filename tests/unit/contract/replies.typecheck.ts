/**
 * Type-level proof, checked by `npm run typecheck` (tsc), that a handler answering the wrong shape
 * does not compile. Each `@ts-expect-error` line must stay an error: if the reply types loosen
 * (say, back to `Promise<unknown>`), tsc reports the directive as unused and the run fails.
 * Not a vitest file: nothing here runs.
 */
import type { Handler } from '../../../lib/background/router';
import type { hubHandlers } from '../../../lib/background/hub-handlers';

export const insertAnswersItsShape: Handler<'compose:insert'> = async () => ({ inserted: true });

// @ts-expect-error — compose:insert answers { inserted: boolean }, never 'maybe'.
export const insertMaybe: Handler<'compose:insert'> = async () => ({ inserted: 'maybe' });

// @ts-expect-error — store:counts answers a count per collection, not a bare number.
export const countsAsNumber: Handler<'store:counts'> = async () => 42;

// @ts-expect-error — page:context answers null.
export const pageContextAnswersData: Handler<'page:context'> = async () => ({ ok: true });

type SyncStatusHandler = (typeof hubHandlers)['sync:status'];
// @ts-expect-error — sync:status answers a HubStatusView, not a string.
export const syncStatusAsText: SyncStatusHandler = async () => 'synced';
