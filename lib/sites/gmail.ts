/**
 * Gmail adapter: the open conversation (thread view) and the compose windows / inline replies.
 *
 * Invariants:
 * - Never the signed-in user nor colleagues: the user's address comes from the page (One Google
 *   bar account button, else the tab title), colleagues are the user's domain plus any domains
 *   passed as `ownDomains` (settings). See mail-participants.ts.
 * - Gmail's URL is not trusted for the thread (gmail.js: "URL analysis is unreliable"); the DOM
 *   decides. The hash only tells "a thread is opening" so the sidebar shows loading, not no-match.
 * - Only visible views are read: the inbox list stays in the DOM (hidden) behind an open thread,
 *   and its rows carry `data-legacy-thread-id` and sender `[email]`s of their own.
 * - Read only, never throws into the page; Gmail enforces Trusted Types, and nothing here writes.
 * - Selectors live in this file, alternatives in fallback order with the UI they are for
 *   (Gmail rolls DOM changes out in stages: InboxSDK #1078, #1080, #1261).
 */
import { emailsInText, mailbox, parseMailbox, toEmail } from '../match/emails';
import { firstVisible, holdsFocus, neverThrows, queryAll, visibleAll } from './dom';
import { externalParticipants, latestDraftRef, ownIdentity, type MailParticipant, type OwnIdentity } from './mail-participants';
import { draftTextOf, isCtrlEnter, visibleMatch, type SendSite } from './mail-send';
import type { DetectOptions, Detection, SiteAdapter, UrlRecord } from './types';

export function isGmailHost(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname.toLowerCase() === 'mail.google.com';
}

/** `/mail/`, `/mail/u/1/`, `/mail/ca/u/0/` (delegated): the web client; not `/chat`, `/tasks`. */
export function isGmailMailPath(url: URL): boolean {
  return /^\/mail(?:\/|$)/.test(url.pathname);
}

/**
 * The thread id the hash points at, or undefined for lists and settings:
 * `#inbox/FMfcgz…`, `#label/Clients/FMfcgz…`, `#search/pilot/18c3f0a2b4d5e6f7`,
 * with or without Gmail's `?compose=…` suffix. A hint only (see the header).
 */
