/**
 * Advisory lock keys of the hub (one space per purpose). CHANGE_LOCK: every transaction that hands
 * out change-log sequence values (changes, scope_members) takes it first, so seqs become visible in
 * seq order and a cursor never passes an uncommitted change (hub/store.ts says why).
 */
export const CHANGE_LOCK = 72_310_002;
