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
import type { ProspectRef } from '../contract';
import {
  cleanName,
  emailsInText,
  externalParticipants,
  holdsFocus,
  ownIdentity,
  parseMailbox,
  toEmail,
  visibleMatches,
  type MailParticipant,
  type OwnIdentity,
} from './mail-participants';
import type { Detection, SiteAdapter } from './types';

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
    for (const el of safeAll(doc, selector)) found.push(...emailsInText(el.getAttribute('aria-label')));
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

const THREAD_HEADER_SELECTORS = [
  // Subject header of the conversation view; inbox rows use spans with these attributes
  'h2[data-legacy-thread-id]',
  'h2[data-thread-perm-id]',
  '[data-thread-perm-id]',
];

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
  for (const selector of THREAD_HEADER_SELECTORS) {
    const header = visibleMatches(doc, selector).find((el) => !el.closest('tr'));
    if (header) return header.closest('[role="main"]') ?? header.parentElement?.parentElement ?? doc.body;
  }
  return null;
}

function participantFrom(el: Element | null | undefined): MailParticipant | undefined {
  const email = toEmail(el?.getAttribute('email'));
  if (!el || !email) return undefined;
  const name = cleanName(el.getAttribute('name') ?? el.textContent, email);
  return name ? { email, name } : { email };
}

function messagesOf(view: Element): Element[] {
  const all = visibleMatches(view, MESSAGE_SELECTORS);
  // Keep the outermost element of each message (the attributes sit on nested nodes too).
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
}

function senderOf(message: Element): MailParticipant | undefined {
  for (const selector of SENDER_SELECTORS) {
    const found = participantFrom(visibleMatches(message, selector)[0]);
    if (found) return found;
  }
  return undefined;
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
    for (const el of visibleMatches(message, RECIPIENT_SELECTOR)) {
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
    const bodies = visibleMatches(doc, selector) as HTMLElement[];
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
    for (const chip of visibleMatches(root, `[name="${field}"] [role="option"][data-hovercard-id]`)) {
      const email = toEmail(chip.getAttribute('data-hovercard-id'));
      if (!email) continue;
      const name = cleanName(chip.getAttribute('data-name'), email);
      found.push(name ? { email, name } : { email });
    }
    // Older UI: `.vR` chips with `span[email]` and a hidden input "Name <address>".
    const oldInput = safeAll(root, `textarea[name="${field}"], input[name="${field}"]:not([type="hidden"])`)[0];
    const row = oldInput?.closest('tr');
    if (row) {
      for (const chip of safeAll(row, '.vR')) {
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

export interface GmailAdapterOptions {
  /**
   * Extra colleague domains (e.g. from settings: a company with several domains, or a rep who
   * sends from an alias). Called on every detection, so a settings change applies at once.
   */
  ownDomains?: () => readonly string[];
}

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
    // No thread open and the rep is not in any draft (e.g. clicked into the sidebar): the
    // latest draft that names someone, else the latest draft.
    const refs = composes.map((compose) => externalParticipants(gmailComposeRecipients(compose.root), identity));
    const ref: ProspectRef = [...refs].reverse().find((candidate) => candidate.emails.length) ?? refs[refs.length - 1]!;
    return { ref, settled: true };
  }
  return null;
}

export function createGmailAdapter(options: GmailAdapterOptions = {}): SiteAdapter {
  return {
    id: 'gmail',
    reservesSpace: true,
    hostPatterns: ['https://mail.google.com/*'],
    matchesHost: isGmailHost,
    detect(doc, url) {
      try {
        const identity = ownIdentity(gmailUserAddresses(doc), safeDomains(options.ownDomains));
        return detectGmail(doc, url, identity);
      } catch {
        return null;
      }
    },
    composeTarget: gmailComposeTarget,
  };
}

export const gmail: SiteAdapter = createGmailAdapter();

function safeDomains(source: (() => readonly string[]) | undefined): readonly string[] {
  try {
    return source?.() ?? [];
  } catch {
    return [];
  }
}

function safeAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

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
 * - tests/unit/sites/gmail.test.ts runs that script in happy-dom, plus small DOMs for the older
 *   `.vR` recipient chips and the title-only user address.
 * Not proven by a fixture: the preview-pane (split) layouts, delegated mailboxes, chat/spaces,
 * the real Gmail's own hiding of cached views, and localized account labels beyond the
 * SignOutOptions link.
 */
