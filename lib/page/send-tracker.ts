/**
 * What reps actually sent: the page script's per-draft state machine (research/send-and-leads.md A,
 * "Recommendation"), over what the mail adapter says its site shows (lib/sites/mail-send.ts).
 *
 *   inserted ──send control──▶ presend ──confirmed──▶ sent_pending ──undo window──▶ sent (reported)
 *                                 │                         │
 *                                 ├─ a prompt, or no confirmation in time ▶ inserted (not sent)
 *                                 └─ draft closed, no confirmation ▶ forgotten      └─ Undo ▶ inserted
 *
 * - inserted: the draft holds inserts from the sidebar (cue and text, this script's memory only).
 * - presend: the send control was seen in the capture phase (click; Enter/Space on it; the site's
 *   send shortcut in the draft; "Schedule send"), before the site's own handlers close the draft.
 *   The draft's words are read once, here, and each insert's retained share computed.
 * - confirmed: the draft is gone AND, on sites with a sent notice (Gmail), a fresh notice showed.
 *   On sites without one (Outlook), a prompt (discard?) appearing first means it was not a send.
 * - sent_pending: the site's undo window. Undo (the notice's link), or the same draft coming back
 *   (same draft id, or the same words), returns it to inserted: a send undone is not a send.
 * - sent: one report of the draft's inserts: ids, retained, scheduled. No text leaves.
 * Several drafts are tracked apart, each by its own root; a closed draft never reports.
 * No zod, no React, no storage: this ships in the mail sites' page scripts.
 */
import { retainedShare } from '../match/retained';
import type { InsertCue } from '../contract/tab-messages';
import { isHidden } from '../sites/dom';
import type { MailDraft, SendSite } from '../sites/mail-send';

export interface SentItem extends InsertCue {
  retained: number;
  scheduled: boolean;
}

export interface SendTrackerOptions {
  doc: Document;
  signal: AbortSignal;
  site: SendSite;
  /** A sent draft's inserts, once the undo window passed. */
  onSent(items: SentItem[]): void;
  /** The site's undo window, unless set (tests shorten it). */
  undoWindowMs?: number;
  /** How long a pressed send may take to be confirmed. */
  confirmMs?: number;
  /** The same for "Schedule send", whose time picker the rep may linger in. */
  scheduleConfirmMs?: number;
}

export interface SendTracker {
  /** The sidebar's insert went into `body`: remember what it was. */
  noteInsert(body: HTMLElement, text: string, cue: InsertCue): void;
}

type State = 'inserted' | 'presend' | 'sent_pending';

