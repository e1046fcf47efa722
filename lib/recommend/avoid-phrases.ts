/**
 * Phrases marketing asked reps to avoid, found in a draft as the rep types. Runs in the content
 * script on every keystroke, so the phrase list is compiled once into a map from each phrase's
 * first word to the phrases starting with it, grouped by length; a check walks the draft's words
 * once and does one hash lookup per (word, phrase length), whatever the number of rules.
 *
 * Matching: case-insensitive, whole words with Unicode word boundaries (letters, digits, marks and
 * "_" of any script are word characters), so "guarantee" does not fire on "guaranteed" and
 * "100% uptime" fires on "100% Uptime". Whitespace runs (including the non-breaking spaces
 * webmail compose boxes are full of) count as one space; curly apostrophes equal straight ones.
 * Limit: scripts written without spaces (Chinese, Japanese, Thai) have no word boundaries to
 * find, so a phrase inside a longer run of such text does not match.
 *
 * Alternative: the approved message that lists the phrase IS the approved alternative. Each rule
 * is one message (`id` = message id); `alternative` is what the warning names — by default that
 * message's title (see avoidRulesFromMessages) — and `ruleId` lets the sidebar open/insert it.
 */
import type { Message } from '../contract/data';
import { normalizeText, nowMillis } from './segment';
import type { AvoidPhraseRule } from '../contract';
import { validityProblem } from '../contract/validity';

export interface AvoidPhraseMatch {
  /** The phrase as marketing wrote it (first spelling seen). */
  phrase: string;
  /** The first rule (in the order given) listing the phrase. */
  ruleId: string;
  /** Every rule listing the phrase, in the order given. */
  ruleIds: string[];
  /** The first alternative among those rules. */
  alternative?: string;
}

export interface AvoidPhraseMatcher {
  /** Matches in order of first appearance in the text, one per phrase. */
  check(text: string): AvoidPhraseMatch[];
  readonly phraseCount: number;
}

interface CompiledPhrase {
  /** Normalized, lower-cased phrase. */
  key: string;
  /** Its first run of word characters (the index key); empty for a phrase with none. */
  firstWord: string;
  /** Length of the non-word prefix before the first word ("#1 rated" → 1). */
  lead: number;
  wordEdgeStart: boolean;
  wordEdgeEnd: boolean;
  match: AvoidPhraseMatch;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
const WORD_RUN = /[\p{L}\p{N}\p{M}_]+/gu;

function normalize(text: string): string {
  return normalizeText(text, 'NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[\s\u00A0\u200B]+/g, ' ');
}

function isWordAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const cp = text.codePointAt(index);
  if (cp === undefined) return false;
  // ASCII fast path: most drafts and phrases are mostly ASCII, and \p{…} classes are slow to test.
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return WORD.test(String.fromCodePoint(cp));
}

function isWordBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  const unit = text.charCodeAt(index - 1);
  // The character before may be the low half of a surrogate pair (an astral letter).
  const start = unit >= 0xdc00 && unit <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return isWordAt(text, start);
}

export function compileAvoidPhrases(rules: readonly AvoidPhraseRule[]): AvoidPhraseMatcher {
  const byKey = new Map<string, CompiledPhrase>();
  for (const rule of rules) {
    for (const raw of rule.phrases) {
      const key = normalize(raw).trim();
      if (!key) continue;
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.match.ruleIds.includes(rule.id)) existing.match.ruleIds.push(rule.id);
        if (existing.match.alternative === undefined && rule.alternative) existing.match.alternative = rule.alternative;
        continue;
      }
      WORD_RUN.lastIndex = 0;
      const first = WORD_RUN.exec(key);
      byKey.set(key, {
        key,
        firstWord: first ? first[0] : '',
        lead: first ? first.index : 0,
        wordEdgeStart: isWordAt(key, 0),
        wordEdgeEnd: isWordBefore(key, key.length),
        match: {
          phrase: raw.trim(),
          ruleId: rule.id,
          ruleIds: [rule.id],
          ...(rule.alternative ? { alternative: rule.alternative } : {}),
        },
      });
    }
  }

  // Index by first word, then by (offset of that word, phrase length): at each word of the draft a
  // check cuts one substring per distinct length and looks it up, instead of comparing every
  // phrase that starts with a common word like "free" or "best". Phrases with no word at all
  // ("!!!") are found with indexOf.
  const byFirstWord = new Map<string, Map<string, { lead: number; length: number; phrases: Map<string, CompiledPhrase> }>>();
  const wordless: CompiledPhrase[] = [];
  for (const phrase of byKey.values()) {
    if (!phrase.firstWord) {
      wordless.push(phrase);
      continue;
    }
    let groups = byFirstWord.get(phrase.firstWord);
    if (!groups) byFirstWord.set(phrase.firstWord, (groups = new Map()));
    const shape = `${phrase.lead}:${phrase.key.length}`;
    let group = groups.get(shape);
    if (!group) groups.set(shape, (group = { lead: phrase.lead, length: phrase.key.length, phrases: new Map() }));
    group.phrases.set(phrase.key, phrase);
  }

  const endsCleanly = (text: string, phrase: CompiledPhrase, start: number) =>
    !phrase.wordEdgeEnd || !isWordAt(text, start + phrase.key.length);
  const startsCleanly = (text: string, phrase: CompiledPhrase, start: number) =>
    !phrase.wordEdgeStart || !isWordBefore(text, start);

  return {
    phraseCount: byKey.size,
    check(raw: string): AvoidPhraseMatch[] {
      if (byKey.size === 0 || !raw) return [];
      const text = normalize(raw);
      const found = new Map<CompiledPhrase, number>();
      const words = new RegExp(WORD_RUN.source, WORD_RUN.flags);
      for (let m = words.exec(text); m; m = words.exec(text)) {
        const groups = byFirstWord.get(m[0]);
        if (!groups) continue;
        for (const group of groups.values()) {
          const start = m.index - group.lead;
          if (start < 0) continue;
          const phrase = group.phrases.get(text.slice(start, start + group.length));
          if (!phrase || found.has(phrase)) continue;
          if (!startsCleanly(text, phrase, start) || !endsCleanly(text, phrase, start)) continue;
          found.set(phrase, start);
        }
      }
      for (const phrase of wordless) {
        const at = text.indexOf(phrase.key);
        if (at >= 0) found.set(phrase, at);
      }
      return [...found.entries()]
        .sort((a, b) => a[1] - b[1] || (a[0].key < b[0].key ? -1 : 1))
        .map(([phrase]) => ({ ...phrase.match, ruleIds: phrase.match.ruleIds.slice() }));
    },
  };
}

/** One-off check; compile once with compileAvoidPhrases when checking on every keystroke. */
export function findAvoidPhrases(text: string, rules: readonly AvoidPhraseRule[]): AvoidPhraseMatch[] {
  return compileAvoidPhrases(rules).check(text);
}

/**
 * Rules from messaging: only approved, currently valid messages, since the alternative offered must
 * be one the rep may use (retiring a message retires its list; a phrase banned everywhere belongs on
 * a live message). Pass the messages in ranked order so the warning points at the best-fitting one.
 */
export function avoidRulesFromMessages(messages: readonly Message[], now: Date): AvoidPhraseRule[] {
  const nowMs = nowMillis(now);
  const rules: AvoidPhraseRule[] = [];
  for (const message of messages) {
    if (!message.avoidPhrases || message.avoidPhrases.length === 0) continue;
    if (validityProblem(message, nowMs)) continue;
    rules.push({ id: message.id, phrases: message.avoidPhrases, alternative: message.title });
  }
  return rules;
}
