/** Messages and assets as rows: the library, needs attention and the editor's links all show them alike. */
import { useState } from 'react';
import { daysUntil, validityProblem, type ContentItem } from '../../lib/contract';
import { ViewLink } from './ViewLink';
import { STRINGS, formatDay, formatWhen } from './strings';

/** "Expires in 3 days", "Expired", "Starts 1 Dec": the validity of an item now, in words. */
export function validityText(data: ContentItem['data'], nowMs = Date.now()): string {
  const validFrom = 'validFrom' in data ? data.validFrom : undefined;
  const problem = validityProblem({ status: 'approved', validFrom, validUntil: data.validUntil }, nowMs);
  if (problem === 'expired') return `Expired ${formatDay(data.validUntil)}`;
  if (problem === 'not_yet_valid') return `Starts ${formatDay(validFrom)}`;
  const left = daysUntil(data.validUntil, nowMs);
  if (left === undefined) return 'No end date';
  if (left === 0) return 'Last day today';
  return left <= 30 ? `Expires in ${left} day${left === 1 ? '' : 's'}` : `Until ${formatDay(data.validUntil)}`;
}

export function segmentsText(data: ContentItem['data']): string {
  const parts = [data.personas, data.industries, data.stages].map((list) => (list && list.length > 0 ? list.join(', ') : null)).filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Everyone';
}

export function StatusChip({ status }: { status: string }) {
  return <span className={`chip status-${status}`}>{STRINGS.status[status] ?? status}</span>;
}

/** A long list (hundreds of unused items) starts with its first rows and a button for the rest. */
export function CappedItemTable({ cap = 10, ...props }: Parameters<typeof ItemTable>[0] & { cap?: number }) {
  const [all, setAll] = useState(false);
  const shown = all ? props.items : props.items.slice(0, cap);
  return (
    <>
      <ItemTable {...props} items={shown} caption={props.items.length > shown.length ? `${props.caption}: first ${shown.length} of ${props.items.length}` : props.caption} />
      {props.items.length > shown.length && (
        <button type="button" className="secondary" onClick={() => setAll(true)}>
          Show all {props.items.length}
        </button>
      )}
    </>
  );
}

export function ItemTable({ kind, items, caption, empty }: { kind: 'message' | 'asset'; items: ContentItem[]; caption: string; empty: string }) {
  return (
    <table className="items">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{kind === 'asset' ? 'Asset' : 'Message'}</th>
          <th scope="col">Status</th>
          <th scope="col">Written for</th>
          <th scope="col">Validity</th>
          <th scope="col">Version</th>
          <th scope="col">Last used</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {items.length === 0 && (
          <tr>
            <td colSpan={7} className="empty">
              {empty}
            </td>
          </tr>
        )}
        {items.map((item) => (
          <tr key={`${item.kind}:${item.id}`} data-testid="library-item" data-kind={item.kind} data-id={item.id}>
            <th scope="row">
              <ViewLink route={{ view: 'edit', kind: item.kind, id: item.id }}>{item.data.title || item.id}</ViewLink>
              {item.kind === 'asset' && <span className="sub">{item.data.kind}</span>}
            </th>
            <td>
              <StatusChip status={item.data.status} />
            </td>
            <td className="segments">{segmentsText(item.data)}</td>
            <td>{item.data.status === 'approved' ? validityText(item.data) : '—'}</td>
            <td>{item.data.version ?? '—'}</td>
            <td>{item.lastUsedAt ? formatDay(item.lastUsedAt) : 'Never'}</td>
            <td>
              {formatWhen(item.changedAt)}
              {item.changedBy ? <span className="sub">by {item.changedBy}</span> : <span className="sub">import</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
