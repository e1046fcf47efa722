/**
 * The DOM kit every site adapter reads pages with: one meaning of "hidden", one way to query
 * that survives selectors an engine rejects, one text cleaner, one way to read the address an
 * element shows (through lib/match/emails.ts). Adapters hold selectors and URL parsing; what
 * is here is read-only.
 *
 * What "hidden" means (decided from the four copies the adapters had and from the fixtures):
 * - the `hidden` attribute, or an inline `display: none` / `visibility: hidden`, on the element
 *   or any ancestor: how Lightning, Pipedrive and Gmail park the views they keep in the DOM
 *   (cached page hosts, stale threads, the inbox behind an open conversation);
 * - where the engine lays pages out: an element without a box of its own (hidden by a class, as
 *   SLDS's `.slds-hide` hover cards are, or inside a closed `<details>`), with a zero-size box,
 *   or invisible by a stylesheet's `visibility`. `display: contents` wrappers count as visible
 *   when a child is. Engines without layout (happy-dom in unit tests, documents that are not
 *   rendered) answer from the computed style instead (`checkVisibility`), where they have it.
 * - NOT `aria-hidden`: modal dialogs set it on the whole app behind them (Lightning's edit and
 *   email modals, Fluent UI dialogs in Outlook and Dynamics), and the record behind a modal is
 *   still the one the rep works on; Gmail also marks visible text aria-hidden (the `<address>`
 *   beside a sender's name).
 * The checks are cheap ones first; layout is read only for elements that pass them.
 */
import { emailsInText, toEmail } from '../match/emails';
import { cleanText } from '../match/text';

export { cleanText };

type Root = Document | Element;

/** True when the page lays out boxes (a browser tab), false in engines that do not (happy-dom). */
function hasLayout(doc: Document): boolean {
  const box = doc.documentElement?.getBoundingClientRect();
  return Boolean(box && (box.width > 0 || box.height > 0));
}

function hasBox(el: Element): boolean {
  const box = el.getBoundingClientRect();
  if (box.width > 0 || box.height > 0) {
    // A box that a stylesheet made invisible (class-based `visibility: hidden`); engines before
    // the option (Chrome < 121, Firefox < 122) ignore it and answer from display alone.
    return (el as Element & { checkVisibility?(options: object): boolean }).checkVisibility?.({ visibilityProperty: true }) !== false;
  }
  const view = el.ownerDocument.defaultView;
  return view?.getComputedStyle(el).display === 'contents' && Array.from(el.children).some(hasBox);
}

/** See the file header. */
export function isHidden(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return true;
    const style = (node as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style?.display === 'none' || style?.visibility === 'hidden') return true;
  }
  if (hasLayout(el.ownerDocument)) return !hasBox(el);
  return (el as Element & { checkVisibility?(): boolean }).checkVisibility?.() === false;
}

/** querySelectorAll that answers [] for a selector the engine rejects (happy-dom refuses `_` in tag names, which browsers accept). */
export function queryAll(root: Root, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/**
 * Visible matches of each selector in turn (selector order, then document order), optionally
 * without those `skip` rejects (e.g. matches inside a preview panel showing another record).
 */
export function visibleAll(root: Root, selectors: string | readonly string[], skip?: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const selector of typeof selectors === 'string' ? [selectors] : selectors) {
    for (const el of queryAll(root, selector)) if (!skip?.(el) && !isHidden(el)) found.push(el);
  }
  return found;
}

/** The first visible match, trying the selectors in fallback order. */
export function firstVisible(root: Root, selectors: string | readonly string[], skip?: (el: Element) => boolean): Element | null {
  for (const selector of typeof selectors === 'string' ? [selectors] : selectors) {
    for (const el of queryAll(root, selector)) if (!skip?.(el) && !isHidden(el)) return el;
  }
  return null;
}

/** The element's text, cleaned (see cleanText). */
export function textOf(el: Element | null | undefined): string | undefined {
  return cleanText(el?.textContent);
}

/**
 * What a field shows: an input's live `value` (React-controlled inputs do not reflect it in the
 * attribute) — the element's own or its first descendant's — else its text. By tag, not
 * `instanceof`, which fails across windows and worlds.
 */
export function shownValue(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const input = (/^(INPUT|TEXTAREA)$/.test(el.tagName) ? el : el.querySelector('input, textarea')) as HTMLInputElement | null;
  return cleanText(input?.value) ?? textOf(el);
}

const MAILTO = 'a[href^="mailto:"]';

/**
 * The address an element shows: its mail link's target (the element's own or its first
 * descendant's), else an input's live value, else the first text node holding one. Text nodes
 * one by one: textContent glues "a@b.com" to a following "Copy" button's label.
 */
export function emailIn(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const link = el.matches(MAILTO) ? el : el.querySelector(MAILTO);
  const href = link?.getAttribute('href');
  if (href) return toEmail(href) ?? emailsInText(href)[0];
  const input = (/^(INPUT|TEXTAREA)$/.test(el.tagName) ? el : el.querySelector('input, textarea')) as HTMLInputElement | null;
  if (input?.value) return emailsInText(input.value)[0];
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const email = emailsInText(node.nodeValue)[0];
    if (email) return email;
  }
  return undefined;
}

/**
 * True when the rep is working inside `root`: it holds keyboard focus, or it holds the
 * document's selection. The selection matters once the rep clicks into the sidebar iframe:
 * focus moves to the iframe but the page keeps its caret in the draft.
 */
export function holdsFocus(doc: Document, root: Element): boolean {
  const active = doc.activeElement;
  if (active && active !== doc.body && root.contains(active)) return true;
  const anchor = doc.getSelection?.()?.anchorNode ?? null;
  return anchor !== null && root.contains(anchor);
}

/** `detect` bodies run through this: a page the adapter cannot read is a page it does not support. */
export function neverThrows<Args extends unknown[], Result>(read: (...args: Args) => Result | null): (...args: Args) => Result | null {
  return (...args) => {
    try {
      return read(...args);
    } catch {
      return null;
    }
  };
}
