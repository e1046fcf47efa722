/**
 * Deterministic ids for imported rows: the export's own id when it has one, else a hash of stable
 * fields, so importing the same file twice changes nothing.
 */
import { normalizeEmail } from '../match/keys';

/** cyrb53: a fast 53-bit string hash (public domain); two seeds give a 106-bit id. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

/**
 * A deterministic id from stable fields: same fields, same id, across files and runs. Two cyrb53
 * hashes (seeds 1 and 2) computed in one pass: 106 bits, so a million rows never collide in practice.
 */
export function stableId(prefix: string, parts: readonly (string | undefined)[]): string {
  let a1 = 0xdeadbeef ^ 1, a2 = 0x41c6ce57 ^ 1, b1 = 0xdeadbeef ^ 2, b2 = 0x41c6ce57 ^ 2;
  for (let p = 0; p < parts.length; p++) {
    const part = p === 0 ? (parts[p] ?? '') : `\u001f${parts[p] ?? ''}`;
    for (let i = 0; i < part.length; i++) {
      const ch = part.charCodeAt(i);
      a1 = Math.imul(a1 ^ ch, 2654435761);
      a2 = Math.imul(a2 ^ ch, 1597334677);
      b1 = Math.imul(b1 ^ ch, 2654435761);
      b2 = Math.imul(b2 ^ ch, 1597334677);
    }
  }
  return `${prefix}-${finish53(a1, a2).toString(36).padStart(11, '0')}${finish53(b1, b2).toString(36).padStart(11, '0')}`;
}

function finish53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Exports name the same people on row after row; bounded so a file of a million people stays small. */
const idsByEmail = new Map<string, string>();
const MAX_REMEMBERED_EMAILS = 50_000;

/** The prospect id every vendor preset gives a person with this email (when the store has none). */
export function prospectIdForEmail(email: string): string {
  let id = idsByEmail.get(email);
  if (id === undefined) {
    id = stableId('p', [normalizeEmail(email)]);
    if (idsByEmail.size >= MAX_REMEMBERED_EMAILS) idsByEmail.clear();
    idsByEmail.set(email, id);
  }
  return id;
}
