/**
 * Outlook on the web adapter (Microsoft 365 `outlook.office.com` / `outlook.office365.com`,
 * consumer `outlook.live.com`): the conversation in the reading pane and the drafts (new mail in
 * the reading pane, inline reply, pop-out).
 *
 * Invariants:
 * - Outlook's class names are generated and change between builds: nothing here depends on
 *   them. Addresses come from `mailto:` links, `data-email`, and `title`/`aria-label` values that
 *   contain an `@` ("Dana Whitfield <dana@x.com>"), read inside message headers
 *   (`data-app-section` / `data-automationid` = "MessageHeader") only; the message list's rows
 *   carry addresses of every sender in the folder and must not leak in.
 * - Never the signed-in user nor colleagues (mail-participants.ts). The user's address comes from
 *   the folder pane's mailbox root (its `title` is the address), the account manager (`mectrl_*`)
 *   or the title; `ownDomains` adds configured colleague domains.
 * - Drafts are found by their body: the multi-line contenteditable textbox. The To/Cc wells are
 *   single-line contenteditable textboxes too, so the body is never "the first textbox".
 * - Read only; never throws into the page.
 */
import { emailsInText, mailbox, parseMailbox, toEmail } from '../match/emails';
import { firstVisible, holdsFocus, neverThrows, queryAll, textOf, visibleAll } from './dom';
import { externalParticipants, latestDraftRef, ownIdentity, type MailParticipant, type OwnIdentity } from './mail-participants';
import { draftTextOf, isCtrlEnter, type SendSite } from './mail-send';
import type { DetectOptions, Detection, SiteAdapter, UrlRecord } from './types';

/** outlook.cloud.microsoft: Microsoft 365's new home for Outlook on the web (moving since 2024). */
const OUTLOOK_HOSTS = new Set(['outlook.office.com', 'outlook.office365.com', 'outlook.live.com', 'outlook.cloud.microsoft']);

export function isOutlookHost(url: URL): boolean {
  return url.protocol === 'https:' && OUTLOOK_HOSTS.has(url.hostname.toLowerCase());
}

/** Mail module only: the same hosts serve `/calendar/`, `/people/`, `/tasks/`. */
export function isOutlookMailPath(url: URL): boolean {
  return /^\/mail(?:\/|$)/.test(url.pathname);
}

/**
 * The item id of a message URL, or undefined: `/mail/inbox/id/<ItemID>`, `/mail/0/inbox/id/…`
 * (account index), `/mail/sentitems/id/…`, `/mail/id/…` (deep link), folder ids in between.
 * A hint for "a message is opening", never the source of who it is about.
 */
