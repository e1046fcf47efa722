/** The change log: who changed what and when, newest first (content and imports; users for admins). */
import { useState } from 'react';
import type { AuditEntry } from '../../lib/contract';
import { api } from './api';
import { useLoad } from './hooks';
import { useConsole } from './store';
import { describeAction, formatWhen, STRINGS } from './strings';
import { ViewLink } from './ViewLink';

type Filter = 'all' | 'content' | 'users' | 'connectors';

function Target({ entry }: { entry: AuditEntry }) {
  if ((entry.targetKind === 'message' || entry.targetKind === 'asset') && entry.action !== 'item_deleted') {
    return <ViewLink route={{ view: 'edit', kind: entry.targetKind, id: entry.targetId }}>{`${entry.targetKind} ${entry.targetId}`}</ViewLink>;
  }
  if (entry.targetKind === 'import') return <>a {entry.targetId} file</>;
  // The note names the connector; a removed one has no page, the others link to the list.
  if (entry.targetKind === 'connector') return entry.action === 'connector_removed' ? null : <ViewLink route={{ view: 'connectors' }}>connectors</ViewLink>;
  return <>{`${entry.targetKind} ${entry.targetId}`}</>;
}

export function ChangesView() {
  const role = useConsole((state) => state.user?.role);
  const [filter, setFilter] = useState<Filter>('all');
  const [older, setOlder] = useState<{ filter: Filter; entries: AuditEntry[]; cursor: number | null }>();
  const log = useLoad(() => api.audit({ kind: filter, limit: 50 }), filter);
  const extra = older?.filter === filter ? older : undefined;
  const entries = [...(log.data?.entries ?? []), ...(extra?.entries ?? [])];
  const cursor = extra ? extra.cursor : (log.data?.cursor ?? null);
  const more = async () => {
    if (cursor === null) return;
    const page = await api.audit({ kind: filter, limit: 50, cursor });
    setOlder({ filter, entries: [...(extra?.entries ?? []), ...page.entries], cursor: page.cursor });
  };
  return (
    <main className="view" data-view="changes" aria-busy={log.loading} aria-labelledby="changes-title">
      <h1 id="changes-title">{STRINGS.views.changes}</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Show
          <select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
            <option value="all">Everything</option>
            <option value="content">Content and imports</option>
            {role === 'admin' && <option value="users">Users</option>}
            <option value="connectors">Connectors</option>
          </select>
        </label>
      </form>
      {log.error && (
        <p className="status error" role="alert">
          {log.error}
        </p>
      )}
      <section className="card">
        {entries.length === 0 && !log.loading && <p className="hint">Nothing changed yet.</p>}
        <ol className="history" data-testid="change-log">
          {entries.map((entry) => (
            <li key={entry.id} data-testid="change-entry">
              <span className="when">{formatWhen(entry.at)}</span> <strong>{entry.actor?.name ?? 'The command line'}</strong> {describeAction(entry)}
              {entry.targetKind !== 'import' && entry.targetKind !== 'user' && !(entry.targetKind === 'connector' && entry.action === 'connector_removed') && (
                <>
                  {' — '}
                  <Target entry={entry} />
                </>
              )}
              {entry.version !== null && <span className="chip">v{entry.version}</span>}
            </li>
          ))}
        </ol>
        {cursor !== null && (
          <button type="button" className="secondary" onClick={() => void more()}>
            Show older changes
          </button>
        )}
      </section>
    </main>
  );
}
