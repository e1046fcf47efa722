/**
 * The console's state: who is signed in, which view is open (kept in the address bar), and a
 * polite notice for the last action. Data of each view is loaded by the view itself (hooks.ts).
 */
import { create } from 'zustand';
import type { Asset, Message, SessionUser } from '../../lib/contract';
import { api, ConsoleApiError, whenSessionEnds } from './api';
import { parsePath, toPath, type Route } from './routes';
import { STRINGS } from './strings';

export type Draft = Partial<Message> | Partial<Asset>;

interface ConsoleStore {
  phase: 'checking' | 'signed-out' | 'signed-in';
  user?: SessionUser;
  workspace?: string;
  signInError?: string;
  signingIn: boolean;
  /** The hub offers "Sign in with your company" (GET /v1/sso). */
  ssoEnabled: boolean;
  route: Route;
  /** What "write a message for this" starts the editor with. */
  draft?: Draft;
  notice?: string;
  start(): Promise<void>;
  signIn(token: string): Promise<void>;
  signOut(): Promise<void>;
  navigate(route: Route, options?: { draft?: Draft; replace?: boolean }): void;
  say(notice: string | undefined): void;
}

/**
 * A company sign-in that came back without a session: the hub sends `?sso_error=<code>` and the
 * words are the console's own (no text from the address is shown). The address is cleaned up.
 */
function ssoFailure(): string | undefined {
  const code = new URLSearchParams(location.search).get('sso_error');
  if (code === null) return undefined;
  history.replaceState(null, '', location.pathname);
  return STRINGS.ssoErrors[code] ?? STRINGS.ssoFailed;
}

export const useConsole = create<ConsoleStore>((set, get) => ({
  phase: 'checking',
  signingIn: false,
  ssoEnabled: false,
  route: parsePath(location.pathname),
  async start() {
    try {
      const me = await api.me();
      const workspace = (me.workspace as { name?: unknown } | undefined)?.name;
      set({
        phase: 'signed-in',
        user: { id: me.user.id, name: me.user.name, role: me.user.role, email: me.user.email ?? null },
        workspace: typeof workspace === 'string' ? workspace : undefined,
      });
    } catch (error) {
      set({ phase: 'signed-out', signInError: ssoFailure() ?? (error instanceof ConsoleApiError && error.status !== 401 ? error.message : undefined) });
      offerSso();
    }
  },
  async signIn(token) {
    set({ signingIn: true, signInError: undefined });
    try {
      const session = await api.signIn(token.trim());
      set({ phase: 'signed-in', user: session.user, signingIn: false, notice: undefined });
      // The workspace name comes with /v1/me; the session answer is enough to show the console.
      void get().start();
    } catch (error) {
      set({ signingIn: false, signInError: (error as Error).message });
    }
  },
  async signOut() {
    try {
      await api.signOut();
    } finally {
      set({ phase: 'signed-out', user: undefined, signInError: undefined, notice: undefined });
      offerSso();
    }
  },
  navigate(route, options = {}) {
    const path = toPath(route);
    if (path !== location.pathname) {
      if (options.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    set({ route, draft: options.draft, notice: undefined });
    window.scrollTo?.(0, 0);
  },
  say(notice) {
    set({ notice });
  },
}));

/** Whether the sign-in form offers "Sign in with your company" (asked each time it shows). */
function offerSso(): void {
  api
    .ssoInfo()
    .then((info) => useConsole.setState({ ssoEnabled: info.enabled }))
    .catch(() => useConsole.setState({ ssoEnabled: false }));
}

whenSessionEnds(() => {
  if (useConsole.getState().phase === 'signed-in') {
    useConsole.setState({ phase: 'signed-out', user: undefined, signInError: STRINGS.errors.sessionEnded });
    offerSso();
  }
});

addEventListener('popstate', () => useConsole.setState({ route: parsePath(location.pathname), draft: undefined, notice: undefined }));
