import { create } from 'zustand';
import type { SidebarState } from '../background/sidebar-state';
import { request } from '../messaging/client';
import type { TouchView } from '../store/queries';

interface SidebarStore {
  state: SidebarState | null;
  tabId?: number;
  error?: string;
  /** Touches beyond the first page, fetched as the rep scrolls. */
  older: TouchView[];
  exhausted: boolean;
  loadingOlder: boolean;
  refresh(): Promise<void>;
  loadOlder(): Promise<void>;
}

let refreshSeq = 0;

export const useSidebarStore = create<SidebarStore>((set, get) => ({
  state: null,
  older: [],
  exhausted: false,
  loadingOlder: false,
  async refresh() {
    const seq = ++refreshSeq;
    try {
      const { tabId, ...state } = await request({ type: 'sidebar:context' });
      // A newer refresh may have finished first; never show an older answer over it.
      if (seq !== refreshSeq) return;
      const samePerson =
        state.status === 'match' &&
        get().state?.status === 'match' &&
        (get().state as Extract<SidebarState, { status: 'match' }>).context.prospect.id === state.context.prospect.id;
      set({
        state,
        tabId,
        error: undefined,
        ...(samePerson ? {} : { older: [], exhausted: state.status !== 'match' || state.context.touches.length >= state.context.touchCount }),
      });
    } catch (error) {
      if (seq === refreshSeq) set({ error: (error as Error).message });
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
}));
