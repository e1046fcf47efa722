/**
 * How much of an inserted approved text is still in the email when it is sent: the share of the
 * inserted words that survive, in order, in the draft (a word-level longest common subsequence,
 * as Salesloft's "personalization score" counts words kept, inserted and changed; see
 * research/send-and-leads.md A3). Pure and zod-free: it runs in the page script, on text that
 * never leaves the tab; only the number does.
 *
 * Rules:
 * - Words compare case-insensitively, after Unicode compatibility folding, with punctuation at
 *   their edges dropped ("Dana," = "dana"); punctuation-only tokens are not words.
 * - A kept word counts only inside a run of two or more consecutive words kept on both sides
 *   (a one-word insert excepted). A lone "the" or "and" somewhere in the rep's own writing is
 *   not the approved text surviving; without this rule a fully rewritten email scores 0.3–0.4
 *   on common words alone.
 * - The caller hands over the draft with its signature and quoted thread already removed
 *   (lib/sites/mail-send.ts): an earlier copy of the message in the quote must not count.
 */

/** Bounds the work: the DP table is (inserted + 1) × (draft + 1) cells of 2 bytes. */
export const MAX_DIFF_CELLS = 2_000_000;
/** Word counts are kept in 16-bit cells. */
const MAX_INSERTED_WORDS = 4_000;

const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/** The comparable words of `text` (see the rules above). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.normalize('NFKC').toLowerCase().split(/[\s\u200b-\u200f\u2060\ufeff]+/)) {
    const word = raw.replace(EDGE_PUNCTUATION, '');
    if (word) words.push(word);
  }
  return words;
}

/**
 * The number of `inserted` words found in `draft` in order, in runs of at least `minRun`
 * consecutive words on both sides. dp[i][j] is the best count for the first i inserted and
 * first j draft words; a run of k ≥ minRun words ending at (i, j) extends dp[i-k][j-k].
 */
function keptWords(inserted: readonly string[], draft: readonly string[], minRun: number): number {
  const n = inserted.length;
  const m = draft.length;
  const width = m + 1;
  const dp = new Uint16Array((n + 1) * width);
  // run[j]: consecutive equal words ending at (i, j), one row at a time.
  let previousRun = new Uint16Array(width);
  let run = new Uint16Array(width);
  for (let i = 1; i <= n; i++) {
    const word = inserted[i - 1];
    const row = i * width;
    for (let j = 1; j <= m; j++) {
      run[j] = word === draft[j - 1] ? previousRun[j - 1]! + 1 : 0;
      let best = Math.max(dp[row - width + j]!, dp[row + j - 1]!);
      for (let k = minRun; k <= run[j]!; k++) {
        const extended = dp[(i - k) * width + j - k]! + k;
        if (extended > best) best = extended;
      }
      dp[row + j] = best;
    }
    [previousRun, run] = [run, previousRun];
  }
  return dp[n * width + m]!;
}

/**
 * The share (0..1, two decimals) of `inserted`'s words still in `draft`. An insert with no
 * words at all has nothing to lose: 1. A draft too long for the cell budget is read from its
 * start (where replies are written; the quoted thread is already gone).
 */
export function retainedShare(inserted: string, draft: string): number {
  const insertedWords = wordsOf(inserted).slice(0, MAX_INSERTED_WORDS);
  if (insertedWords.length === 0) return 1;
  const draftWords = wordsOf(draft);
  const maxDraftWords = Math.max(1, Math.floor(MAX_DIFF_CELLS / (insertedWords.length + 1)) - 1);
  const kept = keptWords(insertedWords, draftWords.slice(0, maxDraftWords), Math.min(2, insertedWords.length));
  return Math.round((kept / insertedWords.length) * 100) / 100;
}
