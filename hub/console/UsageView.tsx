/** The marketing dashboard on the hub: filled in once the extension's dashboard parts are shared. */
import { STRINGS } from './strings';

export function UsageView() {
  return (
    <main className="view" data-view="usage" aria-busy={false} aria-labelledby="usage-title">
      <h1 id="usage-title">{STRINGS.views.usage}</h1>
    </main>
  );
}
