/**
 * Connectors: where the hub reads people and touches from (HubSpot, Salesforce, Marketo, Mautic).
 * Each connector's status per stream in words — last run, rows, next run, paused until, error —
 * for marketing and admins; admins also add, edit, test the credentials, run now, pause and resume,
 * and remove (with a confirm step).
 *
 * Invariants
 * - Secrets are write-only: typed into password fields, sent once, cleared; no answer carries them
 *   (lib/contract/connectors.ts), so nothing here could show one.
 * - The list refreshes while the page is open: every 2 s while a run goes on (a backfill's rows so
 *   far and estimate move), every 30 s otherwise (next run, pauses). A refresh never sets the view
 *   busy again, so assistive tech is not told "loading" every two seconds.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectorStreamView, ConnectorView } from '../../lib/contract';
import { api } from './api';
import { buildCreate, buildPatch, credentialFields, emptyForm, formOf, VENDOR_FORMS, VENDOR_OPTIONS, type ConnectorForm, type FormProblems, type SignIn } from './connector-form';
import { Field } from './Field';
import { useLoad } from './hooks';
import { useConsole } from './store';
import { formatWhen, STRINGS } from './strings';

const FAST_REFRESH_MS = 2_000;
const SLOW_REFRESH_MS = 30_000;
/** A run asked for here is watched this long at most for its end (a stuck watch would poll forever). */
const WATCH_LIMIT_MS = 10 * 60_000;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "in 12 min", "3 min ago", "in 2 h": how far an instant is from now. */
function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  const amount = minutes < 1 ? 'less than a minute' : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return diff >= 0 ? `in ${amount}` : `${amount} ago`;
}

const STATE_WORDS: Record<ConnectorView['state'], { label: string; chip: string }> = {
  idle: { label: 'Connected', chip: 'status-approved' },
  running: { label: 'Running', chip: 'status-draft' },
  paused: { label: 'Waiting for the vendor’s limit', chip: 'status-draft' },
  error: { label: 'Needs attention', chip: 'status-error' },
  disabled: { label: 'Paused', chip: 'status-retired' },
};

const TRIGGER_WORDS = { schedule: 'scheduled', manual: 'run from the console or API', cli: 'run from the command line' } as const;

function runCounts(run: { people: number; touches: number; deleted: number }): string {
  return `${count(run.people, 'person', 'people')}, ${count(run.touches, 'touch', 'touches')}, ${run.deleted.toLocaleString('en')} deleted`;
}

