// @vitest-environment happy-dom
/**
 * The per-draft send state machine on the Gmail and Outlook fixtures, their own scripts running
 * (the "real site's" part): sends, edits, Undo, discard, close, scheduled send, two drafts.
 * Windows are shortened: the fixtures' own delays (Gmail's "Sending…" 300 ms) stay as they are.
 */
import { describe, expect, it } from 'vitest';
import { retainedShare } from '../../../lib/match/retained';
import type { InsertCue } from '../../../lib/contract/tab-messages';
import { createSendTracker, type SentItem } from '../../../lib/page/send-tracker';
import { gmailSend } from '../../../lib/sites/gmail';
import type { SendSite } from '../../../lib/sites/mail-send';
import { outlookSend } from '../../../lib/sites/outlook';
import { openFixture, sleep } from '../sites/fixture-window';

const APPROVED =
  'Hi Dana, finance teams at companies like Northwind Logistics typically find that route analytics cuts freight spend ' +
  'by eight to twelve percent within two quarters. Would a short call next week to walk through the model be useful?';
const LIGHT_EDIT = APPROVED.replace('typically', 'often').replace('short', 'quick');
const REWRITE = 'Dana, following up on Tuesday: happy to share what we saw with other shippers if that helps.';
const ROI: InsertCue = { kind: 'message', id: 'm-finance-freight-roi', version: 3, prospectId: 'p-dana', rank: 1 };
const DECK: InsertCue = { kind: 'asset', id: 'a-tco', prospectId: 'p-dana', rank: 2 };
const DECK_TEXT = 'TCO guide: https://assets.example/tco?utm_source=cuecard';

const UNDO_WINDOW_MS = 600;
/** After "Message sent" showed, inside the undo window. */
const UNDOABLE_MS = 500;
/** Gmail's fixture shows "Message sent" 300 ms after the click; then our undo window. */
const SETTLED_MS = 300 + UNDO_WINDOW_MS + 300;

interface GmailApi {
  openCompose(): HTMLElement;
}

function track(site: SendSite, doc: Document, extra: { confirmMs?: number } = {}) {
  const sent: SentItem[][] = [];
  const controller = new AbortController();
  const tracker = createSendTracker({ doc, signal: controller.signal, site, undoWindowMs: UNDO_WINDOW_MS, confirmMs: extra.confirmMs ?? 1_500, onSent: (items) => sent.push(items) });
  return { tracker, sent, stop: () => controller.abort() };
}

/** What the bridge does for an insert (the fixture's editor has no execCommand here): the text lands in the body. */
function insert(tracker: ReturnType<typeof track>['tracker'], body: HTMLElement, text: string, cue: InsertCue) {
  const line = body.ownerDocument.createElement('div');
  line.textContent = text;
  body.appendChild(line);
  tracker.noteInsert(body, text, cue);
  return line;
}