export function outlookItemIdFromPath(pathname: string): string | undefined {
  const match = /^\/mail\/(?:.*\/)?id\/([^/?#]+)\/?$/.exec(pathname);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** The message a mail URL points at (a hint only, see the header). */
export function parseOutlookUrl(url: URL): UrlRecord | null {
  const recordId = isOutlookMailPath(url) ? outlookItemIdFromPath(url.pathname) : undefined;
  return recordId ? { objectType: 'message', recordId } : null;
}

// ---------------------------------------------------------------------------------------------
// Who is signed in

/** The signed-in user's addresses (and the shared mailboxes they have open). */
export function outlookUserAddresses(doc: Document): string[] {
  const found: string[] = [];
  // Folder pane: one root tree item per mailbox, titled with its address.
  for (const root of queryAll(doc, '[role="tree"] [role="treeitem"][aria-level="1"]')) {
    found.push(...emailsInText(root.getAttribute('title')), ...emailsInText(root.getAttribute('data-folder-name')));
  }
  // Account manager ("Me control"): the address once its card has rendered, and on some
  // builds in the header button's label.
  found.push(...emailsInText(doc.getElementById('mectrl_currentAccount_secondary')?.textContent));
  for (const el of queryAll(
    doc,
    '#O365_MainLink_Me, #O365_MainLink_MePhoto, #mectrl_main_trigger, [data-testid="mectrl_headerPicture"]',
  )) {
    found.push(...emailsInText(el.getAttribute('aria-label')), ...emailsInText(el.getAttribute('title')));
  }
  found.push(...emailsInText(doc.title));
  return [...new Set(found)];
}

// ---------------------------------------------------------------------------------------------
// Reading pane

const READING_PANE_SELECTORS = ['#ReadingPaneContainerId', '[role="main"]'];
const MESSAGE_HEADER_SELECTOR = '[data-app-section="MessageHeader"], [data-automationid="MessageHeader"]';
const MESSAGE_BODY_SELECTOR =
  '[data-app-section="MessageBody"], [id^="UniqueMessageBody"], div[role="document"]';
/** Elements that can carry one person's address in Outlook's markup. */
const ADDRESS_CARRIERS = 'a[href^="mailto:"], [data-email], [title*="@"], [aria-label*="@"]';

/** People named by the address carriers under `root`, in document order. */
export function outlookAddressesIn(root: Element): MailParticipant[] {
  const found: MailParticipant[] = [];
  for (const el of visibleAll(root, ADDRESS_CARRIERS)) {
    const participant = participantFrom(el);
    if (participant) found.push(participant);
  }
  return found;
}

function participantFrom(el: Element): MailParticipant | undefined {
  const text = textOf(el);
  const href = el.getAttribute('href');
  const direct = toEmail(href?.startsWith('mailto:') ? href : undefined) ?? toEmail(el.getAttribute('data-email'));
  if (direct) return withName(direct, el.getAttribute('data-name') ?? text);
  for (const label of [el.getAttribute('title'), el.getAttribute('aria-label')]) {
    const found = parseMailbox(label);
    if (found) return found.name ? found : withName(found.email, text);
    // Labels like "From: Dana Whitfield dana@x.com" or "Dana Whitfield, dana@x.com".
    const email = emailsInText(label)[0];
    if (email) return withName(email, label?.replace(email, '').replace(/^[^:]*:\s*/, '').replace(/[,;<>()]/g, ' '));
  }
  return undefined;
}

/** A name next to an address, without the "<address>" a label may repeat. */
function withName(email: string, rawName: string | null | undefined): MailParticipant {
  return mailbox(email, rawName?.replace(/<[^>]*>/g, ''));
}

const readingPane = (doc: Document) => firstVisible(doc, READING_PANE_SELECTORS);

/**
 * Message headers of the open conversation, latest first. Outlook expands the newest message
 * and collapses the read ones, so expanded messages (with a body) lead; within each group the
 * reading pane's order is kept (Outlook's default puts the newest on top).
 */
function conversationHeaders(pane: Element): Element[] {
  const headers = visibleAll(pane, MESSAGE_HEADER_SELECTOR);
  const item = (header: Element) => header.closest('[role="listitem"]') ?? header.parentElement ?? header;
  const expanded = headers.filter((header) => visibleAll(item(header), MESSAGE_BODY_SELECTOR).length > 0);
  return [...expanded, ...headers.filter((header) => !expanded.includes(header))];
}

function threadCandidates(pane: Element): { candidates: MailParticipant[]; headers: number; rendered: boolean } {
  const headers = conversationHeaders(pane);
  const senders: MailParticipant[] = [];
  const recipients: MailParticipant[] = [];
  for (const header of headers) {
    // The From line comes first in every header layout; To/Cc follow.
    const [sender, ...others] = outlookAddressesIn(header);
    if (sender) senders.push(sender);
    recipients.push(...others);
  }
  return { candidates: [...senders, ...recipients], headers: headers.length, rendered: senders.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// Drafts

const COMPOSE_BODY_SELECTORS = [
  'div[contenteditable="true"][role="textbox"][aria-multiline="true"]',
  '[id^="editorParent"] [contenteditable="true"]', // the editor's host, on builds without aria-multiline
  '[id^="editorParent"][contenteditable="true"]',
];
/** A recipient well or the subject: what tells a draft's container from the body's wrappers. */
const DRAFT_FIELD_SELECTOR = '[contenteditable="true"][role="textbox"]:not([aria-multiline="true"]), input';

export interface OutlookCompose {
  root: Element;
  body: HTMLElement;
}

function composeRoot(body: HTMLElement): Element {
  for (let node = body.parentElement; node && node !== body.ownerDocument.body; node = node.parentElement) {
    if (node.id === 'ReadingPaneContainerId') break;
    if (Array.from(node.querySelectorAll(DRAFT_FIELD_SELECTOR)).some((field) => !body.contains(field))) return node;
  }
  return body.closest('[role="dialog"]') ?? body.parentElement ?? body;
}

/** Every open draft on the page, in document order. */
export function outlookComposes(doc: Document): OutlookCompose[] {
  for (const selector of COMPOSE_BODY_SELECTORS) {
    const bodies = visibleAll(doc, selector) as HTMLElement[];
    if (bodies.length) return bodies.map((body) => ({ root: composeRoot(body), body }));
  }
  return [];
}

/** The draft the rep is working in: focus or caret inside it; a lone draft otherwise. */
export function focusedOutlookCompose(doc: Document, composes = outlookComposes(doc)): OutlookCompose | undefined {
  return composes.find((compose) => holdsFocus(doc, compose.root)) ?? (composes.length === 1 ? composes[0] : undefined);
}

/** To, then Cc (the wells in order), as resolved recipient chips; typed text is not a recipient. */
export function outlookComposeRecipients(compose: OutlookCompose): MailParticipant[] {
  const wells = queryAll(compose.root, '[contenteditable="true"][role="textbox"]').filter(
    (well) => well !== compose.body && !compose.body.contains(well) && !well.contains(compose.body),
  );
  return wells.flatMap((well) => outlookAddressesIn(well));
}

export function outlookComposeTarget(doc: Document): HTMLElement | null {
  try {
    return focusedOutlookCompose(doc)?.body ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Sending (research/send-and-leads.md A2: no library parses OWA's send; the Send button seen in the
// capture phase, then the draft closing without a prompt)

/**
 * The Send button's label (aria-label or title, "Send (Ctrl+Enter)" included; the Fluent split
 * button's primary half `fui-SplitButton__primaryActionButton` carries it too). English is what
 * the sources show; the other languages are the usual translations of "Send", unverified against
 * Outlook. A language-free Send icon name is unverified as well.
 */
const SEND_LABELS = new Set(['send', 'senden', 'envoyer', 'enviar', 'invia', 'verzenden', 'skicka', 'lähetä', 'wyślij', 'odeslat', 'gönder', 'отправить', '送信', '发送', '傳送', '보내기']);
const BUTTONS = 'button, [role="button"]';
/** What Outlook adds to a reply at send time (`#appendonsend`, then the quoted thread) and the signature block. */
const NOT_THE_MESSAGE = '[id^="Signature"], #x_Signature, blockquote';
const QUOTE_MARKERS = '#appendonsend, #divRplyFwdMsg';

function labelOf(button: Element): string {
  const label = button.getAttribute('aria-label') ?? button.getAttribute('title') ?? '';
  // "Send (Ctrl+Enter)", "Send ‪(Ctrl+Enter)‬": the name before the shortcut.
  return label.replace(/[\u202a-\u202e]/g, '').replace(/\s*\(.*$/, '').trim().toLowerCase();
}

export const outlookSend: SendSite = {
  drafts: outlookComposes,
  draftIds: () => [],
  sendControl(target) {
    const button = target.closest(BUTTONS);
    return button && SEND_LABELS.has(labelOf(button)) ? { scheduled: false } : undefined;
  },
  // Ctrl+Enter (once the rep allowed it) and Alt+S send (Outlook's keyboard shortcuts).
  isSendShortcut: (event) => isCtrlEnter(event) || (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 's'),
  // Fluent dialogs: the discard prompt, "send without a subject?", "send with Ctrl+Enter?"; not a
  // dialog that holds a draft itself.
  prompt: (doc) => visibleAll(doc, '[role="alertdialog"], [role="dialog"]', (el) => Boolean(el.querySelector('[contenteditable="true"]')))[0] ?? null,
  draftText: (body) => draftTextOf(body, NOT_THE_MESSAGE, QUOTE_MARKERS),
  // Outlook's "Undo send" lasts up to 10 s (third-party pages; unverified).
  undoWindowMs: 10_000,
};

// ---------------------------------------------------------------------------------------------

function detectOutlook(doc: Document, url: URL, identity: OwnIdentity): Detection | null {
  if (!isOutlookMailPath(url)) return null;
  const composes = outlookComposes(doc);
  const focused = composes.find((compose) => holdsFocus(doc, compose.root));
  if (focused) {
    const ref = externalParticipants(outlookComposeRecipients(focused), identity);
    if (ref.emails.length) return { ref, settled: true };
  }

  const pane = readingPane(doc);
  const thread = pane ? threadCandidates(pane) : undefined;
  if (thread && thread.headers > 0) {
    return { ref: externalParticipants(thread.candidates, identity), settled: thread.rendered };
  }

  if (composes.length) {
    const ref = latestDraftRef(composes.map((compose) => externalParticipants(outlookComposeRecipients(compose), identity)));
    return { ref, settled: true };
  }
  if (outlookItemIdFromPath(url.pathname)) return { ref: { emails: [] }, settled: false };
  return null;
}

export const outlook: SiteAdapter = {
  id: 'outlook',
  reservesSpace: true,
  hostPatterns: [...OUTLOOK_HOSTS].map((host) => `https://${host}/*`),
  matchesHost: isOutlookHost,
  parseUrl: parseOutlookUrl,
  detect: neverThrows((doc: Document, url: URL, options?: DetectOptions) =>
    detectOutlook(doc, url, ownIdentity(outlookUserAddresses(doc), options?.ownDomains)),
  ),
  composeTarget: outlookComposeTarget,
};

/*
 * Fixtures:
 * - tests/fixtures/sites/outlook/app.html — one Outlook on the web shell served for every
 *   `https://outlook.office.com/mail/...` URL (also .office365.com / .live.com). It imitates:
 *   - the suite header's account manager (`#O365_MainLink_Me`, name only in its label) and the
 *     folder pane's mailbox root (`[role=treeitem][aria-level=1]` titled with the address);
 *   - `/mail/inbox`: the message list (`[role=listbox][data-app-section=MessageList]`, rows
 *     `[role=option][data-convid]` with senders' addresses in `title`) and an empty reading pane
 *     — detect → null;
 *   - `/mail/inbox/id/<ItemID>`: the conversation rendered ~400 ms after a pushState navigation,
 *     inside `#ReadingPaneContainerId`, newest message on top and expanded, older ones collapsed;
 *     headers `[data-app-section=MessageHeader]` with the sender as "Name <address>" in `title`
 *     and recipients as `span[title=address]`, hashed class names throughout;
 *   - conversations (newest first): Alex → Sam cc Dana, Dana → Sam/Marcus cc Alex (both
 *     expanded), Sam → Marcus/Dana, Marcus → Sam (collapsed); Sam → Priya over Priya → Sam;
 *     Tom Berg (no workspace match);
 *   - "New mail" → a draft in the reading pane with To/Cc wells (single-line contenteditable
 *     textboxes with persona chips titled "Name <address>"), a subject input and the
 *     multi-line contenteditable body; "Reply" → an inline draft with the sender pre-filled.
 *   - sending (`outlookSend`): the Fluent split Send button, Ctrl+Enter / Alt+S, the draft closing
 *     with no notice, Discard's `[role=alertdialog]` prompt (tests/unit/page/send-tracker.test.ts,
 *     tests/e2e/compose-send.chromium.e2e.ts).
 * - tests/fixtures/sites/outlook/message-full-page.html — the reading pane off: a message full
 *   page in `[role=main]` with `data-automationid="MessageHeader"` (the second cue of each pair).
 * - tests/unit/sites/outlook.test.ts runs that script in happy-dom, loads the variant, plus small
 *   DOMs for `mailto:`/`data-email` headers, the Me-control address and URL shapes.
 * Not proven by a fixture: the pop-out compose window (a separate document), "newest on bottom"
 * conversation order, the reading pane set to "hidden" (full-page message), the new
 * `outlook.cloud.microsoft` host, and real Outlook markup (every shape here is third-party
 * observation, unverified against a live tenant).
 */
