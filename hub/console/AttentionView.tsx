/**
 * What marketing should look at now: approved content that expires within 30 days, approved content
 * no rep used in 90 days, and what reps asked for and did not find, by segment, each with
 * "write a message for this".
 */
import { ATTENTION_EXPIRING_DAYS, ATTENTION_UNUSED_DAYS, type AttentionResponse, type ContentItem } from '../../lib/contract';
import { api } from './api';
import { useLoad } from './hooks';
import { CappedItemTable } from './ItemTable';
import { useConsole } from './store';
import { formatDay, STRINGS } from './strings';

type RequestGroup = AttentionResponse['requests'][number];

/** The request text without the segment the sidebar appends ("… [persona=finance, industry=Logistics]"). */
function requestText(request: string): string {
  return request.replace(/\s*\[[^\]]*=[^\]]*\]\s*$/, '').trim();
}

export function AttentionView() {
  const navigate = useConsole((state) => state.navigate);
  const attention = useLoad(() => api.attention(), 'attention');
  const data = attention.data;
  const split = (items: ContentItem[] | undefined, kind: 'message' | 'asset') => (items ?? []).filter((item) => item.kind === kind) as ContentItem[];

  const writeFor = (group: RequestGroup) => {
    const known = (value: string) => (value && value !== 'unknown' ? [value] : undefined);
    const first = group.requests[0] ? requestText(group.requests[0]) : '';
    navigate(
      { view: 'edit', kind: 'message', id: null },
      {
        draft: {
          title: first.slice(0, 120),
          personas: known(group.persona),
          industries: known(group.industry),
          status: 'draft',
          body: `Hi {{first_name}},\n\n\n\n{{rep_name}}`,
        },
      },
    );
  };

  return (
    <main className="view" data-view="attention" aria-busy={attention.loading} aria-labelledby="attention-title">
      <h1 id="attention-title">{STRINGS.views.attention}</h1>
      {attention.error && (
        <p className="status error" role="alert">
          {attention.error}
        </p>
      )}
      <section className="card" aria-labelledby="expiring-title">
        <h2 id="expiring-title">Expiring in the next {ATTENTION_EXPIRING_DAYS} days</h2>
        <p className="hint">Approved content reps stop seeing when its validity ends. Extend it, or approve what replaces it.</p>
        {(['message', 'asset'] as const).map((kind) => (
          <CappedItemTable
            key={kind}
            kind={kind}
            items={split(data?.expiring, kind)}
            caption={kind === 'message' ? 'Messages' : 'Assets'}
            empty={attention.loading ? 'Loading…' : `No ${kind}s expire in the next ${ATTENTION_EXPIRING_DAYS} days.`}
          />
        ))}
      </section>
      <section className="card" aria-labelledby="unused-title">
        <h2 id="unused-title">Approved, but no rep used it in {ATTENTION_UNUSED_DAYS} days</h2>
        <p className="hint">Not copied, inserted, opened or sent by anyone. Retire it, or tell reps why it matters.</p>
        {(['message', 'asset'] as const).map((kind) => (
          <CappedItemTable
            key={kind}
            kind={kind}
            items={split(data?.unused, kind)}
            caption={kind === 'message' ? 'Messages' : 'Assets'}
            empty={attention.loading ? 'Loading…' : `Every approved ${kind} was used.`}
          />
        ))}
      </section>
      <section className="card" aria-labelledby="requests-title">
        <h2 id="requests-title">What reps asked for and did not find</h2>
        <p className="hint">Their “missing something?” requests of the last {ATTENTION_UNUSED_DAYS} days, by the segment of the prospect they were looking at.</p>
        {data && data.requests.length === 0 && <p className="hint">No requests in this period.</p>}
        <ul className="requests">
          {(data?.requests ?? []).map((group, index) => (
            <li key={group.segment} data-testid="request-group">
              <div className="request-head">
                <strong id={`request-${index}`}>{group.segment.replaceAll('unknown', 'any')}</strong>
                <span className="hint">
                  {group.count} request{group.count === 1 ? '' : 's'}, last {formatDay(group.lastAt)}
                </span>
                <button type="button" className="secondary" data-testid="write-for-request" aria-describedby={`request-${index}`} onClick={() => writeFor(group)}>
                  Write a message for this
                </button>
              </div>
              <ul>
                {group.requests.slice(0, 5).map((text, index) => (
                  <li key={index}>{requestText(text)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