function keydown(target: Element, init: KeyboardEventInit) {
  const win = target.ownerDocument.defaultView as unknown as typeof globalThis;
  target.dispatchEvent(new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
}

function openGmail() {
  const page = openFixture<GmailApi>('gmail', 'https://mail.google.com/mail/u/0/#inbox', '__cuecardGmailFixture');
  const compose = () => {
    const win = page.fixture.openCompose();
    return { win, body: win.querySelector('[g_editable="true"]') as HTMLElement, send: win.querySelector('[data-fixture="send"]') as HTMLElement };
  };
  return { ...page, compose };
}

describe('Gmail: a draft holding an insert is sent', () => {
  it('reports the insert once the undo window passed, retained 1 when sent as approved', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    insert(t.tracker, draft.body, APPROVED, ROI);
    draft.send.click();
    await sleep(300 + UNDO_WINDOW_MS / 2);
    expect(t.sent).toEqual([]); // still undoable
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([[{ ...ROI, retained: 1, scheduled: false }]]);
    t.stop();
  });

  it('measures what the rep kept after editing, and reports a message and an asset of one draft together', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    const line = insert(t.tracker, draft.body, APPROVED, ROI);
    insert(t.tracker, draft.body, DECK_TEXT, DECK);
    line.textContent = LIGHT_EDIT;
    draft.send.click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([
      [
        { ...ROI, retained: 0.95, scheduled: false },
        { ...DECK, retained: 1, scheduled: false },
      ],
    ]);
    expect(retainedShare(APPROVED, LIGHT_EDIT)).toBe(0.95);
    t.stop();
  });

  it('leaves the signature and the quoted thread out: an earlier copy in the quote does not count', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    const line = insert(t.tracker, draft.body, APPROVED, ROI);
    line.textContent = REWRITE;
    const signature = doc.createElement('div');
    signature.className = 'gmail_signature';
    signature.textContent = APPROVED;
    const quote = doc.createElement('div');
    quote.className = 'gmail_quote';
    quote.textContent = `On Tue, Sam Rep wrote: ${APPROVED}`;
    draft.body.append(signature, quote);
    draft.send.click();
    await sleep(SETTLED_MS);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]![0]!.retained).toBe(retainedShare(APPROVED, REWRITE));
    expect(t.sent[0]![0]!.retained).toBeLessThan(0.2);
    t.stop();
  });

  it('sends from the keyboard: Ctrl+Enter in the draft, Enter on the send button', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const first = compose();
    insert(t.tracker, first.body, APPROVED, ROI);
    keydown(first.body, { key: 'Enter', ctrlKey: true });
    await sleep(SETTLED_MS);
    const second = compose();
    insert(t.tracker, second.body, DECK_TEXT, DECK);
    keydown(second.send, { key: 'Enter' });
    await sleep(SETTLED_MS);
    expect(t.sent.map((items) => items.map((item) => item.id))).toEqual([['m-finance-freight-roi'], ['a-tco']]);
    t.stop();
  });

  it('counts nothing when the rep clicks Undo, and counts the draft once when it is sent again', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    insert(t.tracker, draft.body, APPROVED, ROI);
    draft.send.click();
    await sleep(UNDOABLE_MS);
    (doc.querySelector('#link_undo') as HTMLElement).click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([]);
    // Gmail reopened the same draft (same draft id): sending it now counts, once.
    const reopened = doc.querySelector('[role="dialog"] [g_editable="true"]') as HTMLElement;
    expect(reopened.textContent).toContain('Northwind Logistics');
    expect(reopened).not.toBe(draft.body);
    (reopened.closest('.M9')!.querySelector('[data-fixture="send"]') as HTMLElement).click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([[{ ...ROI, retained: 1, scheduled: false }]]);
    t.stop();
  });

  it('counts nothing when Undo is clicked the moment "Message sent" shows, and the reopened draft is then discarded', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    insert(t.tracker, draft.body, APPROVED, ROI);
    // Registered after the tracker's observer, so it runs right after the tracker saw the notice and
    // before the tracker's next look at the page: the draft is still between send and confirmed.
    const win = doc.defaultView as unknown as typeof globalThis;
    const undoAtOnce = new win.MutationObserver(() => {
      const undo = doc.querySelector('#link_undo') as HTMLElement | null;
      if (!undo || !undo.parentElement?.textContent?.includes('Message sent')) return;
      undoAtOnce.disconnect();
      undo.click();
    });
    draft.send.click();
    undoAtOnce.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    await sleep(UNDOABLE_MS);
    const reopened = doc.querySelector('[role="dialog"] [g_editable="true"]') as HTMLElement;
    expect(reopened.textContent).toContain('Northwind Logistics');
    (reopened.closest('.M9')!.querySelector('[data-fixture="discard"]') as HTMLElement).click();
    await sleep(SETTLED_MS);
    expect(doc.querySelector('#notice')!.textContent).toContain('Draft discarded');
    expect(t.sent).toEqual([]);
    t.stop();
  });

  it('counts nothing for a draft discarded or closed, though Gmail’s discard notice has an Undo too', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const discarded = compose();
    insert(t.tracker, discarded.body, APPROVED, ROI);
    (discarded.win.querySelector('[data-fixture="discard"]') as HTMLElement).click();
    const closed = compose();
    insert(t.tracker, closed.body, DECK_TEXT, DECK);
    (closed.win.querySelector('[aria-label="Save & close"]') as HTMLElement).click();
    await sleep(SETTLED_MS);
    expect(doc.querySelector('#notice')!.textContent).toContain('Draft discarded');
    expect(t.sent).toEqual([]);
    t.stop();
  });

  it('still counts a send when the rep then discards another draft and undoes that discard', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const sentDraft = compose();
    const other = compose();
    insert(t.tracker, sentDraft.body, APPROVED, ROI);
    sentDraft.send.click();
    await sleep(UNDOABLE_MS);
    (other.win.querySelector('[data-fixture="discard"]') as HTMLElement).click();
    (doc.querySelector('#link_undo') as HTMLElement).click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([[{ ...ROI, retained: 1, scheduled: false }]]);
    t.stop();
  });

  it('records a scheduled send as scheduled, and nothing when the rep cancels the time picker', async () => {
    const { doc, compose, click } = openGmail();
    const t = track(gmailSend, doc);
    const cancelled = compose();
    insert(t.tracker, cancelled.body, DECK_TEXT, DECK);
    (cancelled.win.querySelector('[data-fixture="send-options"]') as HTMLElement).click();
    click('[selector="scheduledSend"]');
    click('[data-fixture="schedule-cancel"]');
    const draft = compose();
    insert(t.tracker, draft.body, APPROVED, ROI);
    (draft.win.querySelector('[data-fixture="send-options"]') as HTMLElement).click();
    click('[selector="scheduledSend"]');
    click('[data-fixture="schedule-tomorrow"]');
    await sleep(SETTLED_MS);
    expect(doc.querySelector('#notice')!.textContent).toContain('Send scheduled for');
    expect(t.sent).toEqual([[{ ...ROI, retained: 1, scheduled: true }]]);
    t.stop();
  });

  it('with two drafts open, reports the inserts of the one sent, and the other’s only when it is sent', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const first = compose();
    insert(t.tracker, first.body, APPROVED, ROI);
    const second = compose();
    insert(t.tracker, second.body, DECK_TEXT, DECK);
    second.send.click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([[{ ...DECK, retained: 1, scheduled: false }]]);
    first.send.click();
    await sleep(SETTLED_MS);
    expect(t.sent[1]).toEqual([{ ...ROI, retained: 1, scheduled: false }]);
    t.stop();
  });

  it('does not take a notice left from an earlier send for a press that went nowhere', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc, { confirmMs: 600 });
    const first = compose();
    const stuck = compose();
    insert(t.tracker, stuck.body, DECK_TEXT, DECK);
    first.send.click(); // no inserts: nothing to count, but Gmail shows "Message sent"
    await sleep(350);
    // The rep presses send on the other draft; nothing happens (as with a bad address: the
    // fixture's handler is skipped here) and the draft is closed later.
    stuck.win.addEventListener('keydown', (event) => event.stopImmediatePropagation(), { capture: true, once: true });
    keydown(stuck.body, { key: 'Enter', ctrlKey: true });
    stuck.win.remove();
    await sleep(SETTLED_MS + 600);
    expect(t.sent).toEqual([]);
    t.stop();
  });

  it('ignores drafts without inserts and sends the rep wrote alone', async () => {
    const { doc, compose } = openGmail();
    const t = track(gmailSend, doc);
    const draft = compose();
    draft.body.textContent = APPROVED;
    draft.send.click();
    await sleep(SETTLED_MS);
    expect(t.sent).toEqual([]);
    t.stop();
  });
});

