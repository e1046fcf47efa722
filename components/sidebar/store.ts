import { create } from 'zustand';
import {
  type AccountEngagement,
  type ComposeWarning,
  FRAME_KEY_REFUSED,
  type InsertCue,
  type LeadReason,
  makeUsageEvent,
  type SidebarRecommendations,
  type SidebarState,
  type Surface,
  type TouchView,
  type UsageFields,
} from '../../lib/contract';
import { request, type RequestError } from '../../lib/messaging/client';
import { CUE } from './strings';

interface SidebarStore {
  state: SidebarState | null;
  tabId?: number;
  error?: string;
  /** The background refused this frame: a copy of our sidebar the page embedded itself. */
  refused?: boolean;
  /** Touches beyond the first page, fetched as the rep scrolls. */
  older: TouchView[];
  exhausted: boolean;
  loadingOlder: boolean;
  /** A committee member the rep opened instead of the page's person. */
  selectedId?: string;
  /** Messaging/asset/brief for the shown prospect; undefined while loading, null when none. */
  cues?: SidebarRecommendations | null;
  cuesError?: string;
  warnings: ComposeWarning[];
  /** Assets the rep said "not now" to, for this sidebar's life (the session). */
  dismissed: string[];
  /** The last action's outcome, announced politely. */
  notice?: string;
  /** The account/company page's 90 days; undefined while loading, null when there is none. */
  account?: AccountEngagement | null;
  accountError?: string;
  refresh(): Promise<void>;
  loadOlder(): Promise<void>;
  select(prospectId: string | undefined): Promise<void>;
  loadCues(prospectId: string): Promise<void>;
  loadAccount(): Promise<void>;
  /** Lead feedback: recorded (ids and the code only) and shown at once; resolves false when it could not be saved. */
  giveFeedback(prospectId: string, reason: LeadReason): Promise<boolean>;
  record(fields: UsageFields): void;
  dismiss(assetId: string): void;
  say(notice: string): void;
}

let refreshSeq = 0;
const startedAt = Date.now();
const FRAME_KEY_GRACE_MS = 3_000;
let cuesSeq = 0;
let accountSeq = 0;

export function surfaceOf(state: SidebarState | null): Surface {
  return state && state.status !== 'no-page' ? state.site : 'extension';
}

