import type { ProspectContext, TouchType } from '../../lib/contract';
import { TOUCH_TYPE_LABELS } from '../../lib/recommend/labels';

export function TouchCounts({ context }: { context: ProspectContext }) {
  const entries = (Object.entries(context.countsByType) as [TouchType, number][]).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  return (
    <ul className="counts" aria-label="Touches by type">
      {entries.map(([type, count]) => (
        <li key={type}>
          <strong>{count}</strong> {TOUCH_TYPE_LABELS[type]}
        </li>
      ))}
    </ul>
  );
}
