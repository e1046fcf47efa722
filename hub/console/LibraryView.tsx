/**
 * The content library: messages and assets, newest change first, searched and filtered on the hub
 * (status, persona, industry, stage, expiring soon, unused in 90 days), a page at a time.
 */
import { useEffect, useState } from 'react';
import { ATTENTION_EXPIRING_DAYS, ATTENTION_UNUSED_DAYS, type ContentItem, type ItemListQuery } from '../../lib/contract';
import { api } from './api';
import { useLoad } from './hooks';
import { ItemTable } from './ItemTable';
import type { ContentKind } from './routes';
import { useConsole } from './store';
import { STRINGS } from './strings';
import { ViewLink } from './ViewLink';

const PAGE = 50;

interface Filters {
  q: string;
  status: '' | 'approved' | 'draft' | 'retired';
  persona: string;
  industry: string;
  stage: string;
  expiring: boolean;
  unused: boolean;
}

const NO_FILTERS: Filters = { q: '', status: '', persona: '', industry: '', stage: '', expiring: false, unused: false };

function toQuery(filters: Filters, cursor?: number): ItemListQuery {
  return {
    q: filters.q.trim() || undefined,
    status: filters.status || undefined,
    persona: filters.persona.trim() || undefined,
    industry: filters.industry.trim() || undefined,
    stage: filters.stage.trim() || undefined,
    expiringWithinDays: filters.expiring ? String(ATTENTION_EXPIRING_DAYS) : undefined,
    unusedForDays: filters.unused ? String(ATTENTION_UNUSED_DAYS) : undefined,
    cursor: cursor === undefined ? undefined : String(cursor),
    limit: String(PAGE),
  };
}

/** Typing settles before the hub is asked: one request per pause, not per key. */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function LibraryView({ kind }: { kind: ContentKind }) {
  const navigate = useConsole((state) => state.navigate);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const settled = useSettled(filters);
  const key = `${kind}:${JSON.stringify(settled)}`;
  const first = useLoad(() => api.listItems(kind, toQuery(settled)), key);
  const [more, setMore] = useState<{ key: string; items: ContentItem[]; cursor: number | null; loading: boolean; error?: string }>();
  const extra = more?.key === key ? more : undefined;
  const items = [...((first.data?.items ?? []) as ContentItem[]), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (first.data?.cursor ?? null);

  const loadMore = async () => {
    if (cursor === null) return;
    setMore({ key, items: extra?.items ?? [], cursor, loading: true });
    try {
      const page = await api.listItems(kind, toQuery(settled, cursor));
      setMore({ key, items: [...(extra?.items ?? []), ...(page.items as ContentItem[])], cursor: page.cursor, loading: false });
    } catch (error) {
      setMore({ key, items: extra?.items ?? [], cursor, loading: false, error: (error as Error).message });
    }
  };

  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => setFilters((current) => ({ ...current, [name]: value }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const noun = kind === 'asset' ? 'assets' : 'messages';

  return (
    <main className="view" data-view="library" aria-busy={first.loading} aria-labelledby="library-title">
      <div className="view-head">
        <h1 id="library-title">{STRINGS.views.library}</h1>
        <div className="buttons">
          <button type="button" data-testid="new-message" onClick={() => navigate({ view: 'edit', kind: 'message', id: null })}>
            New message
          </button>
          <button type="button" className="secondary" data-testid="new-asset" onClick={() => navigate({ view: 'edit', kind: 'asset', id: null })}>
            New asset
          </button>
        </div>
      </div>
      <nav className="tabs" aria-label="Content kind">
        <ViewLink route={{ view: 'library', kind: 'message' }} current={kind === 'message'}>
          Messages
        </ViewLink>
        <ViewLink route={{ view: 'library', kind: 'asset' }} current={kind === 'asset'}>
          Assets
        </ViewLink>
      </nav>
      <form className="filters card" role="search" aria-label={`Filter ${noun}`} onSubmit={(event) => event.preventDefault()}>
        <label className="grow">
          Search
          <input type="search" value={filters.q} onChange={(event) => set('q', event.target.value)} placeholder={kind === 'asset' ? 'Title, kind or link' : 'Title or text'} />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(event) => set('status', event.target.value as Filters['status'])}>
            <option value="">Any</option>
            <option value="approved">Approved</option>
            <option value="draft">Draft</option>
            <option value="retired">Retired</option>
          </select>
        </label>
        <label>
          Persona
          <input value={filters.persona} onChange={(event) => set('persona', event.target.value)} size={12} />
        </label>
        <label>
          Industry
          <input value={filters.industry} onChange={(event) => set('industry', event.target.value)} size={12} />
        </label>
        <label>
          Stage
          <input value={filters.stage} onChange={(event) => set('stage', event.target.value)} size={8} />
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.expiring} onChange={(event) => set('expiring', event.target.checked)} />
          Expiring in {ATTENTION_EXPIRING_DAYS} days
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.unused} onChange={(event) => set('unused', event.target.checked)} />
          Unused in {ATTENTION_UNUSED_DAYS} days
        </label>
        {filtered && (
          <button type="button" className="secondary" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </form>
      {first.error && (
        <p className="status error" role="alert">
          {first.error}
        </p>
      )}
      <section className="card">
        <ItemTable
          kind={kind}
          items={items}
          caption={first.loading && !first.data ? `Loading ${noun}…` : `${items.length}${cursor !== null ? '+' : ''} ${noun}${filtered ? ' matching the filters' : ''}`}
          empty={first.loading ? 'Loading…' : filtered ? `No ${noun} match these filters.` : `No ${noun} yet.`}
        />
        {cursor !== null && (
          <div className="buttons more">
            <button type="button" className="secondary" onClick={() => void loadMore()} disabled={extra?.loading}>
              {extra?.loading ? 'Loading…' : `Show more ${noun}`}
            </button>
          </div>
        )}
        {extra?.error && (
          <p className="status error" role="alert">
            {extra.error}
          </p>
        )}
      </section>
    </main>
  );
}
