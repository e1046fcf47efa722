/** Usage events from the sidebar: ids only, a fresh uuid each, the site as surface. */
import type { Surface, UsageEvent } from '../contract';

export type UsageFields = Omit<UsageEvent, 'id' | 'at' | 'surface'>;

export function makeUsageEvent(surface: Surface, fields: UsageFields, now = new Date()): UsageEvent {
  return { id: crypto.randomUUID(), at: now.toISOString(), surface, ...fields };
}

/** A content request carries the note and the segment, never who the prospect is. */
export function contentRequestText(note: string, segment: { persona?: string; industry?: string; stage?: string }): string {
  const parts = [
    segment.persona && `persona=${segment.persona}`,
    segment.industry && `industry=${segment.industry}`,
    segment.stage && `stage=${segment.stage}`,
  ].filter(Boolean);
  const tail = parts.length ? ` [${parts.join(', ')}]` : '';
  const text = note.replace(/\s+/g, ' ').trim();
  return (text.slice(0, Math.max(0, 500 - tail.length)) + tail).slice(0, 500);
}

const DAY = 86_400_000;

/** Whole days until a validUntil (a bare date means the end of that day, UTC); undefined when none. */
export function daysUntil(validUntil: string | undefined, now: number): number | undefined {
  if (!validUntil) return undefined;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(validUntil);
  const end = Date.parse(bare ? `${validUntil}T23:59:59.999Z` : validUntil);
  if (Number.isNaN(end)) return undefined;
  return Math.floor((end - now) / DAY);
}
