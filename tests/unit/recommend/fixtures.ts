/** Small hand-made rows for the recommend tests: a logistics CFO and the content marketing made for her. */
import type { Asset, Message } from '../../../lib/contract/data';
import type { RankTouch, RankUsage } from '../../../lib/recommend/rank-assets';
import type { ProspectSummary } from '../../../lib/contract';

export const NOW = new Date('2026-11-20T12:00:00.000Z');
export const DAY = 86_400_000;

export const daysAgo = (days: number, from: Date = NOW) => new Date(from.getTime() - days * DAY).toISOString();
export const daysAhead = (days: number, from: Date = NOW) => new Date(from.getTime() + days * DAY).toISOString();

export const cfo: ProspectSummary = {
  id: 'p-cfo',
  email: 'dana@northwind-logistics.com',
  name: 'Dana Whitfield',
  title: 'Chief Financial Officer',
  company: 'Northwind Logistics',
  stage: 'sql',
  persona: 'finance',
  industry: 'Logistics',
};

export function asset(id: string, fields: Partial<Asset> = {}): Asset {
  return {
    id,
    title: fields.title ?? `Asset ${id}`,
    url: `https://www.meridian-analytics.example/resources/${id}`,
    kind: 'one_pager',
    status: 'approved',
    ...fields,
  };
}

export function message(id: string, fields: Partial<Message> = {}): Message {
  return { id, title: fields.title ?? `Message ${id}`, body: `Hi {{first_name}}, about ${id}.`, status: 'approved', ...fields };
}

let touchSeq = 0;
export function touch(type: RankTouch['type'], ageDays: number, topics: string[], extra: Partial<RankTouch> = {}): RankTouch & { id: string } {
  touchSeq++;
  const occurredAt = daysAgo(ageDays);
  return { id: `t-${touchSeq}`, type, occurredAt, at: Date.parse(occurredAt), topics, ...extra };
}

export function sent(assetId: string, ageDays: number, type: RankUsage['type'] = 'asset_inserted', prospectId = cfo.id): RankUsage {
  return { type, at: daysAgo(ageDays), assetId, prospectId };
}
