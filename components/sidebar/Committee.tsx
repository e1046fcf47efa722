import type { ProspectSummary } from '../../lib/contract';
import { initials, relativeDay } from '../shared/format';
import { useSidebarStore } from './store';
import { CUE, S } from './strings';
import { personaLabel } from '../../lib/recommend/labels';

/** Other people at the company; each opens that person's context in the sidebar. */
export function Committee({ people, title = S.committeeTitle }: { people: ProspectSummary[]; title?: string }) {
  const select = useSidebarStore((s) => s.select);
  if (people.length === 0) return null;
  const now = Date.now();
  return (
    <section className="committee" aria-labelledby="committee-title">
      <h2 id="committee-title">
        {title} <span className="count">{people.length}</span>
      </h2>
      <ul>
        {people.map((person) => {
          const name = person.name || person.email;
          return (
            <li key={person.id} data-testid="committee-member" data-prospect-id={person.id}>
              <button type="button" className="member" onClick={() => void select(person.id)} title={CUE.viewPerson(name)}>
                <span className="avatar small" aria-hidden="true">
                  {initials(person.name, person.email)}
                </span>
                <span className="member-text">
                  <span className="member-name" dir="auto">
                    {name}
                  </span>
                  <span className="member-title" dir="auto">
                    {[person.title, person.persona && personaLabel(person.persona), person.stage].filter(Boolean).join(' · ')}
                  </span>
                  {person.lastTouchAt !== undefined && (
                    <span className="member-title">
                      {CUE.lastTouch} {relativeDay(person.lastTouchAt, now)}
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
