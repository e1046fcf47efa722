/**
 * Writing and editing a message or asset: every field of the contract, a live preview of a message
 * filled for a sample prospect with warnings for unknown variables and avoided phrases, approve,
 * retire and "replaced by", and the item's change history. Each save is a new version that reps
 * receive at their next sync; a save from an older version is refused by the hub and said so.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Asset, AuditEntry, ContentItem, Message, Prospect } from '../../lib/contract';
import { findAvoidPhrases } from '../../lib/recommend/avoid-phrases';
import { fillTemplate, firstName, lastName, TEMPLATE_FALLBACKS, TEMPLATE_VARIABLES, type TemplateVariable } from '../../lib/recommend/fill-template';
import { api, ConsoleApiError } from './api';
import { buildRow, formFrom, newItemId, type EditorForm } from './editor-form';
import { Field } from './Field';
import { useLoad } from './hooks';
import { StatusChip, validityText } from './ItemTable';
import type { ContentKind } from './routes';
import { useConsole, type Draft } from './store';
import { describeAction, formatWhen } from './strings';
import { ViewLink } from './ViewLink';

const SAVED_FOR_REPS: Record<EditorForm['status'], string> = {
  approved: 'Reps get it at their next sync.',
  draft: 'Reps do not see drafts.',
  retired: 'Reps stop seeing it at their next sync.',
};

/** Shown when the workspace has no prospect to preview with. */
const SAMPLE_PROSPECT: Prospect = { id: 'sample', email: 'dana.whitfield@example.com', name: 'Dana Whitfield', title: 'Chief Financial Officer', company: 'Northwind Logistics', persona: 'finance' };

