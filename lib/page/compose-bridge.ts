/**
 * The content script's side of "insert into email" and avoid-phrase warnings.
 *
 * - Remembers the compose body the rep last worked in and the caret in it (focusin, keyup,
 *   mouseup, input), because clicking "Insert" in the sidebar moves focus into our iframe and the
 *   page's selection with it. Insertion restores that caret and uses execCommand('insertText'),
 *   so the site's own undo stack and change handlers see a normal edit.
 * - Runs the avoid-phrase matcher on the draft (debounced) and reports only which phrases/rule
 *   ids matched, and only when that changed. The draft text never leaves this function.
 * No zod, no React, no storage: this ships in the content script.
 */
import { compileAvoidPhrases, type AvoidPhraseMatcher } from '../recommend/avoid-phrases';
import type { AvoidPhraseRule } from '../contract';

export interface FoundPhrase {
  phrase: string;
  ruleId: string;
}

export interface ComposeBridgeOptions {
  doc: Document;
  signal: AbortSignal;
  /** The site's compose body in focus (or the only one), as the adapter finds it. */
  composeTarget(doc: Document): HTMLElement | null;
  /** Fetches the avoid-phrase rules (phrases and ids only) from the background. */
  loadRules(): Promise<AvoidPhraseRule[]>;
  /** Called with the phrases found now, only when the set changed. */
  onWarnings(found: FoundPhrase[]): void;
  debounceMs?: number;
}

export interface ComposeBridge {
  /** Inserts at the remembered caret of the last compose body; false when there is none. */
  insert(text: string): boolean;
  /** The same, answering the compose body the text went into (undefined: none). */
  insertInto(text: string): HTMLElement | undefined;
  /** Re-checks the draft now (e.g. the page changed or a compose closed). */
  recheck(): void;
  /** Drops the cached rules; the next check (only with a compose body in use) fetches them again. */
  reloadRules(): void;
}

export function createComposeBridge(options: ComposeBridgeOptions): ComposeBridge {
  const { doc, signal } = options;
  const debounceMs = options.debounceMs ?? 300;
  let lastBody: HTMLElement | undefined;
  let lastRange: Range | undefined;
  let matcher: AvoidPhraseMatcher | undefined;
  let loading: Promise<void> | undefined;
  let lastReport = '[]';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const bodyFor = (node: EventTarget | null): HTMLElement | undefined => {
    if (!(node instanceof Node)) return undefined;
    let body: HTMLElement | null = null;
    try {
      body = options.composeTarget(doc);
    } catch {
      return undefined;
    }
    return body && body.contains(node) ? body : undefined;
  };

  const remember = (event: Event) => {
    const body = bodyFor(event.target);
    if (!body) return;
    lastBody = body;
    const selection = doc.getSelection();
    if (selection && selection.rangeCount > 0 && body.contains(selection.anchorNode)) lastRange = selection.getRangeAt(0).cloneRange();
    if (event.type === 'input' || event.type === 'focusin') schedule();
  };

  const ensureRules = (): Promise<void> => {
    loading ??= options
      .loadRules()
      .then((rules) => {
        matcher = compileAvoidPhrases(rules);
      })
      .catch(() => {
        loading = undefined;
      });
    return loading;
  };

  const check = async () => {
    timer = undefined;
    if (signal.aborted) return;
    const body = lastBody?.isConnected ? lastBody : undefined;
    let found: FoundPhrase[] = [];
    if (body) {
      await ensureRules();
      if (signal.aborted) return;
      const text = body.innerText ?? body.textContent ?? '';
      found = (matcher?.check(text) ?? []).map(({ phrase, ruleId }) => ({ phrase, ruleId }));
    }
    const key = JSON.stringify(found);
    if (key === lastReport) return;
    lastReport = key;
    try {
      options.onWarnings(found);
    } catch {
      // The extension may have been reloaded; the next change tries again.
    }
  };

  function schedule(): void {
    if (signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  }

  for (const type of ['focusin', 'keyup', 'mouseup', 'input']) doc.addEventListener(type, remember, { capture: true, signal });
  signal.addEventListener('abort', () => clearTimeout(timer));

  function insertInto(text: string): HTMLElement | undefined {
    const body = lastBody?.isConnected ? lastBody : (options.composeTarget(doc) ?? undefined);
    if (!body) return undefined;
    // Focus moves to the draft the rep was writing in, with the caret where they left it.
    body.focus({ preventScroll: true });
    const selection = doc.getSelection();
    if (!selection) return undefined;
    let range = lastBody === body && lastRange && body.contains(lastRange.startContainer) ? lastRange : undefined;
    if (!range) {
      range = doc.createRange();
      range.selectNodeContents(body);
      range.collapse(false);
    }
    selection.removeAllRanges();
    selection.addRange(range);
    let done = false;
    try {
      done = doc.execCommand('insertText', false, text);
    } catch {
      done = false;
    }
    if (!done) {
      // No editing command support (some test engines): a plain text node, still at the caret.
      const node = doc.createTextNode(text);
      range.deleteContents();
      range.insertNode(node);
      range.setStartAfter(node);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
      body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    }
    lastBody = body;
    if (selection.rangeCount > 0) lastRange = selection.getRangeAt(0).cloneRange();
    schedule();
    return body;
  }

  return {
    insert: (text) => insertInto(text) !== undefined,
    insertInto,
    recheck: schedule,
    reloadRules() {
      matcher = undefined;
      loading = undefined;
      schedule();
    },
  };
}