function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return '';
  const seconds = Math.max(0, Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** "Contacts", "Email events": a stream's name as people say it. */
const streamLabel = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('-', ' ');

function StreamProgress({ stream }: { stream: ConnectorStreamView }) {
  const estimate = stream.rowsEstimate;
  if (stream.phase === 'backfill' && estimate !== null && estimate > 0) {
    const done = Math.min(stream.rowsDone, estimate);
    return (
      <>
        {stream.rowsDone.toLocaleString('en')} of about {estimate.toLocaleString('en')} ({Math.floor((done / estimate) * 100)} %)
        <progress max={estimate} value={done} aria-label={`${streamLabel(stream.name)}: backfill progress`} />
      </>
    );
  }
  return <>{stream.rowsDone.toLocaleString('en')}</>;
}

function Streams({ connector }: { connector: ConnectorView }) {
  if (connector.streams.length === 0) return <p className="hint small">No stream has run yet: the first run backfills every stream.</p>;
  return (
    <table className="items streams">
      <caption className="visually-hidden">Streams of {connector.name}</caption>
      <thead>
        <tr>
          <th scope="col">Stream</th>
          <th scope="col">Phase</th>
          <th scope="col">Rows so far</th>
          <th scope="col">Status</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {connector.streams.map((stream) => (
          <tr key={stream.name} data-testid="connector-stream" data-stream={stream.name}>
            <th scope="row">{streamLabel(stream.name)}</th>
            <td>{stream.phase === 'backfill' ? 'Backfilling' : 'Incremental'}</td>
            <td data-testid="stream-rows">
              <StreamProgress stream={stream} />
            </td>
            <td>{stream.status}</td>
            <td>{formatWhen(stream.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** URL and credential fields for a vendor and sign-in method; secrets in password fields. */
function CredentialInputs({ form, setForm, problems, editing }: { form: ConnectorForm; setForm(form: ConnectorForm): void; problems: FormProblems; editing: boolean }) {
  const vendor = VENDOR_FORMS[form.vendor];
  const setCredential = (key: string, value: string) => setForm({ ...form, credentials: { ...form.credentials, [key]: value } });
  return (
    <>
      <div className="row3">
        <Field label={vendor.urlLabel} problem={problems.url} hint={editing ? `${vendor.urlHint} A new URL needs the credentials again.` : vendor.urlHint}>
          {({ id, describedBy, invalid }) => (
            <input id={id} type="url" inputMode="url" spellCheck={false} value={form.url} required={vendor.urlRequired} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setForm({ ...form, url: event.target.value })} />
          )}
        </Field>
        {vendor.signIns.length > 1 && (
          <Field label="Sign-in method">
            {({ id }) => (
              <select id={id} value={form.signIn} onChange={(event) => setForm({ ...form, signIn: event.target.value as SignIn, credentials: {} })}>
                {vendor.signIns.map((method) => (
                  <option key={method.id} value={method.id}>
                    {method.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="row3">
        {credentialFields(form).map((field) => (
          <Field key={`${form.signIn}:${field.key}`} label={field.label} problem={problems[field.key]} hint={field.hint}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                spellCheck={false}
                value={form.credentials[field.key] ?? ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(event) => setCredential(field.key, event.target.value)}
              />
            )}
          </Field>
        ))}
      </div>
      <p className="hint small">
        {editing
          ? 'Stored credentials are never shown. Leave these empty to keep them; fill them all to replace them.'
          : 'Credentials are encrypted in the hub’s database and never shown again, here or anywhere.'}
      </p>
    </>
  );
}

function QuotaField({ form, setForm, problem }: { form: ConnectorForm; setForm(form: ConnectorForm): void; problem?: string }) {
  return (
    <Field label="Share of the daily API limit per run (%)" problem={problem} hint="One run never spends more of the vendor’s daily API quota; 25 % leaves room for your other integrations.">
      {({ id, describedBy, invalid }) => (
        <input id={id} type="number" min={1} max={100} step={1} value={form.quotaPercent} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setForm({ ...form, quotaPercent: event.target.value })} />
      )}
    </Field>
  );
}

function FormProblem({ problems }: { problems: FormProblems }) {
  if (!problems.form) return null;
  return (
    <p className="status error" role="alert">
      {problems.form}
    </p>
  );
}

/**
 * The form's element: its first field has the focus when it opens, and after a refused submit the
 * first field with a problem does (a keyboard user lands where the fix goes).
 */
function useFormFocus(problems: FormProblems) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select')?.focus(), []);
  useEffect(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), [problems]);
  return form;
}

function AddConnector({ onAdded, onCancel }: { onAdded(connector: ConnectorView): void; onCancel(): void }) {
  const [form, setForm] = useState<ConnectorForm>(() => emptyForm());
  const [problems, setProblems] = useState<FormProblems>({});
  const [busy, setBusy] = useState(false);
  const formRef = useFormFocus(problems);
  const vendor = VENDOR_FORMS[form.vendor];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildCreate(form);
    setProblems(built.problems);
    if (!built.body) return;
    setBusy(true);
    try {
      const { connector } = await api.addConnector(built.body);
      // The secrets leave the page's state as soon as the hub has them.
      setForm(emptyForm(form.vendor));
      onAdded(connector);
    } catch (reason) {
      setProblems({ form: (reason as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={formRef} className="card fields add-connector" onSubmit={(event) => void submit(event)} aria-labelledby="add-connector-title" noValidate>
      <h2 id="add-connector-title">Connect a marketing platform</h2>
      <div className="row3">
        <Field label="Platform">
          {({ id }) => (
            <select id={id} value={form.vendor} onChange={(event) => setForm({ ...emptyForm(event.target.value as ConnectorForm['vendor']), name: form.name, quotaPercent: form.quotaPercent })}>
              {VENDOR_OPTIONS.map((option) => (
                <option key={option} value={option}>
                  {VENDOR_FORMS[option].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" problem={problems.name} hint={`How the console, the change log and the command line call it, e.g. "${vendor.label}".`}>
          {({ id, describedBy, invalid }) => <input id={id} value={form.name} maxLength={100} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setForm({ ...form, name: event.target.value })} />}
        </Field>
        <QuotaField form={form} setForm={setForm} problem={problems.quotaPercent} />
      </div>
      <CredentialInputs form={form} setForm={setForm} problems={problems} editing={false} />
      <FormProblem problems={problems} />
      <div className="buttons">
        <button type="submit" data-testid="add-connector" disabled={busy}>
          {busy ? 'Connecting…' : 'Add connector'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EditConnector({ connector, onSaved, onCancel }: { connector: ConnectorView; onSaved(message: string): void; onCancel(): void }) {
  const [form, setForm] = useState<ConnectorForm>(() => formOf(connector));
  const [problems, setProblems] = useState<FormProblems>({});
  const [busy, setBusy] = useState(false);
  const formRef = useFormFocus(problems);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildPatch(connector, form);
    setProblems(built.problems);
    if (!built.body) return;
    if (Object.keys(built.body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      const { connector: saved } = await api.updateConnector(connector.id, built.body);
      setForm({ ...formOf(saved) });
      onSaved(`Saved ${saved.name}${built.body.credentials ? ' with its new credentials' : ''}.`);
    } catch (reason) {
      setProblems({ form: (reason as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={formRef} className="fields edit-connector" onSubmit={(event) => void submit(event)} aria-label={`Edit ${connector.name}`} noValidate>
      <div className="row3">
        <Field label="Name" problem={problems.name}>
          {({ id, describedBy, invalid }) => (
            <input id={id} value={form.name} maxLength={100} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          )}
        </Field>
        <QuotaField form={form} setForm={setForm} problem={problems.quotaPercent} />
      </div>
      <CredentialInputs form={form} setForm={setForm} problems={problems} editing />
      <FormProblem problems={problems} />
      <div className="buttons">
        <button type="submit" data-testid="save-connector" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ConfirmRemove({ connector, onRemoved, onCancel }: { connector: ConnectorView; onRemoved(): void; onCancel(): void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  // The safe choice has the focus: Enter on a confirm step must not remove anything.
  useEffect(() => cancel.current?.focus(), []);
  const remove = async () => {
    setBusy(true);
    try {
      await api.removeConnector(connector.id);
      onRemoved();
    } catch (reason) {
      setError((reason as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="confirm-remove" role="group" aria-label={`Remove ${connector.name}?`}>
      <p>
        Remove <strong>{connector.name}</strong>? Its schedule, cursors and run history go, and its credentials are deleted. The people and touches it brought stay in the workspace.
      </p>
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="button" className="danger" data-testid="confirm-remove-connector" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Removing…' : `Remove ${connector.name}`}
        </button>
        <button type="button" className="secondary" ref={cancel} onClick={onCancel}>
          Keep it
        </button>
      </div>
    </div>
  );
}

type Panel = 'edit' | 'remove' | undefined;

function ConnectorCard({ connector, admin, now, onChanged, onRunStarted }: { connector: ConnectorView; admin: boolean; now: number; onChanged(message: string): void; onRunStarted(connector: ConnectorView): void }) {
  const [panel, setPanel] = useState<Panel>();
  const [busy, setBusy] = useState<'test' | 'run' | 'pause'>();
  const [tested, setTested] = useState<{ ok: boolean; message: string }>();
  const [error, setError] = useState<string>();
  const state = STATE_WORDS[connector.state];
  const lastRun = connector.lastRun;
  const headingId = `connector-${connector.id}`;

  const act = async (kind: 'test' | 'run' | 'pause', run: () => Promise<void>) => {
    setBusy(kind);
    setError(undefined);
    try {
      await run();
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <article className="card connector" data-testid="connector-row" data-connector={connector.name} data-connector-id={connector.id} data-state={connector.state} aria-labelledby={headingId}>
      <header className="connector-head">
        <h2 id={headingId}>{connector.name}</h2>
        <span className="chip">{VENDOR_FORMS[connector.vendor].label}</span>
        <span className={`chip ${state.chip}`} data-testid="connector-state">
          {state.label}
        </span>
      </header>
      <p className="connector-status" data-testid="connector-status">
        {connector.status}
      </p>
      <dl className="facts">
        <div>
          <dt>Last run</dt>
          <dd data-testid="connector-last-run">
            {lastRun ? (
              <>
                {formatWhen(lastRun.startedAt)} ({TRIGGER_WORDS[lastRun.trigger]}){lastRun.finishedAt ? '' : ', still running'}: {runCounts(lastRun)}; {count(lastRun.apiCalls, 'API call')}
                {lastRun.finishedAt ? `, ${duration(lastRun.startedAt, lastRun.finishedAt)}` : ''}
                {lastRun.error && (
                  <span className="field-error" data-testid="connector-error">
                    {' '}
                    Error: {lastRun.error}
                  </span>
                )}
              </>
            ) : (
              'Not run yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Rows so far</dt>
          <dd data-testid="connector-counts">{runCounts(connector.counts)}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd>
            {connector.state === 'disabled'
              ? 'None while paused'
              : connector.state === 'running'
                ? 'Running now'
                : connector.nextRunAt
                  ? Date.parse(connector.nextRunAt) <= now
                    ? 'Due now'
                    : `${formatWhen(connector.nextRunAt)} (${relativeTime(connector.nextRunAt, now)})`
                  : '—'}
          </dd>
        </div>
        {connector.pausedUntil && (
          <div>
            <dt>Paused until</dt>
            <dd data-testid="connector-paused-until">
              {formatWhen(connector.pausedUntil)} ({relativeTime(connector.pausedUntil, now)})
            </dd>
          </div>
        )}
        <div>
          <dt>Reads from</dt>
          <dd className="url">{connector.baseUrl}</dd>
        </div>
        <div>
          <dt>Quota per run</dt>
          <dd>
            {Math.round(connector.quotaShare * 100)} % of {connector.dailyQuota ? `${connector.dailyQuota.toLocaleString('en')} API calls a day` : 'the daily limit the vendor states'}
          </dd>
        </div>
      </dl>
      <Streams connector={connector} />
      {admin && (
        <>
          <div className="buttons connector-actions">
            <button
              type="button"
              className="secondary"
              data-testid="connector-test"
              disabled={busy !== undefined}
              onClick={() =>
                void act('test', async () => {
                  setTested(undefined);
                  setTested(await api.testConnector(connector.id));
                })
              }
            >
              {busy === 'test' ? 'Testing…' : 'Test the credentials'}
            </button>
            <button
              type="button"
              data-testid="connector-run"
              disabled={busy !== undefined || connector.state === 'running'}
              onClick={() =>
                void act('run', async () => {
                  await api.runConnector(connector.id);
                  onRunStarted(connector);
                })
              }
            >
              {connector.state === 'running' ? 'Running…' : 'Run now'}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="connector-pause"
              disabled={busy !== undefined}
              onClick={() =>
                void act('pause', async () => {
                  const { connector: saved } = await api.updateConnector(connector.id, { enabled: !connector.enabled });
                  onChanged(saved.enabled ? `Resumed ${saved.name}: it runs on its schedule again.` : `Paused ${saved.name}: no scheduled runs until you resume it.`);
                })
              }
            >
              {connector.enabled ? 'Pause' : 'Resume'}
            </button>
            <button type="button" className="secondary" data-testid="connector-edit" aria-expanded={panel === 'edit'} onClick={() => setPanel(panel === 'edit' ? undefined : 'edit')}>
              Edit
            </button>
            <button type="button" className="secondary danger" data-testid="remove-connector" aria-expanded={panel === 'remove'} onClick={() => setPanel(panel === 'remove' ? undefined : 'remove')}>
              Remove
            </button>
          </div>
          <p className={`status${tested && !tested.ok ? ' error' : ''}`} role="status" data-testid="connector-test-result">
            {tested ? (tested.ok ? `The credentials work. ${tested.message}` : `The credentials did not work: ${tested.message}`) : ''}
          </p>
          {error && (
            <p className="status error" role="alert">
              {error}
            </p>
          )}
          {panel === 'edit' && (
            <EditConnector
              connector={connector}
              onCancel={() => setPanel(undefined)}
              onSaved={(message) => {
                setPanel(undefined);
                onChanged(message);
              }}
            />
          )}
          {panel === 'remove' && (
            <ConfirmRemove
              connector={connector}
              onCancel={() => setPanel(undefined)}
              onRemoved={() => {
                // The card goes away with the focus in it: the view's heading takes it.
                document.getElementById('connectors-title')?.focus();
                onChanged(`Removed ${connector.name}. The people and touches it brought stay.`);
              }}
            />
          )}
        </>
      )}
    </article>
  );
}

export function ConnectorsView() {
  const { user, say } = useConsole();
  const admin = user?.role === 'admin';
  const list = useLoad(() => api.connectors(), 'connectors');
  const [adding, setAdding] = useState(false);
  /** Runs asked for here, by connector id: the last run's start before it, and when it was asked. */
  const [watched, setWatched] = useState<Record<string, { before: string | null; at: number; name: string }>>({});
  const [now, setNow] = useState(() => Date.now());
  const connectors = list.data?.connectors;
  const { reload } = list;

  // Say how a watched run ended, once the list shows it finished.
  useEffect(() => {
    if (!connectors) return;
    const ended = Object.entries(watched).filter(([id, watch]) => {
      const connector = connectors.find((c) => c.id === id);
      if (!connector) return true;
      const finished = connector.state !== 'running' && connector.lastRun !== null && connector.lastRun.startedAt !== watch.before && connector.lastRun.finishedAt !== null;
      return finished || Date.now() - watch.at > WATCH_LIMIT_MS;
    });
    if (ended.length === 0) return;
    for (const [id, watch] of ended) {
      const run = connectors.find((c) => c.id === id)?.lastRun;
      if (run && run.startedAt !== watch.before) say(`${watch.name}: the run ended${run.error ? ` with an error: ${run.error}` : ''} — ${runCounts(run)}.`);
    }
    setWatched((current) => Object.fromEntries(Object.entries(current).filter(([id]) => !ended.some(([gone]) => gone === id))));
  }, [connectors, watched, say]);

  // Refresh while the page is open: fast while something runs or a run asked for here has not shown up yet.
  const fast = Object.keys(watched).length > 0 || (connectors ?? []).some((connector) => connector.state === 'running');
  useEffect(() => {
    const timer = setTimeout(
      () => {
        setNow(Date.now());
        reload();
      },
      fast ? FAST_REFRESH_MS : SLOW_REFRESH_MS,
    );
    return () => clearTimeout(timer);
    // Re-armed after every load, answered or failed: a hub that was down is asked again.
  }, [fast, reload, list.loading]);

  const changed = (message: string) => {
    say(message);
    reload();
  };

  return (
    <main className="view" data-view="connectors" aria-busy={list.loading && !list.data} aria-labelledby="connectors-title">
      <div className="view-head">
        <h1 id="connectors-title" tabIndex={-1}>
          {STRINGS.views.connectors}
        </h1>
        {admin && !adding && (
          <button type="button" data-testid="new-connector" onClick={() => setAdding(true)}>
            Add a connector
          </button>
        )}
      </div>
      <p className="hint">
        The hub reads people and their marketing activity from these platforms every 15 minutes and writes them through the same change log as imports, so reps’ sidebars stay current.
        {admin ? '' : ' Admins add and change connectors; you see how they do.'}
      </p>
      {admin && adding && (
        <AddConnector
          onCancel={() => setAdding(false)}
          onAdded={(connector) => {
            setAdding(false);
            changed(`Added ${connector.name}. Test the credentials, or run it now: its first run backfills.`);
          }}
        />
      )}
      {list.error && (
        <p className="status error" role="alert">
          {list.error}
        </p>
      )}
      {!list.data && list.loading && <p className="hint">Loading…</p>}
      {connectors && connectors.length === 0 && (
        <p className="card empty" data-testid="no-connectors">
          No connectors yet.{admin ? ' Add one to read HubSpot, Salesforce, Marketo or Mautic directly instead of importing exports by hand.' : ' An admin can connect HubSpot, Salesforce, Marketo or Mautic here.'}
        </p>
      )}
      <div className="connector-list">
        {connectors?.map((connector) => (
          <ConnectorCard
            key={connector.id}
            connector={connector}
            admin={admin}
            now={now}
            onChanged={changed}
            onRunStarted={(started) => {
              setWatched((current) => ({ ...current, [started.id]: { before: started.lastRun?.startedAt ?? null, at: Date.now(), name: started.name } }));
              changed(`${started.name} is running: its progress shows below.`);
            }}
          />
        ))}
      </div>
    </main>
  );
}
