/**
 * The console's frame: sign-in, then a header with the views this role may open, the signed-in
 * user and sign-out. Views load their own data through the hub's API (api.ts).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Role } from '../../lib/contract';
import { AttentionView } from './AttentionView';
import { ChangesView } from './ChangesView';
import { ConnectorsView } from './ConnectorsView';
import { ItemEditor } from './ItemEditor';
import { ImportView } from './ImportView';
import { LibraryView } from './LibraryView';
import { ViewLink } from './ViewLink';
import type { Route, View } from './routes';
import { useConsole } from './store';
import { STRINGS } from './strings';
import { UsageView } from './UsageView';
import { UsersView } from './UsersView';

/** Views in the header, and who sees them (the hub checks the role again on every call). */
const NAV: { view: Exclude<View, 'edit'>; route: Route; roles: readonly Role[] }[] = [
  { view: 'library', route: { view: 'library', kind: 'message' }, roles: ['marketing', 'admin'] },
  { view: 'attention', route: { view: 'attention' }, roles: ['marketing', 'admin'] },
  { view: 'imports', route: { view: 'imports' }, roles: ['marketing', 'admin'] },
  // Marketing may read how the connectors do; admins change them (the hub checks it again).
  { view: 'connectors', route: { view: 'connectors' }, roles: ['marketing', 'admin'] },
  { view: 'usage', route: { view: 'usage' }, roles: ['marketing', 'admin'] },
  { view: 'changes', route: { view: 'changes' }, roles: ['marketing', 'admin'] },
  { view: 'users', route: { view: 'users' }, roles: ['admin'] },
];

function SignIn() {
  const { signIn, signInError, signingIn, ssoEnabled } = useConsole();
  const [token, setToken] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void signIn(token);
  };
  return (
    <main className="sign-in" data-view="sign-in" aria-busy={false}>
      <form className="card" onSubmit={onSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span aria-hidden="true">◆</span> {STRINGS.signIn.title}
        </h1>
        <p className="hint">{STRINGS.signIn.hint}</p>
        {ssoEnabled && (
          <>
            <div className="buttons">
              {/* A plain navigation: the hub sends the browser on to the company's sign-in page and back. */}
              <a className="button" href="/sso/login" data-testid="console-sso-sign-in">
                {STRINGS.signIn.sso}
              </a>
            </div>
            <p className="hint">{STRINGS.signIn.ssoHint}</p>
          </>
        )}
        <div className="fields">
          <label>
            {STRINGS.signIn.tokenLabel}
            <input
              data-testid="console-token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-describedby={signInError ? 'sign-in-error' : undefined}
            />
          </label>
        </div>
        <div className="buttons">
          <button type="submit" data-testid="console-sign-in" disabled={signingIn || !token.trim()}>
            {signingIn ? STRINGS.signIn.working : STRINGS.signIn.button}
          </button>
        </div>
        {signInError && (
          <p id="sign-in-error" className="status error" role="alert" data-testid="sign-in-error">
            {signInError}
          </p>
        )}
      </form>
    </main>
  );
}

function CurrentView({ route }: { route: Route }) {
  switch (route.view) {
    case 'library':
      return <LibraryView kind={route.kind} />;
    case 'edit':
      return <ItemEditor key={`${route.kind}:${route.id ?? 'new'}`} kind={route.kind} id={route.id} />;
    case 'attention':
      return <AttentionView />;
    case 'imports':
      return <ImportView />;
    case 'users':
      return <UsersView />;
    case 'usage':
      return <UsageView />;
    case 'changes':
      return <ChangesView />;
    case 'connectors':
      return <ConnectorsView />;
  }
}

export function App() {
  const { phase, user, workspace, route, notice, start, signOut } = useConsole();
  useEffect(() => {
    void start();
  }, [start]);
  useEffect(() => {
    const title = STRINGS.views[route.view === 'edit' ? 'library' : route.view];
    document.title = `${title} · ${STRINGS.product}`;
  }, [route]);

  if (phase === 'checking') return <main className="sign-in" data-view="checking" aria-busy={true} />;
  if (phase === 'signed-out' || !user) return <SignIn />;
  const active: View = route.view === 'edit' ? 'library' : route.view;
  return (
    <div className="console">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span aria-hidden="true">◆</span> Cuecard{workspace ? <span className="workspace"> · {workspace}</span> : null}
        </span>
        <nav aria-label="Console">
          <ul>
            {NAV.filter((item) => item.roles.includes(user.role)).map((item) => (
              <li key={item.view}>
                <ViewLink route={item.route} current={active === item.view}>
                  {STRINGS.views[item.view]}
                </ViewLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {user.name} <span className="chip">{STRINGS.roles[user.role]}</span>
        </span>
        <button type="button" className="secondary" data-testid="sign-out" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <p className="notice" role="status" data-testid="console-notice">
        {notice ?? ''}
      </p>
      <div id="content">
        <CurrentView route={route} />
      </div>
    </div>
  );
}
