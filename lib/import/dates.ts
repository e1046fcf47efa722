/**
 * The one date parser for CSV imports. Pure: no clock, no locale. Times without a zone are read as UTC.
 */

export type DateOrder = 'auto' | 'us' | 'eu';

export type DateParse =
  | { ok: true; iso: string; /** which day/month order the text allowed */ order: 'iso' | 'us' | 'eu' | 'either' }
  | { ok: false; ambiguous: boolean; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const ISO_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC_RE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const NAMED_RE = /^(?:[a-z]{3,9},?\s+)?(?:(\d{1,2})[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(?:[T ,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function build(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number,
  ampm: string | undefined, zone: string | undefined,
): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (/p/i.test(ampm) ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - zoneOffsetMinutes(zone) * 60_000;
}

/**
 * ISO (`2026-11-18`, `2026-11-18 15:00`, `…T15:00:00.000Z`, offsets), numeric day/month dates
 * (`11/18/2026`, `18/11/2026`, `18.11.2026 15:00`, `3/5/26 2:22 PM`), month names
 * (`Nov 18, 2026 3:00 PM`, `18 Nov 2026`, `18-Nov-2026`) and epoch milliseconds.
 * Under 'auto', `03/04/2026` is ambiguous (not an error of the text: the user must choose);
 * dotted dates are always day-first (no month-first locale writes dots).
 */
export function parseCsvDate(raw: string, order: DateOrder): DateParse {
  const text = raw.trim();
  const invalid = (reason = `"${text.slice(0, 60)}" is not a date`): DateParse => ({ ok: false, ambiguous: false, reason });
  let match = ISO_RE.exec(text);
  if (match) {
    const ms = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
    const at = build(+match[1]!, +match[2]!, +match[3]!, +(match[4] ?? 0), +(match[5] ?? 0), +(match[6] ?? 0), ms, undefined, match[8]);
    return at === undefined ? invalid() : { ok: true, iso: new Date(at).toISOString(), order: 'iso' };
  }
  match = NUMERIC_RE.exec(text);
  if (match) {
    const first = +match[1]!;
    const second = +match[3]!;
    const year = match[4]!.length === 2 ? 2000 + +match[4]! : +match[4]!;
    const time = [+(match[5] ?? 0), +(match[6] ?? 0), +(match[7] ?? 0)] as const;
    const asUs = build(year, first, second, ...time, 0, match[8], match[9]);
    const asEu = build(year, second, first, ...time, 0, match[8], match[9]);
    let chosen: number | undefined;
    let used: 'us' | 'eu' | 'either';
    if (order === 'eu' || match[2] === '.') [chosen, used] = [asEu, 'eu'];
    else if (order === 'us') [chosen, used] = [asUs, 'us'];
    else if (asUs !== undefined && asEu !== undefined && asUs !== asEu) {
      return {
        ok: false,
        ambiguous: true,
        reason: `ambiguous date "${text}": it could be month/day (US) or day/month (EU); choose the date order and import again`,
      };
    } else [chosen, used] = asUs !== undefined ? [asUs, asEu === undefined ? 'us' : 'either'] : [asEu, 'eu'];
    if (chosen === undefined) {
      return invalid(order === 'auto' ? undefined : `"${text}" is not ${used === 'us' ? 'a US (MM/DD/YYYY)' : 'an EU (DD/MM/YYYY)'} date`);
    }
    return { ok: true, iso: new Date(chosen).toISOString(), order: used };
  }
  match = NAMED_RE.exec(text);
  if (match) {
    const monthName = (match[2] ?? match[4])!.toLowerCase();
    const month = MONTHS[monthName.slice(0, monthName.startsWith('sept') ? 4 : 3)];
    const day = +(match[1] ?? match[5])!;
    const year = +(match[3] ?? match[6])!;
    const at = month === undefined ? undefined : build(year, month, day, +(match[7] ?? 0), +(match[8] ?? 0), +(match[9] ?? 0), 0, match[10], match[11]);
    return at === undefined ? invalid() : { ok: true, iso: new Date(at).toISOString(), order: 'either' };
  }
  if (/^\d{12,13}$/.test(text)) return { ok: true, iso: new Date(Number(text)).toISOString(), order: 'iso' };
  return invalid();
}