function Preview({ form, userName }: { form: EditorForm; userName: string }) {
  const persona = form.personas.split(',')[0]?.trim();
  const prospects = useLoad(
    async () => {
      const fitting = persona ? (await api.listItems('prospect', { persona, limit: '8' })).items : [];
      const any = fitting.length > 0 ? fitting : (await api.listItems('prospect', { limit: '8' })).items;
      return any.map((item) => item.data as Prospect);
    },
    persona ?? '',
  );
  const [chosen, setChosen] = useState('');
  const options = prospects.data && prospects.data.length > 0 ? prospects.data : [SAMPLE_PROSPECT];
  const prospect = options.find((option) => option.id === chosen) ?? options[0]!;
  const values: Partial<Record<TemplateVariable, string | undefined>> = {
    first_name: firstName(prospect.name),
    last_name: lastName(prospect.name),
    company: prospect.company,
    title: prospect.title,
    rep_name: userName,
  };
  const filled = fillTemplate(form.body, values);
  const phrases = form.avoidPhrases.split('\n').map((phrase) => phrase.trim()).filter(Boolean);
  const avoided = phrases.length > 0 ? findAvoidPhrases(form.body, [{ id: 'self', phrases }]) : [];
  const missing = filled.missing.filter((name) => !filled.unknown.includes(name));
  return (
    <section className="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <label>
        Preview for
        <select value={prospect.id} onChange={(event) => setChosen(event.target.value)}>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name ?? option.email}
              {option.title ? `, ${option.title}` : ''}
              {option.company ? ` (${option.company})` : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="filled" data-testid="preview-text" aria-live="polite">
        {filled.text || <span className="hint">The body is empty.</span>}
      </div>
      <ul className="warnings" data-testid="preview-warnings">
        {filled.unknown.map((name) => (
          <li key={`u:${name}`} className="warning">
            {`{{${name}}}`} is not a variable Cuecard knows: reps would see it removed. Known: {TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.
          </li>
        ))}
        {missing.map((name) => (
          <li key={`m:${name}`} className="hint">
            {`{{${name}}}`} has no value for this prospect: reps see {TEMPLATE_FALLBACKS[name as TemplateVariable] ? `“${TEMPLATE_FALLBACKS[name as TemplateVariable]}”` : 'nothing'} there.
          </li>
        ))}
        {avoided.map((match) => (
          <li key={`a:${match.phrase}`} className="warning">
            The body uses “{match.phrase}”, a phrase this message asks reps to avoid.
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ entries }: { entries: AuditEntry[] }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Change history</h2>
      {entries.length === 0 ? (
        <p className="hint">No changes made in the console yet: this item came from an import.</p>
      ) : (
        <ol className="history" data-testid="item-history">
          {entries.map((entry) => (
            <li key={entry.id}>
              <span className="when">{formatWhen(entry.at)}</span> {entry.actor?.name ?? 'The command line'} {describeAction(entry)}
              {entry.version !== null && <span className="chip">v{entry.version}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ItemEditor({ kind, id }: { kind: ContentKind; id: string | null }) {
  const { navigate, say, draft, user } = useConsole();
  const loaded = useLoad(async () => (id === null ? null : (await api.getItem(kind, id)).item as ContentItem), `${kind}:${id}`);
  const history = useLoad(async () => (id === null ? [] : (await api.itemHistory(kind, id)).entries), `${kind}:${id}:${loaded.data?.seq ?? 0}`);
  const replacements = useLoad(async () => (await api.listItems(kind, { status: 'approved', limit: '200' })).items as ContentItem[], kind);
  const [stored, setStored] = useState<ContentItem | null>(null);
  const [form, setForm] = useState<EditorForm>(() => formFrom(id === null ? draft : undefined));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (loaded.data) {
      setStored(loaded.data);
      setForm(formFrom(loaded.data.data as Draft));
    }
  }, [loaded.data]);

  const set = <K extends keyof EditorForm>(name: K, value: EditorForm[K]) => setForm((current) => ({ ...current, [name]: value }));
  const noun = kind === 'asset' ? 'asset' : 'message';
  const current = stored?.data as (Message & Asset) | undefined;
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(formFrom((current ?? (id === null ? draft : undefined)) as Draft)), [form, current, id, draft]);

  async function save(status?: EditorForm['status']) {
    const next = status ? { ...form, status } : form;
    const itemId = stored?.id ?? id ?? newItemId(kind, next.title);
    const built = buildRow(kind, itemId, next, current as Draft | undefined);
    setProblems(built.problems);
    if (!built.row) {
      setError('Check the fields marked below.');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const answer = await api.saveItem(kind, itemId, built.row);
      const item = answer.item as ContentItem;
      setStored(item);
      setForm(formFrom(item.data as Draft));
      // The new item's own address first: changing the view clears the last notice.
      if (id === null) navigate({ view: 'edit', kind, id: item.id }, { replace: true });
      else history.reload();
      say(answer.changed ? `Saved ${noun} version ${item.data.version ?? 1} (${item.data.status}). ${SAVED_FOR_REPS[item.data.status]}` : 'Nothing changed: the hub already has this version.');
    } catch (reason) {
      setError(reason instanceof ConsoleApiError && reason.code === 'version_conflict' ? `${reason.message}` : `Not saved: ${(reason as Error).message}`);
    } finally {
      setSaving(false);
    }
  }

  if (id !== null && loaded.error && !stored) {
    return (
      <main className="view" data-view="edit" aria-busy={false}>
        <h1>Cannot open this {noun}</h1>
        <p className="status error" role="alert">
          {loaded.error}
        </p>
        <ViewLink route={{ view: 'library', kind }}>Back to the library</ViewLink>
      </main>
    );
  }

  const busy = id !== null && !stored;
  const others = (replacements.data ?? []).filter((item) => item.id !== (stored?.id ?? id));
  const listId = `replacements-${kind}`;
  return (
    <main className="view editor" data-view="edit" aria-busy={busy} aria-labelledby="editor-title">
      <div className="view-head">
        <div>
          <ViewLink route={{ view: 'library', kind }} className="back">
            ← {kind === 'asset' ? 'Assets' : 'Messages'}
          </ViewLink>
          <h1 id="editor-title">
            {id === null ? `New ${noun}` : (current?.title ?? id)} {current && <StatusChip status={current.status} />}
          </h1>
          {current && (
            <p className="hint" data-testid="item-meta">
              Version {current.version ?? 1} · {current.status === 'approved' ? validityText(current) : 'not shown to reps'} · last change {formatWhen(stored?.changedAt)}
              {stored?.changedBy ? ` by ${stored.changedBy}` : ''}
            </p>
          )}
        </div>
      </div>
      {error && (
        <p className="status error" role="alert" data-testid="save-error">
          {error}
        </p>
      )}
      <div className="editor-grid">
        <form
          className="card fields"
          aria-label={`${noun} fields`}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <Field label="Title" problem={problems.title}>
            {({ id, describedBy, invalid }) => <input id={id} value={form.title} onChange={(event) => set('title', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} maxLength={300} />}
          </Field>
          {kind === 'message' ? (
            <Field label="Body" problem={problems.body} hint="Variables: {{first_name}}, {{last_name}}, {{company}}, {{title}}, {{rep_name}}." wide>
              {({ id, describedBy, invalid }) => <textarea id={id} value={form.body} rows={10} onChange={(event) => set('body', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} maxLength={20_000} />}
            </Field>
          ) : (
            <>
              <Field label="Link" problem={problems.url} hint="https only.">
                {({ id, describedBy, invalid }) => <input id={id} type="url" value={form.url} onChange={(event) => set('url', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
              </Field>
              <Field label="Kind" problem={problems.kind} hint="deck, case study, one-pager…">
                {({ id, describedBy, invalid }) => <input id={id} value={form.assetKind} onChange={(event) => set('assetKind', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
              </Field>
            </>
          )}
          <div className="row3">
            <Field label="Personas" problem={problems.personas} hint="Comma-separated; empty = everyone.">
              {({ id, describedBy, invalid }) => <input id={id} value={form.personas} onChange={(event) => set('personas', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label="Industries" problem={problems.industries}>
              {({ id, describedBy, invalid }) => <input id={id} value={form.industries} onChange={(event) => set('industries', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label="Stages" problem={problems.stages}>
              {({ id, describedBy, invalid }) => <input id={id} value={form.stages} onChange={(event) => set('stages', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
          </div>
          {kind === 'asset' && (
            <Field label="Topics" problem={problems.topics} hint="Comma-separated: what the asset is about.">
              {({ id, describedBy, invalid }) => <input id={id} value={form.topics} onChange={(event) => set('topics', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
          )}
          <div className="row3">
            {kind === 'message' && (
              <Field label="Valid from" problem={problems.validFrom}>
                {({ id, describedBy, invalid }) => <input id={id} type="date" value={form.validFrom} onChange={(event) => set('validFrom', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
              </Field>
            )}
            <Field label="Valid until" problem={problems.validUntil} hint="Through the whole day.">
              {({ id, describedBy, invalid }) => <input id={id} type="date" value={form.validUntil} onChange={(event) => set('validUntil', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
            <Field label="Status" problem={problems.status}>
              {({ id, describedBy }) => (
                <select id={id} value={form.status} onChange={(event) => set('status', event.target.value as EditorForm['status'])} aria-describedby={describedBy}>
                  <option value="draft">Draft (reps do not see it)</option>
                  <option value="approved">Approved</option>
                  <option value="retired">Retired</option>
                </select>
              )}
            </Field>
          </div>
          {kind === 'message' && (
            <Field label="Phrases to avoid" problem={problems.avoidPhrases} hint="One per line: reps are warned when their email uses one, and pointed to this message." wide>
              {({ id, describedBy, invalid }) => <textarea id={id} value={form.avoidPhrases} rows={3} onChange={(event) => set('avoidPhrases', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
            </Field>
          )}
          <Field label="Replaced by" problem={problems.replacedBy} hint={`The id of the approved ${noun} reps should use instead.`}>
            {({ id, describedBy, invalid }) => <input id={id} value={form.replacedBy} list={listId} onChange={(event) => set('replacedBy', event.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />}
          </Field>
          <datalist id={listId}>
            {others.map((item) => (
              <option key={item.id} value={item.id}>
                {item.data.title}
              </option>
            ))}
          </datalist>
          <div className="buttons">
            <button type="submit" data-testid="save-item" disabled={saving || busy || (!dirty && id !== null)}>
              {saving ? 'Saving…' : id === null ? `Save ${noun}` : 'Save changes'}
            </button>
            {current?.status !== 'approved' && (
              <button type="button" className="secondary" data-testid="approve-item" disabled={saving || busy} onClick={() => void save('approved')}>
                {id === null ? 'Save and approve' : 'Approve'}
              </button>
            )}
            {current?.status === 'approved' && (
              <button type="button" className="secondary danger" data-testid="retire-item" disabled={saving || busy} onClick={() => void save('retired')}>
                Retire
              </button>
            )}
          </div>
        </form>
        <div className="side">
          {kind === 'message' && <Preview form={form} userName={user?.name ?? ''} />}
          {id !== null && <History entries={history.data ?? []} />}
        </div>
      </div>
    </main>
  );
}
