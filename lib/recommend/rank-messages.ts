/**
 * Approved messaging for a prospect: what fits their persona/industry/stage first, every other
 * approved and valid message after it (found by scrolling or search). Drafts, retired, expired and
 * not-yet-valid messages are never returned, only reported as excluded.
 */
import type { Message } from '../contract/data';
import type { Dimension, MessageReasonCode, ProspectSummary, RankedMessage, ValidityCode } from '../contract';
import { validityProblem } from '../contract/validity';
import { compareText, normalizeText, nowMillis, segmentFit } from './segment';

export interface ExcludedMessage {
  message: Message;
  code: ValidityCode;
}

export interface RankMessagesResult {
  /** Fitting messages first, then the rest; see compareMessages. */
  ranked: RankedMessage[];
  /** In message id order. */
  excluded: ExcludedMessage[];
}

const REASON: Record<Dimension, MessageReasonCode> = { stage: 'stage_fit', persona: 'persona_fit', industry: 'industry_fit' };

/** Fitting first; then more explicit fits, newer version, title, id (a total order: ties cannot shuffle). */
export function compareMessages(a: RankedMessage, b: RankedMessage): number {
  if (a.fit !== b.fit) return a.fit ? -1 : 1;
  if (a.reasons.length !== b.reasons.length) return b.reasons.length - a.reasons.length;
  const va = a.message.version ?? 0;
  const vb = b.message.version ?? 0;
  if (va !== vb) return vb - va;
  return compareText(a.message.title, b.message.title) || compareText(a.message.id, b.message.id);
}

export function rankMessages(input: {
  prospect: Pick<ProspectSummary, 'stage' | 'persona' | 'industry'>;
  messages: readonly Message[];
  now: Date;
}): RankMessagesResult {
  const nowMs = nowMillis(input.now);
  const ranked: RankedMessage[] = [];
  const excluded: ExcludedMessage[] = [];
  for (const message of input.messages) {
    const problem = validityProblem(message, nowMs);
    if (problem) {
      excluded.push({ message, code: problem });
      continue;
    }
    const { fits, mismatches } = segmentFit(message, input.prospect);
    ranked.push({ message, fit: mismatches.length === 0, reasons: fits.map((d) => REASON[d]), mismatches });
  }
  ranked.sort(compareMessages);
  excluded.sort((a, b) => compareText(a.message.id, b.message.id));
  return { ranked, excluded };
}

// ---------------------------------------------------------------------------------------------
// Search

type Searchable = Message | RankedMessage;

interface SearchText {
  title: string;
  body: string;
}

/** Folded text per message object: lower case, accents dropped, so "Tomás" finds "tomas". */
const folded = new WeakMap<Message, SearchText>();

function fold(value: string): string {
  return normalizeText(value, 'NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

function searchTextOf(message: Message): SearchText {
  let cached = folded.get(message);
  if (!cached) {
    cached = { title: fold(message.title), body: fold(message.body) };
    folded.set(message, cached);
  }
  return cached;
}

function messageOf(item: Searchable): Message {
  return 'message' in item ? item.message : item;
}

/**
 * Every query word must appear in the title or body (as a word prefix or anywhere inside a word:
 * "pric" finds "pricing"). Title hits come before body-only hits; otherwise the list keeps its
 * order, which is the ranking. Folded text is cached per message object, so typing a query
 * re-scans strings already lower-cased.
 */
export function searchMessages<T extends Searchable>(list: readonly T[], query: string): T[] {
  const tokens = [...new Set(fold(query).split(' ').filter(Boolean))];
  if (tokens.length === 0) return list.slice();
  const inTitle: T[] = [];
  const inBody: T[] = [];
  for (const item of list) {
    const text = searchTextOf(messageOf(item));
    let all = true;
    let titleHits = 0;
    for (const token of tokens) {
      if (text.title.includes(token)) titleHits++;
      else if (!text.body.includes(token)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    (titleHits > 0 ? inTitle : inBody).push(item);
  }
  return inTitle.concat(inBody);
}
