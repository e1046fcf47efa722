/**
 * What a webmail shows around sending a draft, as each mail adapter describes it (gmail.ts
 * `gmailSend`, outlook.ts `outlookSend`), and the one way to read what a draft says at send time.
 * The page script's send tracker (lib/page/send-tracker.ts) runs the state machine over these.
 *
 * Invariants:
 * - Read only, never throws into the page (a selector the engine rejects finds nothing).
 * - The draft's text is read for the retained share only, in the page script's memory; it never
 *   leaves the tab. Signatures and the quoted thread are not the rep's message (Salesloft's
 *   personalization score leaves them out too; research/send-and-leads.md A3).
 */
import { isHidden, queryAll } from './dom';

export interface MailDraft {
  /** The element that holds one draft (recipients, subject, body, send button). */
  root: Element;
  body: HTMLElement;
}

export interface SendSite {
  /** Every open draft, in document order. */
  drafts(doc: Document): MailDraft[];
  /** Ids the page gives a draft, to know it again when it comes back (Gmail's Undo reopens it). */
  draftIds(root: Element): string[];
  /** The send control an event landed on: a send button (scheduled: false) or a schedule-send item. */
  sendControl(target: Element): { scheduled: boolean } | undefined;
  /** The key press that sends the draft it lands in (Ctrl/Cmd+Enter; Outlook also Alt+S). */
  isSendShortcut(event: KeyboardEvent): boolean;
  /** The control that opens the send options menu: its draft is the one a later "Schedule send" is for. */
  isSendMenu?(target: Element): boolean;
  /**
   * A visible "message sent" notice, when the site shows one (Gmail); sites without one confirm a
   * send by the draft closing.
   */
  sentNotice?(doc: Document): Element | null;
  /** The notice's Undo. */
  isUndo?(target: Element): boolean;
  /** A visible dialog asking the rep something (Outlook's discard prompt): a send pressed before it did not happen. */
  prompt?(doc: Document): Element | null;
  /** The draft's own words: signature and quoted thread removed. */
  draftText(body: HTMLElement): string;
  /** How long a send can still be undone, at most, on this site. */
  undoWindowMs: number;
}

/** Ctrl+Enter, or Cmd+Enter on a Mac: both webmails send with it (InboxSDK getPresendingStream). */
export function isCtrlEnter(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** The first visible element of `selector`. */
export function visibleMatch(doc: Document, selector: string): Element | null {
  return queryAll(doc, selector).find((el) => !isHidden(el)) ?? null;
}

/** Elements whose text does not belong to the words of a line: the text around them is a new word. */
const INLINE = /^(A|ABBR|B|BDI|BDO|CITE|CODE|EM|FONT|I|KBD|MARK|Q|S|SMALL|SPAN|STRONG|SUB|SUP|U|WBR)$/;

/**
 * The words of a draft body as the rep sees them: `drop` (signatures, quotes) removed, and for
 * each `cut` marker (Outlook's "append on send"), the marker and everything after it. Works on a
 * copy: the page's editor is never touched. Block elements and <br> separate words, as on screen.
 */
export function draftTextOf(body: HTMLElement, drop: string, cut = ''): string {
  const copy = body.cloneNode(true) as HTMLElement;
  if (cut) {
    for (const marker of queryAll(copy, cut)) {
      for (let node: Node | null = marker; node && node !== copy; node = node.parentNode) {
        while (node.nextSibling) node.parentNode?.removeChild(node.nextSibling);
      }
      marker.remove();
    }
  }
  for (const el of queryAll(copy, drop)) el.remove();
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) parts.push(node.nodeValue ?? '');
    else if (node.nodeType === 1) {
      const block = !INLINE.test((node as Element).tagName);
      if (block) parts.push(' ');
      node.childNodes.forEach(walk);
      if (block) parts.push(' ');
    }
  };
  copy.childNodes.forEach(walk);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
