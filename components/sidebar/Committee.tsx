import type { ProspectSummary } from '../../lib/store/queries';
import { S } from '../../lib/ui/strings';
import { initials } from '../../lib/ui/format';

export function Committee({ people, title = S.committeeTitle }: { people: ProspectSummary[]; title?: string }) {
  if (people.length === 0) return null;
  return (
    <section className="committee" aria-labelledby="committee-title">
      <h2 id="committee-title">
        {title} <span className="count">{people.length}</span>
      </h2>
      <ul>
        {people.map((person) => (
          <li key={person.id} data-testid="committee-member" data-prospect-id={person.id}>
            <span className="avatar small" aria-hidden="true">
              {initials(person.name, person.email)}
            </span>
            <span className="member-text">
              <span className="member-name" dir="auto">
                {person.name || person.email}
              </span>
              <span className="member-title" dir="auto">
                {[person.title, person.stage].filter(Boolean).join(' · ')}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