export const useSidebarStore = create<SidebarStore>((set, get) => ({
  state: null,
  older: [],
  exhausted: false,
  loadingOlder: false,
  warnings: [],
  dismissed: [],
  async refresh() {
    const seq = ++refreshSeq;
    try {
      const selectedId = get().selectedId;
      const { tabId, warnings, ...state } = await request(selectedId ? { type: 'sidebar:context', prospectId: selectedId } : { type: 'sidebar:context' });
      // A newer refresh may have finished first; never show an older answer over it.
      if (seq !== refreshSeq) return;
      const previous = get().state;
      const samePerson =
        state.status === 'match' &&
        previous?.status === 'match' &&
        previous.context.prospect.id === state.context.prospect.id;
      // Opening a waiting lead is acting on it, so the next answer says it no longer waits: this
      // view keeps saying what was true when it opened.
      if (samePerson && previous?.status === 'match' && previous.context.lead?.waiting && state.status === 'match' && state.context.lead) {
        state.context.lead = { ...state.context.lead, waiting: true };
      }
      set({
        state,
        tabId,
        warnings: warnings ?? [],
        error: undefined,
        refused: false,
        ...(samePerson ? {} : { older: [], exhausted: state.status !== 'match' || state.context.touches.length >= state.context.touchCount }),
      });
      if (state.status === 'match' && (!samePerson || get().cues === null || get().cuesError)) void get().loadCues(state.context.prospect.id);
      // One "opened" per person shown, not per refresh.
      if (state.status === 'match' && !samePerson) get().record({ type: 'sidebar_opened', prospectId: state.context.prospect.id });
    } catch (error) {
      if (seq !== refreshSeq) return;
      if ((error as RequestError).code === FRAME_KEY_REFUSED) {
        // Right after a reload the background may still hold the previous page's key: its
        // page:context (with our key) pings us. Past that, this frame was not made by Cuecard.
        if (Date.now() - startedAt > FRAME_KEY_GRACE_MS) set({ state: null, refused: true });
        else setTimeout(() => void get().refresh(), 300);
        return;
      }
      set({ error: (error as Error).message });
    }
  },
  async loadOlder() {
    const { state, older, loadingOlder, exhausted } = get();
    if (loadingOlder || exhausted || state?.status !== 'match') return;
    const shown = [...state.context.touches, ...older];
    const last = shown[shown.length - 1];
    if (!last) return;
    const prospectId = state.context.prospect.id;
    set({ loadingOlder: true });
    try {
      const page = await request({ type: 'sidebar:touches', prospectId, before: [last.at, last.id], limit: 200 });
      const current = get().state;
      if (current?.status !== 'match' || current.context.prospect.id !== prospectId) return;
      const all = [...get().older, ...page];
      set({ older: all, exhausted: page.length === 0 || current.context.touches.length + all.length >= current.context.touchCount });
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      set({ loadingOlder: false });
    }
  },
  async select(prospectId) {
    set({ selectedId: prospectId, cues: undefined, notice: undefined });
    await get().refresh();
  },
  async loadCues(prospectId) {
    const seq = ++cuesSeq;
    if (get().cues?.prospectId !== prospectId) set({ cues: undefined });
    set({ cuesError: undefined });
    try {
      const cues = await request({ type: 'sidebar:recommendations', prospectId });
      if (seq === cuesSeq) set({ cues });
    } catch (error) {
      if (seq === cuesSeq) set({ cuesError: (error as Error).message || CUE.cuesFailed, cues: null });
    }
  },
  async loadAccount() {
    const seq = ++accountSeq;
    set({ accountError: undefined });
    try {
      const account = await request({ type: 'sidebar:account' });
      if (seq === accountSeq) set({ account });
    } catch (error) {
      if (seq === accountSeq) set({ account: null, accountError: (error as Error).message });
    }
  },
  async giveFeedback(prospectId, reason) {
    const event = makeUsageEvent(surfaceOf(get().state), { type: 'lead_feedback', prospectId, reason });
    try {
      await request({ type: 'usage:record', event });
    } catch {
      return false;
    }
    const current = get().state;
    if (current?.status === 'match' && current.context.prospect.id === prospectId) {
      const lead = { mine: false, waiting: false, ...current.context.lead, feedback: { reason, at: event.at } };
      set({ state: { ...current, context: { ...current.context, lead } } });
    }
    return true;
  },
  record(fields) {
    const event = makeUsageEvent(surfaceOf(get().state), fields);
    // Recording must never block or undo what the rep just did.
    request({ type: 'usage:record', event }).catch(() => undefined);
  },
  dismiss(assetId) {
    if (!get().dismissed.includes(assetId)) set({ dismissed: [...get().dismissed, assetId] });
  },
  say(notice) {
    set({ notice });
  },
}));

/** Copies text from the sidebar; true when the clipboard took it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older engines inside iframes: a selected textarea and execCommand('copy').
    try {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      return ok;
    } catch {
      return false;
    }
  }
}

/**
 * Insert into the page's last-focused compose body; copies instead when there is none. `cue`
 * names the approved message/asset, so the page can tell when the draft holding it is sent.
 */
export async function insertOrCopy(text: string, cue?: InsertCue): Promise<'inserted' | 'copied' | 'failed'> {
  try {
    const { inserted } = await request(cue ? { type: 'compose:insert', text, cue } : { type: 'compose:insert', text });
    if (inserted) return 'inserted';
  } catch {
    // Fall through to the clipboard.
  }
  return (await copyText(text)) ? 'copied' : 'failed';
}
