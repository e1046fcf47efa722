/**
 * The local cache's budget (issue 17): the rep sees in settings how much the cache may take and
 * what it holds, and the background keeps it there.
 *
 * Size is estimated from the rows themselves (counts × the average stored size of a sample), not
 * from navigator.storage.estimate(): IndexedDB gives deleted space back only when it compacts, so the
 * browser's figure lags behind a trim and a loop waiting for it would trim everything.
 *
 * Trimming order: looked-up people (outside the rep's scope) least recently viewed first, then the
 * territory's people never viewed, then the least recently viewed — each with their touches. Never
 * the outbox, the recent sends, the rep's lead activity, settings or messages and assets (all
 * content is small and every cue needs it). A trimmed person of the territory is found on demand
 * (a lookup), as anyone outside it.
 */
import type { CacheUsageView } from '../contract';
import type { CuecardDb } from './db';
import { dropProspect } from './lookups';

/** IndexedDB's structured clone plus the row's index entries, per character of its JSON. */
const BYTES_PER_CHAR = 2;
const SAMPLE = 40;

async function averageBytes(table: { limit(n: number): { toArray(): Promise<unknown[]> } }): Promise<number> {
  const rows = await table.limit(SAMPLE).toArray();
  if (rows.length === 0) return 0;
  const chars = rows.reduce<number>((sum, row) => sum + JSON.stringify(row).length, 0);
  return (chars / rows.length) * BYTES_PER_CHAR;
}

export interface Footprint {
  prospects: number;
  lookedUp: number;
  touches: number;
  messages: number;
  assets: number;
  /** Estimated bytes of the cached workspace. */
  bytes: number;
  /** Estimated bytes of one prospect and of one touch (for trimming arithmetic). */
  perProspect: number;
  perTouch: number;
}

export async function cacheFootprint(db: CuecardDb): Promise<Footprint> {
  const [prospects, lookedUp, touches, messages, assets, perProspect, perTouch, perMessage, perAsset] = await Promise.all([
    db.prospects.count(),
    db.lookups.count(),
    db.touches.count(),
    db.messages.count(),
    db.assets.count(),
    averageBytes(db.prospects),
    averageBytes(db.touches),
    averageBytes(db.messages),
    averageBytes(db.assets),
  ]);
  const bytes = Math.round(prospects * perProspect + touches * perTouch + messages * perMessage + assets * perAsset);
  return { prospects, lookedUp, touches, messages, assets, bytes, perProspect, perTouch };
}

export function usageView(footprint: Footprint, budgetBytes: number, browser: { usage?: number; quota?: number } = {}): CacheUsageView {
  return {
    prospects: footprint.prospects,
    inScope: footprint.prospects - footprint.lookedUp,
    lookedUp: footprint.lookedUp,
    touches: footprint.touches,
    messages: footprint.messages,
    assets: footprint.assets,
    estimatedBytes: footprint.bytes,
    budgetBytes,
    browserUsage: browser.usage,
    browserQuota: browser.quota,
  };
}

/** Prospect ids in the order they go: looked up (least recently viewed first), never viewed, least recently viewed. */
async function trimOrder(db: CuecardDb): Promise<string[]> {
  const [marks, views] = await Promise.all([db.lookups.toArray(), db.prospectViews.orderBy('viewedAt').toArray()]);
  const viewedAt = new Map(views.map((view) => [view.prospectId, view.viewedAt]));
  const lookedUp = marks.map((mark) => mark.prospectId).sort((a, b) => (viewedAt.get(a) ?? 0) - (viewedAt.get(b) ?? 0));
  const out = new Set(lookedUp);
  // Keys only: the territory's ids, without reading a prospect.
  const all = (await db.prospects.toCollection().primaryKeys()) as string[];
  const neverViewed = all.filter((id) => !out.has(id) && !viewedAt.has(id));
  const viewed = views.map((view) => view.prospectId).filter((id) => !out.has(id));
  return [...lookedUp, ...neverViewed, ...viewed];
}

export interface TrimResult {
  prospects: number;
  touches: number;
  /** The estimate after trimming. */
  bytes: number;
}

/**
 * Trims until the estimate is at most `targetBytes` (callers pass a little under the budget, so the
 * next sync does not trim again at once). `keep`: prospects the rep is looking at now.
 */
export async function trimToBudget(db: CuecardDb, targetBytes: number, keep: ReadonlySet<string> = new Set()): Promise<TrimResult> {
  const footprint = await cacheFootprint(db);
  let bytes = footprint.bytes;
  const result: TrimResult = { prospects: 0, touches: 0, bytes };
  if (bytes <= targetBytes) return result;
  for (const prospectId of await trimOrder(db)) {
    if (bytes <= targetBytes) break;
    if (keep.has(prospectId)) continue;
    const touches = await dropProspect(db, prospectId);
    result.prospects += 1;
    result.touches += touches;
    bytes -= footprint.perProspect + touches * footprint.perTouch;
  }
  result.bytes = Math.max(0, Math.round(bytes));
  return result;
}
