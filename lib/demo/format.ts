/** How demo values are written: ids, slugs, ISO times and padded long texts. */

export const DAY = 86_400_000;

export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function padId(prefix: string, n: number, width: number): string {
  return `${prefix}${String(n).padStart(width, '0')}`;
}

/** `prefix` padded with filler words to exactly `length` characters (no trailing space). */
export function longText(prefix: string, length: number): string {
  const filler = 'lanes carriers costs forecasts dispatch planning warehouses ';
  let out = prefix;
  while (out.length < length) out += filler;
  out = out.slice(0, length);
  return out.endsWith(' ') ? `${out.slice(0, -1)}.` : out;
}
