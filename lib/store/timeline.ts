/**
 * The timeline index, touches' [prospectId+at+id]: a prospect's touches in time order. Reads over
 * it span the whole valid Date range with explicit bounds, since some IndexedDB engines refuse
 * -Infinity inside array keys.
 */
export const AT_MIN = -8.64e15;
export const AT_MAX = 8.64e15;
export const TIMELINE_INDEX = '[prospectId+at+id]';
