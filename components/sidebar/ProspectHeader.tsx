import type { ProspectContext } from '../../lib/contract';
import { useSidebarStore } from './store';
import { CUE, MATCH_LABELS } from './strings';
import { initials } from '../shared/format';

export function ProspectHeader({ context }: { context: ProspectContext }) {
  const { prospect, matchedBy, matchedValue, alsoMatched } = context;
  const select = useSidebarStore((store) => store.select);
  return (
    <header className="prospect" aria-label="Prospect">
      <div className="avatar" aria-hidden="true">
        {initials(prospect.name, prospect.email)}
      </div>
      <div className="prospect-text">
        <h1 data-testid="prospect-name" className="prospect-name" dir="auto">
          {prospect.name || prospect.email}
        </h1>
        {prospect.title && (
          <p className="prospect-title" dir="auto">
            {prospect.title}
          </p>
        )}
        <p className="prospect-company" data-testid="prospect-company" dir="auto">
          {prospect.company ?? ''}
        </p>
        <div className="chips">
          {prospect.stage && (
            <span className="chip chip-stage" data-testid="prospect-stage">
              {prospect.stage}
            </span>
          )}
          {prospect.persona && <span className="chip">{prospect.persona}</span>}
          {prospect.industry && <span className="chip">{prospect.industry}</span>}
        </div>
        <p className="match" title={matchedValue}>
          {MATCH_LABELS[matchedBy]}
          {context.fromHub && (
            // Issue 17: quiet, beside how the page matched — outside the territory, answered by the hub.
            <span className="from-hub" data-testid="from-hub" title={CUE.fromHubTitle(context.fromHub.at)}>
              {' · '}
              {CUE.fromHub}
            </span>
          )}
        </p>
        {alsoMatched.length > 0 && (
          // Cuecard never creates or merges records: with duplicates, the rep says which one it is.
          <div className="also-matched" role="group" aria-label={CUE.alsoMatched(alsoMatched.length)}>
            <p>{CUE.alsoMatched(alsoMatched.length)}</p>
            {alsoMatched.map((other) => (
              <button key={other.id} type="button" className="quiet" data-testid="match-candidate" data-prospect-id={other.id} onClick={() => void select(other.id)}>
                {[other.name || other.email, other.title, other.company].filter(Boolean).join(' · ')}
              </button>
            ))}
          </div>
        )}
      </div>
    </header>
  );
}