interface OutlookApi {
  openNewMail(): HTMLElement;
}

function openOutlook() {
  const page = openFixture<OutlookApi>('outlook', 'https://outlook.office.com/mail/inbox', '__cuecardOutlookFixture');
  const compose = () => {
    const draft = page.fixture.openNewMail();
    return { draft, body: draft.querySelector('[aria-multiline="true"]') as HTMLElement, send: draft.querySelector('[data-fixture="send"]') as HTMLElement };
  };
  return { ...page, compose };
}

describe('Outlook: a draft holding an insert is sent', () => {
  const OUTLOOK_SETTLED_MS = UNDO_WINDOW_MS + 300;

  it('finds Send by its label on the Fluent split button, and reports once the draft closed', async () => {
    const { doc, compose } = openOutlook();
    const t = track(outlookSend, doc);
    const mail = compose();
    const line = insert(t.tracker, mail.body, APPROVED, ROI);
    line.textContent = LIGHT_EDIT;
    expect(mail.send.className).toContain('fui-SplitButton__primaryActionButton');
    mail.send.click();
    await sleep(UNDO_WINDOW_MS / 2);
    expect(t.sent).toEqual([]);
    await sleep(OUTLOOK_SETTLED_MS);
    expect(t.sent).toEqual([[{ ...ROI, retained: 0.95, scheduled: false }]]);
    t.stop();
  });

  it('sends with Ctrl+Enter and Alt+S in the draft', async () => {
    const { doc, compose } = openOutlook();
    const t = track(outlookSend, doc);
    const first = compose();
    insert(t.tracker, first.body, APPROVED, ROI);
    keydown(first.body, { key: 'Enter', ctrlKey: true });
    await sleep(OUTLOOK_SETTLED_MS);
    const second = compose();
    insert(t.tracker, second.body, DECK_TEXT, DECK);
    keydown(second.body, { key: 's', altKey: true });
    await sleep(OUTLOOK_SETTLED_MS);
    expect(t.sent.map((items) => items.map((item) => item.id))).toEqual([['m-finance-freight-roi'], ['a-tco']]);
    t.stop();
  });

  it('counts nothing for a draft discarded through its prompt, even after a send shortcut that did nothing', async () => {
    const { doc, compose, click } = openOutlook();
    const t = track(outlookSend, doc);
    const mail = compose();
    insert(t.tracker, mail.body, APPROVED, ROI);
    // Ctrl+Enter switched off in the rep's settings: the key press sends nothing (the fixture's
    // handler is skipped here), then the rep discards.
    mail.draft.addEventListener('keydown', (event) => event.stopImmediatePropagation(), { capture: true, once: true });
    keydown(mail.body, { key: 'Enter', ctrlKey: true });
    (mail.draft.querySelector('[data-fixture="discard"]') as HTMLElement).click();
    await sleep(50);
    expect(doc.querySelector('[role="alertdialog"]')).not.toBeNull();
    click('[data-fixture="discard-ok"]');
    await sleep(OUTLOOK_SETTLED_MS);
    expect(mail.body.isConnected).toBe(false);
    expect(t.sent).toEqual([]);
    t.stop();
  });
});
