/**
 * What a prospect cares about, from their marketing touches. Recent, deliberate actions count most:
 * each touch adds its type weight, halved for every HALF_LIFE_DAYS of age. Automated touches
 * (privacy-proxy opens, link scanners) say nothing about interest and are skipped.
 */
import type { TopicInterest, TouchType } from '../contract';
import { DAY_MS } from '../contract/validity';
import { normalizeText } from './segment';

export const HALF_LIFE_DAYS = 30;

/** A webinar attended says more than an email opened; numbers are relative, not calibrated. */
export const TOUCH_TYPE_WEIGHTS: Record<TouchType, number> = {
  email_open: 0.5,
  ad_click: 0.5,
  page_view: 1,
  email_click: 1,
  form_submit: 1.5,
  download: 2,
  webinar: 2,
  event: 2,
};

/** The fields topic scoring reads; TouchView and the contract's Touch both fit. */
export interface TopicTouch {
  type: TouchType;
  occurredAt: string;
  /** Epoch ms (TouchView has it precomputed); falls back to parsing occurredAt. */
  at?: number;
  topics?: string[];
  automated?: boolean;
}

export function topicKey(topic: string): string {
  return normalizeText(topic, 'NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

export function touchTime(touch: Pick<TopicTouch, 'at' | 'occurredAt'>): number {
  return typeof touch.at === 'number' && Number.isFinite(touch.at) ? touch.at : Date.parse(touch.occurredAt);
}

export function decayFactor(ageMs: number, halfLifeDays = HALF_LIFE_DAYS): number {
  // A touch stamped in the future (clock skew between systems) counts as brand new, not as extra-strong.
  const age = Math.max(0, ageMs);
  return Math.pow(0.5, age / (halfLifeDays * DAY_MS));
}

/** Every topic the prospect touched, strongest first (ties: topic name), with its share of attention. */
export function topicInterests(
  touches: readonly TopicTouch[],
  now: Date,
  options: { halfLifeDays?: number } = {},
): TopicInterest[] {
  const nowMs = now.getTime();
  const halfLife = options.halfLifeDays ?? HALF_LIFE_DAYS;
  const byTopic = new Map<string, TopicInterest>();
  let total = 0;
  for (const touch of touches) {
    if (touch.automated || !touch.topics || touch.topics.length === 0) continue;
    const at = touchTime(touch);
    if (Number.isNaN(at)) continue;
    const weight = (TOUCH_TYPE_WEIGHTS[touch.type] ?? 1) * decayFactor(nowMs - at, halfLife);
    // A touch tagged "pricing, Pricing" is one touch on pricing.
    const seen = new Set<string>();
    for (const raw of touch.topics) {
      const topic = topicKey(raw);
      if (!topic || seen.has(topic)) continue;
      seen.add(topic);
      const entry = byTopic.get(topic) ?? { topic, score: 0, share: 0, touches: 0, lastAt: at };
      entry.score += weight;
      entry.touches += 1;
      entry.lastAt = Math.max(entry.lastAt, at);
      byTopic.set(topic, entry);
      total += weight;
    }
  }
  const list = [...byTopic.values()];
  for (const entry of list) entry.share = total > 0 ? entry.score / total : 0;
  // Sums of the same touches in another order can differ in the last bit: treat those as ties.
  return list.sort((a, b) => {
    const diff = b.score - a.score;
    if (Math.abs(diff) > 1e-9) return diff;
    return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0;
  });
}

export function topTopics(
  touches: readonly TopicTouch[],
  now: Date,
  limit = 3,
  options: { halfLifeDays?: number } = {},
): TopicInterest[] {
  return topicInterests(touches, now, options).slice(0, Math.max(0, limit));
}