interface Draft {
  root: Element;
  body: HTMLElement;
  ids: Set<string>;
  /** One per approved message/asset: inserting the same one twice is one send of it. */
  inserts: Map<string, { cue: InsertCue; text: string }>;
  state: State;
  scheduled: boolean;
  retained: Map<string, number>;
  /** The draft's words at presend, to know it again if Undo brings it back (sites without draft ids). */
  words?: string;
  /** Drafts open when send was pressed: never taken for this one coming back. */
  openAtPress: Set<Element>;
  noticeSeen: boolean;
  pressedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Drafts remembered at most (closed ones may come back from Drafts; the oldest are let go). */
const MAX_DRAFTS = 20;

export function createSendTracker(options: SendTrackerOptions): SendTracker {
  const { doc, site, signal } = options;
  const undoWindowMs = options.undoWindowMs ?? site.undoWindowMs;
  const confirmMs = options.confirmMs ?? 15_000;
  const scheduleConfirmMs = options.scheduleConfirmMs ?? 300_000;
  let drafts: Draft[] = [];
  let menuDraft: Draft | undefined;
  let observer: MutationObserver | undefined;
  let evaluateTimer: ReturnType<typeof setTimeout> | undefined;

  const openDrafts = (): MailDraft[] => {
    try {
      return site.drafts(doc);
    } catch {
      return [];
    }
  };
  const gone = (draft: Draft) => !draft.root.isConnected || !draft.body.isConnected || isHidden(draft.body);
  const rebind = (draft: Draft, open: MailDraft) => {
    draft.root = open.root;
    draft.body = open.body;
  };

  /** The tracked draft `open` is: the same root, or a draft that closed and came back with its ids. */
  function tracked(open: MailDraft): Draft | undefined {
    const same = drafts.find((draft) => draft.root === open.root);
    if (same) return same;
    const ids = site.draftIds(open.root);
    const back = drafts.find((draft) => draft.state === 'inserted' && gone(draft) && ids.some((id) => draft.ids.has(id)));
    if (back) rebind(back, open);
    return back;
  }

  const openDraftOf = (el: Element): MailDraft | undefined => openDrafts().find((open) => open.root.contains(el));

  function setTimer(draft: Draft, ms: number, run: () => void): void {
    clearTimeout(draft.timer);
    draft.timer = setTimeout(() => {
      draft.timer = undefined;
      if (!signal.aborted) run();
    }, ms);
  }

  function forget(draft: Draft): void {
    clearTimeout(draft.timer);
    drafts = drafts.filter((other) => other !== draft);
    if (menuDraft === draft) menuDraft = undefined;
    if (!drafts.some((other) => other.state !== 'inserted')) stopWatching();
  }

  function backToInserted(draft: Draft, open?: MailDraft): void {
    clearTimeout(draft.timer);
    draft.state = 'inserted';
    draft.words = undefined;
    if (open) rebind(draft, open);
    if (!drafts.some((other) => other.state !== 'inserted')) stopWatching();
  }

  function press(draft: Draft, scheduled: boolean): void {
    if (draft.state === 'sent_pending') return;
    let words = '';
    try {
      words = site.draftText(draft.body);
    } catch {
      words = draft.body.textContent ?? '';
    }
    draft.retained = new Map([...draft.inserts].map(([key, { text }]) => [key, retainedShare(text, words)]));
    draft.words = words;
    draft.state = 'presend';
    draft.scheduled = scheduled;
    draft.noticeSeen = false;
    draft.pressedAt = Date.now();
    draft.openAtPress = new Set(openDrafts().map((open) => open.root));
    for (const id of site.draftIds(draft.root)) draft.ids.add(id);
    setTimer(draft, scheduled ? scheduleConfirmMs : confirmMs, () => {
      // No confirmation: a draft still open was not sent (a bad address, a cancelled picker);
      // one that closed without the sent notice was closed or discarded.
      if (draft.state !== 'presend') return;
      if (gone(draft)) forget(draft);
      else backToInserted(draft);
    });
    watch();
    scheduleEvaluate();
  }

  function settle(draft: Draft): void {
    if (draft.state !== 'sent_pending') return;
    const back = cameBack(draft);
    if (back) return backToInserted(draft, back);
    const items = [...draft.inserts].map(([key, { cue }]) => ({ ...cue, retained: draft.retained.get(key) ?? 0, scheduled: draft.scheduled }));
    forget(draft);
    try {
      options.onSent(items);
    } catch {
      // The extension may have been reloaded; nothing to retry from here.
    }
  }

  /**
   * An open draft that is this one again (Undo reopened it): by its ids where the site has them,
   * else a draft that opened since with the very same words (another draft of the same template,
   * open all along, is not it).
   */
  function cameBack(draft: Draft): MailDraft | undefined {
    for (const open of openDrafts()) {
      const ids = site.draftIds(open.root);
      if (ids.length > 0 ? ids.some((id) => draft.ids.has(id)) : !draft.openAtPress.has(open.root) && draft.words === site.draftText(open.body)) return open;
    }
    return undefined;
  }

  function evaluate(): void {
    evaluateTimer = undefined;
    if (signal.aborted) return;
    for (const draft of drafts) {
      if (draft.state === 'presend' && gone(draft) && (!site.sentNotice || draft.noticeSeen)) {
        draft.state = 'sent_pending';
        setTimer(draft, undoWindowMs, () => settle(draft));
      } else if (draft.state === 'sent_pending') {
        const back = cameBack(draft);
        if (back) backToInserted(draft, back);
      }
    }
  }

  function scheduleEvaluate(): void {
    evaluateTimer ??= setTimeout(evaluate, 50);
  }

  function onMutations(records: MutationRecord[]): void {
    const notice = site.sentNotice?.(doc);
    // Only a notice shown or changed now confirms: one left over from an earlier send does not.
    const shown = (record: MutationRecord) =>
      notice!.contains(record.target) || (record.type === 'attributes' && record.target.contains(notice!)) || [...record.addedNodes].some((node) => node.contains(notice!));
    if (notice && records.some(shown)) {
      for (const draft of drafts) if (draft.state === 'presend') draft.noticeSeen = true;
    }
    if (site.prompt?.(doc)) {
      for (const draft of drafts) if (draft.state === 'presend' && !gone(draft)) backToInserted(draft);
    }
    scheduleEvaluate();
  }

  function watch(): void {
    if (observer || signal.aborted) return;
    // The script's own MutationObserver for its own document (Firefox's content scripts must not
    // use the page's constructor through Xray); another window's for another document (tests).
    const Observer =
      doc === globalThis.document ? MutationObserver : ((doc.defaultView as (Window & typeof globalThis) | null)?.MutationObserver ?? MutationObserver);
    observer = new Observer(onMutations);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['style', 'hidden', 'class'] });
  }

  function stopWatching(): void {
    observer?.disconnect();
    observer = undefined;
  }

  // By node type, not instanceof, which fails across windows and worlds.
  const elementOf = (target: EventTarget | null): Element | undefined => {
    const node = target as Node | null;
    return node?.nodeType === 1 ? (node as Element) : (node?.parentElement ?? undefined);
  };

  function onSendControl(target: Element, scheduled: boolean): void {
    const open = openDraftOf(target);
    const draft = open ? tracked(open) : scheduled ? menuDraft : undefined;
    if (draft && draft.inserts.size > 0) press(draft, scheduled);
  }

  function onClick(event: Event): void {
    const target = elementOf(event.target);
    if (!target) return;
    try {
      if (site.isUndo?.(target)) {
        // The notice is the latest send's. That send may still be presend: Undo can be clicked the
        // moment the notice shows, before the next look at the page (a loaded machine delays it).
        const undoable = (draft: Draft) => draft.state === 'sent_pending' || (draft.state === 'presend' && draft.noticeSeen);
        const latest = drafts.filter(undoable).sort((a, b) => b.pressedAt - a.pressedAt)[0];
        if (latest) backToInserted(latest);
        return;
      }
      if (site.isSendMenu?.(target)) {
        const open = openDraftOf(target);
        menuDraft = open ? tracked(open) : undefined;
      }
      const control = site.sendControl(target);
      if (control) onSendControl(target, control.scheduled);
    } catch {
      // Never into the page.
    }
  }

  function onKeydown(event: Event): void {
    const key = event as KeyboardEvent;
    const target = elementOf(event.target);
    if (!target || key.repeat) return;
    try {
      const control = key.key === 'Enter' || key.key === ' ' ? site.sendControl(target) : undefined;
      if (control && !key.ctrlKey && !key.metaKey) onSendControl(target, control.scheduled);
      else if (site.isSendShortcut(key)) {
        const open = openDraftOf(target);
        const draft = open && tracked(open);
        if (draft && draft.inserts.size > 0) press(draft, false);
      }
    } catch {
      // Never into the page.
    }
  }

  doc.addEventListener('click', onClick, { capture: true, signal });
  doc.addEventListener('keydown', onKeydown, { capture: true, signal });
  signal.addEventListener('abort', () => {
    stopWatching();
    clearTimeout(evaluateTimer);
    for (const draft of drafts) clearTimeout(draft.timer);
  });

  return {
    noteInsert(body, text, cue) {
      const open = openDrafts().find((candidate) => candidate.body === body || candidate.root.contains(body)) ?? { root: body, body };
      let draft = tracked(open);
      if (!draft) {
        draft = { ...open, ids: new Set(site.draftIds(open.root)), inserts: new Map(), state: 'inserted', scheduled: false, retained: new Map(), noticeSeen: false, pressedAt: 0, openAtPress: new Set() };
        drafts.push(draft);
        // Let go of the oldest closed drafts first.
        while (drafts.length > MAX_DRAFTS) {
          const oldest = drafts.find((candidate) => candidate.state === 'inserted' && gone(candidate)) ?? drafts[0]!;
          forget(oldest);
        }
      }
      // An insert after a send press that went nowhere (a prompt, a bad address): still a draft.
      if (draft.state === 'presend') backToInserted(draft);
      draft.inserts.set(`${cue.kind}:${cue.id}`, { cue, text });
    },
  };
}
