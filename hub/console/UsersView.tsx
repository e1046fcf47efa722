/**
 * Users, for admins: who has access and with which role; add someone (their token is shown once,
 * here, and never again), change a role or a token's expiry, rotate a token, revoke access. A
 * revoked token is refused from its next request on, and the rep's extension says so.
 */
import { useState, type FormEvent } from 'react';
import type { HubUserView, Role } from '../../lib/contract';
import { api } from './api';
import { useLoad } from './hooks';
import { useConsole } from './store';
import { formatDay, STRINGS } from './strings';

const ROLE_OPTIONS: Role[] = ['rep', 'marketing', 'admin'];

/** A date input's day as the end of that day in UTC: "expires 31 Jan" means usable through 31 Jan. */
const endOfDay = (day: string) => (day ? new Date(`${day}T23:59:59.999Z`).toISOString() : null);

function NewToken({ token, user, onDone }: { token: string; user: HubUserView; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="card token-once" role="alert" aria-labelledby="token-title">
      <h2 id="token-title">Token for {user.name}: shown once</h2>
      <p className="hint">Give it to {user.name} now (they paste it in {user.role === 'rep' ? 'the extension’s options' : 'the console’s sign-in'}). The hub keeps only its hash: nobody can show it again.</p>
      <div className="token-row">
        <input readOnly value={token} data-testid="new-token" aria-label={`New token for ${user.name}`} onFocus={(event) => event.target.select()} />
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

function AddUser({ onAdded }: { onAdded(result: { user: HubUserView; token: string }): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const [email, setEmail] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.addUser({ name: name.trim(), role, email: email.trim() || undefined, tokenExpiresAt: endOfDay(expires) ?? undefined });
      setName('');
      setEmail('');
      setExpires('');
      onAdded(result);
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card fields add-user" onSubmit={(event) => void submit(event)} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <div className="row4">
        <label>
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        </label>
        <label>
          Role
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {STRINGS.roles[option]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Email (optional)
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Token expires (optional)
          <input type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </label>
      </div>
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" data-testid="add-user" disabled={busy || !name.trim()}>
          {busy ? 'Adding…' : 'Add user and show the token'}
        </button>
      </div>
    </form>
  );
}

/**
 * A token's expiry, saved when the field is left (or Enter): a date typed digit by digit passes
 * through days like year 0002 that must not reach the hub.
 */
function ExpiryInput({ user, disabled, onChange }: { user: HubUserView; disabled: boolean; onChange(day: string): void }) {
  const stored = user.tokenExpiresAt ? user.tokenExpiresAt.slice(0, 10) : '';
  const [day, setDay] = useState(stored);
  const commit = () => {
    if (day !== stored) onChange(day);
  };
  return (
    <label className="inline">
      <span className="sub">Expires</span>
      <input
        type="date"
        aria-label={`Token expiry of ${user.name}`}
        value={day}
        disabled={disabled}
        onChange={(event) => setDay(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
    </label>
  );
}

function UserRow({ user, self, onChanged, onToken }: { user: HubUserView; self: boolean; onChanged(message: string): void; onToken(result: { user: HubUserView; token: string }): void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const revoked = user.revokedAt !== null;
  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await run());
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const expired = user.tokenExpiresAt !== null && Date.parse(user.tokenExpiresAt) <= Date.now();
  return (
    <tr data-testid="user-row" data-user-id={user.id} className={revoked ? 'revoked' : undefined}>
      <th scope="row">
        {user.name}
        {self && <span className="sub">you</span>}
        {user.email && <span className="sub">{user.email}</span>}
        {user.companySignIn && <span className="sub">Company sign-in</span>}
      </th>
      <td>
        {revoked || self ? (
          STRINGS.roles[user.role]
        ) : (
          <select
            aria-label={`Role of ${user.name}`}
            value={user.role}
            disabled={busy}
            onChange={(event) => {
              const role = event.target.value as Role;
              void act(async () => {
                await api.updateUser(user.id, { role });
                return `${user.name} is now ${STRINGS.roles[role].toLowerCase()}.`;
              });
            }}
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {STRINGS.roles[option]}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>
        {revoked ? (
          <span className="chip status-retired">Revoked {formatDay(user.revokedAt)}</span>
        ) : user.disabledAt ? (
          <span className="chip status-retired">Turned off by your identity provider {formatDay(user.disabledAt)}</span>
        ) : expired ? (
          <span className="chip status-retired">Token expired {formatDay(user.tokenExpiresAt)}</span>
        ) : (
          <span className="chip status-approved">Active</span>
        )}
      </td>
      <td>
        Issued {formatDay(user.tokenIssuedAt)}
        {!revoked && (
          <ExpiryInput
            user={user}
            disabled={busy}
            onChange={(day) =>
              void act(async () => {
                await api.updateUser(user.id, { tokenExpiresAt: endOfDay(day) });
                return day ? `${user.name}'s token now expires at the end of ${formatDay(day)}.` : `${user.name}'s token no longer expires.`;
              })
            }
          />
        )}
      </td>
      <td className="actions">
        {!revoked && (
          <>
            <button
              type="button"
              className="secondary"
              data-testid="rotate-user"
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  const result = await api.rotateToken(user.id);
                  onToken(result);
                  return `New token for ${user.name}; the old one no longer works.`;
                })
              }
            >
              New token
            </button>
            {!self && (
              <button
                type="button"
                className="secondary danger"
                data-testid="revoke-user"
                disabled={busy}
                aria-label={`Revoke access of ${user.name}`}
                onClick={() =>
                  void act(async () => {
                    await api.revokeUser(user.id);
                    return `${user.name}'s access is revoked: their next request is refused.`;
                  })
                }
              >
                Revoke access
              </button>
            )}
          </>
        )}
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

/** The identity provider's SCIM token (issue 18): issued here, shown once; a new one ends the old. */
function ScimToken() {
  const [issued, setIssued] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setIssued((await api.scimToken()).token);
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="scim-title">
      <h2 id="scim-title">Provisioning from your identity provider (SCIM)</h2>
      <p className="hint">
        Okta or Microsoft Entra ID can add, update and turn off users here. Enter the SCIM base URL <code>{`${location.origin}/scim/v2`}</code> and a SCIM token at the
        provider. A new token stops the previous one.
      </p>
      {issued ? (
        <div className="token-row">
          <input readOnly value={issued} data-testid="scim-token" aria-label="New SCIM token" onFocus={(event) => event.target.select()} />
          <button type="button" className="secondary" onClick={() => setIssued(undefined)}>
            Done
          </button>
        </div>
      ) : (
        <div className="buttons">
          <button type="button" className="secondary" data-testid="issue-scim-token" disabled={busy} onClick={() => void issue()}>
            {busy ? 'Issuing…' : 'Issue a SCIM token (shown once)'}
          </button>
        </div>
      )}
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function UsersView() {
  const { user: me, say } = useConsole();
  const users = useLoad(() => api.users(), 'users');
  const [shown, setShown] = useState<{ user: HubUserView; token: string }>();
  const changed = (message: string) => {
    say(message);
    users.reload();
  };
  const list = users.data?.users ?? [];
  const active = list.filter((user) => user.revokedAt === null);
  return (
    <main className="view" data-view="users" aria-busy={users.loading} aria-labelledby="users-title">
      <h1 id="users-title">{STRINGS.views.users}</h1>
      {shown && <NewToken token={shown.token} user={shown.user} onDone={() => setShown(undefined)} />}
      <AddUser
        onAdded={(result) => {
          setShown(result);
          changed(`Added ${result.user.name} (${STRINGS.roles[result.user.role].toLowerCase()}).`);
        }}
      />
      {users.error && (
        <p className="status error" role="alert">
          {users.error}
        </p>
      )}
      <ScimToken />
      <section className="card">
        <table className="items users">
          <caption>
            {active.length} active, {list.length - active.length} revoked
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Access</th>
              <th scope="col">Token</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow key={user.id} user={user} self={user.id === me?.id} onChanged={changed} onToken={setShown} />
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