export function gmailThreadIdFromHash(hash: string): string | undefined {
  const route = hash.replace(/^#/, '').split('?')[0] ?? '';
  const segments = route.split('/');
  if (segments.length < 2) return undefined;
  const last = segments[segments.length - 1] ?? '';
  // Legacy hex ids (16 digits) or the newer opaque ids (`FMfcgz…`, 32+ letters).
  return /^(?:[0-9a-f]{16}|[A-Za-z0-9]{24,})$/.test(last) ? last : undefined;
}

/** The thread a mail-client URL points at (a hint only, see the header). */
export function parseGmailUrl(url: URL): UrlRecord | null {
  const recordId = isGmailMailPath(url) ? gmailThreadIdFromHash(url.hash) : undefined;
  return recordId ? { objectType: 'thread', recordId } : null;
}

// ---------------------------------------------------------------------------------------------
// Who is signed in

const ACCOUNT_BUTTON_SELECTORS = [
  // One Google bar account button: aria-label "Google Account: Sam Rep\n(sam@x.com)", the
  // prefix localized, so found by its link target first.
  'a[href*="accounts.google.com/SignOutOptions"][aria-label]',
  '[aria-label^="Google Account:"]',
];

/** The signed-in user's addresses as Gmail shows them; empty when the page does not say. */
export function gmailUserAddresses(doc: Document): string[] {
  const found: string[] = [];
  for (const selector of ACCOUNT_BUTTON_SELECTORS) {
    for (const el of queryAll(doc, selector)) found.push(...emailsInText(el.getAttribute('aria-label')));
    if (found.length) break;
  }
  // Tab title "Inbox (3) - sam@x.com - Gmail" / "<subject> - sam@x.com - Gmail": the user's is
  // the last address (a subject may contain another one before it).
  const fromTitle = emailsInText(doc.title).pop();
  if (fromTitle) found.push(fromTitle);
  return [...new Set(found)];
}

// ---------------------------------------------------------------------------------------------
// Thread view

/**
 * The open conversation's subject header, in fallback order. The first two carry the thread id
 * (gmail.js `get.thread_id`); markup captured from real accounts by other projects has shown
 * `h2.hP` without them, and tools fall back to `h2.hP`, then to `[role=main] h2` (SITES.md).
 */
const THREAD_HEADER_SELECTORS = [
  'h2.hP[data-thread-perm-id], h2.hP[data-legacy-thread-id]', // subject header with its thread ids
  'h2[data-legacy-thread-id], h2[data-thread-perm-id], [data-thread-perm-id]', // ids kept, class rotated
  'h2.hP', // ids dropped
  '[role="main"] h2', // ids dropped and the class rotated
];
/** Headers found without a thread id name a conversation only when a message header is beside them. */
const FIRST_HEADER_WITHOUT_IDS = 2;

/** One message of the conversation: expanded (`.adn`) or collapsed (`.kv`) card. */
const MESSAGE_SELECTORS = '[data-legacy-message-id], [data-message-id], .adn, .kv';

const SENDER_SELECTORS = [
  'span.gD[email]', // expanded and collapsed message headers
  'td.gF span[email]', // header cell, markup without the gD class
  'span.zF[email], span.yP[email]', // collapsed cards that reuse the list-row sender spans
];
const RECIPIENT_SELECTOR = 'span.g2[email]';

/** The open conversation's view (the `role=main` around the visible thread header). */
export function findGmailThreadView(doc: Document): Element | null {
  for (const [index, selector] of THREAD_HEADER_SELECTORS.entries()) {
    for (const header of visibleAll(doc, selector)) {
      // Inbox rows carry thread ids too; a draft's title is an h2 as well.
      if (header.closest(`tr, ${COMPOSE_ROOT_SELECTORS}`)) continue;
      const view = header.closest('[role="main"]') ?? header.parentElement?.parentElement ?? doc.body;
      if (index < FIRST_HEADER_WITHOUT_IDS || firstVisible(view, [MESSAGE_SELECTORS, ...SENDER_SELECTORS.slice(0, 2)])) return view;
    }
  }
  return null;
}

function participantFrom(el: Element | null | undefined): MailParticipant | undefined {
  const email = toEmail(el?.getAttribute('email'));
  return el && email ? mailbox(email, el.getAttribute('name') ?? el.textContent) : undefined;
}

function messagesOf(view: Element): Element[] {
  const all = visibleAll(view, MESSAGE_SELECTORS);
  // Keep the outermost element of each message (the attributes sit on nested nodes too).
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
}

function senderOf(message: Element): MailParticipant | undefined {
  return participantFrom(firstVisible(message, SENDER_SELECTORS, (el) => !toEmail(el.getAttribute('email'))));
}

/** Candidates in relevance order: senders latest first, then recipients latest first. */
function threadCandidates(view: Element): { candidates: MailParticipant[]; rendered: boolean } {
  const messages = messagesOf(view);
  const units = messages.length ? messages : [view];
  const senders: MailParticipant[] = [];
  const recipients: MailParticipant[] = [];
  for (const message of [...units].reverse()) {
    const sender = senderOf(message);
    if (sender) senders.push(sender);
    for (const el of visibleAll(message, RECIPIENT_SELECTOR)) {
      if (el.closest(COMPOSE_ROOT_SELECTORS)) continue; // a reply box's chips are the draft's
      const recipient = participantFrom(el);
      if (recipient) recipients.push(recipient);
    }
  }
  return { candidates: [...senders, ...recipients], rendered: senders.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// Compose windows and inline replies

/** Compose body: Gmail marks its editable regions `g_editable`; the subject is an input. */
const COMPOSE_BODY_SELECTORS = [
  'div[contenteditable="true"][g_editable="true"]',
  'div.Am.Al.editable[contenteditable="true"]', // class names seen since 2013, kept as fallback
];

/** The element that holds one draft: `.M9` in pop-out, full-screen and inline composes. */
const COMPOSE_ROOT_SELECTORS = '.M9, [role="dialog"], .ip.adB';

function composeBodies(doc: Document | Element): HTMLElement[] {
  for (const selector of COMPOSE_BODY_SELECTORS) {
    const bodies = visibleAll(doc, selector) as HTMLElement[];
    if (bodies.length) return bodies;
  }
  return [];
}

export interface GmailCompose {
  root: Element;
  body: HTMLElement;
}

/** Every open, non-minimized draft on the page, in document order. */
export function gmailComposes(doc: Document): GmailCompose[] {
  return composeBodies(doc).map((body) => ({ root: body.closest(COMPOSE_ROOT_SELECTORS) ?? body, body }));
}

/** The draft the rep is working in: focus or caret inside it; a lone draft otherwise. */
export function focusedGmailCompose(doc: Document, composes = gmailComposes(doc)): GmailCompose | undefined {
  return composes.find((compose) => holdsFocus(doc, compose.root)) ?? (composes.length === 1 ? composes[0] : undefined);
}

/** To, then Cc recipients of one draft, in the order the rep entered them. */
export function gmailComposeRecipients(root: Element): MailParticipant[] {
  const found: MailParticipant[] = [];
  for (const field of ['to', 'cc']) {
    // Current UI (Oct 2021 redesign): chips are listbox options; address in data-hovercard-id.
    for (const chip of visibleAll(root, `[name="${field}"] [role="option"][data-hovercard-id]`)) {
      const email = toEmail(chip.getAttribute('data-hovercard-id'));
      if (email) found.push(mailbox(email, chip.getAttribute('data-name')));
    }
    // Older UI: `.vR` chips with `span[email]` and a hidden input "Name <address>".
    const oldInput = queryAll(root, `textarea[name="${field}"], input[name="${field}"]:not([type="hidden"])`)[0];
    const row = oldInput?.closest('tr');
    if (row) {
      for (const chip of queryAll(row, '.vR')) {
        const viaSpan = participantFrom(chip.querySelector('span[email]'));
        const viaInput = parseMailbox((chip.querySelector('input[type="hidden"]') as HTMLInputElement | null)?.value);
        const participant = viaSpan ?? viaInput;
        if (participant) found.push(participant);
      }
    }
  }
  return found;
}

/** The compose body to insert into: the draft the rep is in (see focusedGmailCompose). */
export function gmailComposeTarget(doc: Document): HTMLElement | null {
  try {
    return focusedGmailCompose(doc)?.body ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Sending (research/send-and-leads.md A1: InboxSDK's presending stream, the sent notice)

/**
 * Send and send+archive (`.Uo`, replies only): structural and language-independent, as InboxSDK
 * finds them; not the send-options dropdown (`aria-haspopup`). Then the localized tooltip of
 * other extensions' code, as a fallback only.
 */
const SEND_BUTTON_SELECTORS = '.IZ .Up div > div[role="button"]:not([aria-haspopup="true"]), div[role="button"][data-tooltip^="Send"]';
const SEND_MENU_SELECTOR = '.IZ .Up div > [role="button"][aria-haspopup="true"]';
/** "Schedule send" in the send options menu (a popup outside the draft). */
const SCHEDULE_SEND_SELECTOR = '[selector="scheduledSend"]';
/**
 * The "Message sent" notice `.vh` with "View message" (`#link_vsm`) beside "Undo" (`#link_undo`):
 * ids are not localized (Meru; the usual Selenium check). "Draft discarded" has an Undo too but
 * no View message.
 */
const SENT_NOTICE_SELECTOR = '#link_vsm';
const UNDO_SELECTOR = '#link_undo';
/** Signatures and the quoted thread: Gmail's own classes in the compose body. */
const NOT_THE_MESSAGE = '.gmail_signature, [data-smartmail="gmail_signature"], .gmail_signature_prefix, .gmail_quote, blockquote';

export const gmailSend: SendSite = {
  drafts: gmailComposes,
  draftIds(root) {
    // `draft` is "undefined" until Gmail first saves the draft; `composeid` exists from the start.
    return queryAll(root, 'input[name="draft"], input[name="composeid"]')
      .map((input) => (input as HTMLInputElement).value)
      .filter((value) => value && value !== 'undefined');
  },
  sendControl(target) {
    if (target.closest(SCHEDULE_SEND_SELECTOR)) return { scheduled: true };
    return target.closest(SEND_BUTTON_SELECTORS)?.closest(COMPOSE_ROOT_SELECTORS) ? { scheduled: false } : undefined;
  },
  isSendShortcut: isCtrlEnter,
  isSendMenu: (target) => Boolean(target.closest(SEND_MENU_SELECTOR)),
  sentNotice(doc) {
    const link = visibleMatch(doc, SENT_NOTICE_SELECTOR);
    return link?.closest('.vh') ?? link;
  },
  // Only the sent notice's Undo: "Draft discarded" offers one too.
  isUndo: (target) => Boolean(target.closest(UNDO_SELECTOR)?.parentElement?.querySelector(SENT_NOTICE_SELECTOR)),
  draftText: (body) => draftTextOf(body, NOT_THE_MESSAGE),
  // Gmail's "Undo send" lasts 5, 10, 20 or 30 s (the user's setting): settle after the longest.
  undoWindowMs: 30_000,
};

// ---------------------------------------------------------------------------------------------

function detectGmail(doc: Document, url: URL, identity: OwnIdentity): Detection | null {
  if (!isGmailMailPath(url)) return null;
  const composes = gmailComposes(doc);
  const focused = composes.find((compose) => holdsFocus(doc, compose.root));
  if (focused) {
    const ref = externalParticipants(gmailComposeRecipients(focused.root), identity);
    // A draft with nobody external yet says nothing: the open thread behind it still does.
    if (ref.emails.length) return { ref, settled: true };
  }

  const view = findGmailThreadView(doc);
  if (view) {
    const { candidates, rendered } = threadCandidates(view);
    return { ref: externalParticipants(candidates, identity), settled: rendered };
  }
  if (gmailThreadIdFromHash(url.hash)) return { ref: { emails: [] }, settled: false };

  if (composes.length) {
    // No thread open and the rep is not in any draft (e.g. clicked into the sidebar).
    const ref = latestDraftRef(composes.map((compose) => externalParticipants(gmailComposeRecipients(compose.root), identity)));
    return { ref, settled: true };
  }
  return null;
}

export const gmail: SiteAdapter = {
  id: 'gmail',
  reservesSpace: true,
  hostPatterns: ['https://mail.google.com/*'],
  matchesHost: isGmailHost,
  parseUrl: parseGmailUrl,
  detect: neverThrows((doc: Document, url: URL, options?: DetectOptions) =>
    detectGmail(doc, url, ownIdentity(gmailUserAddresses(doc), options?.ownDomains)),
  ),
  composeTarget: gmailComposeTarget,
};

/*
 * Fixtures:
 * - tests/fixtures/sites/gmail/app.html — one Gmail app shell served for every
 *   `https://mail.google.com/mail/u/0/...` URL, under `require-trusted-types-for 'script'`
 *   (its own script builds DOM with createElement only). It imitates:
 *   - the One Google bar account link (`a[href^="https://accounts.google.com/SignOutOptions"]`,
 *     aria-label "Google Account: Sam Rep\n(sam.rep@cuecard-customer.com)") and the tab title
 *     "Inbox - sam.rep@cuecard-customer.com - Gmail";
 *   - `#inbox`: the thread list (`tr.zA` rows with `span.zF[email]` senders and
 *     `span[data-thread-id][data-legacy-thread-id]` markers) — detect → null;
 *   - `#inbox/<id>`: the conversation view rendered ~400 ms after the hash changes
 *     (`h2.hP[data-thread-perm-id][data-legacy-thread-id]`, messages `div.adn[data-message-id]`
 *     with `h3.iw span.gD[email][name]` senders and `span.g2[email]` recipients, collapsed
 *     `div.kv` cards), the inbox list kept hidden behind it and the previous thread kept hidden
 *     after hash navigation to another thread;
 *   - threads: Marcus → Sam, Sam → Dana/Marcus cc Alex, Dana → Sam, Alex → Sam (Dana is the latest
 *     external sender); Priya (mixed-case address) ↔ Sam; Tom Berg (no workspace match);
 *   - the Compose button → a pop-out `div[role=dialog] .M9` draft with `div[name=to]` listbox
 *     chips (`[role=option][data-name][data-hovercard-id]`), `input[name=subjectbox]` and a
 *     `div[contenteditable][g_editable][role=textbox]` body; several drafts at once; `?compose=new`
 *     in the hash; and an inline Reply (`.ip.adB .M9`) to the latest message's sender (a colleague
 *     in thread 1: the draft names nobody external, so the thread's prospect stays).
 * - tests/fixtures/sites/gmail/thread-without-ids.html — thread 1 with `h2.hP` but no thread-id
 *   attributes (as in Gmail markup other projects captured): found by `h2.hP`;
 *   thread-renamed-header.html — thread 3 with neither the ids nor `hP`, sender without `gD`:
 *   found by `[role=main] h2` and `td.gF span[email]` (fallbacks per SITES.md's evidence table).
 *   - sending (`gmailSend`): the send group (Send, Send + archive, the send-options arrow and its
 *     "Schedule send" menu and time picker), Ctrl/Cmd+Enter, the "Sending…" then "Message sent"
 *     notice with Undo / View message, Undo reopening the same draft, Discard's notice with an
 *     Undo but no View message (tests/unit/page/send-tracker.test.ts, tests/e2e/compose-send.*).
 * - tests/unit/sites/gmail.test.ts runs that script in happy-dom, loads the variants, plus small
 *   DOMs for the older `.vR` recipient chips, the title-only user address and a list view whose
 *   heading must not pass for a thread.
 * Not proven by a fixture: the preview-pane (split) layouts, delegated mailboxes, chat/spaces,
 * the real Gmail's own hiding of cached views, and localized account labels beyond the
 * SignOutOptions link.
 */
