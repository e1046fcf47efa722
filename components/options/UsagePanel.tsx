/** Usage sharing consent, with exactly what is collected next to the checkbox (Firefox add-on policy requires the disclosure). */
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { request } from '../../lib/messaging/client';
import { askForUsageCollection, dropUsageCollection, type DataCollectionPermissions } from '../../lib/contract/data-consent';
import type { PublicSettings } from '../../lib/contract';
import { LOCKED_HINT } from './HubPanel';

export const COLLECTED = [
  'which message or asset you copied, inserted or opened (its id and version), and its rank and reasons when it was recommended',
  'when you opened the sidebar, copied a brief or dismissed a recommendation',
  'the time, and the site it happened on (Salesforce, Gmail…)',
  'the prospect’s id in the workspace (never their name, email or anything from the page)',
  'the text of a content request you type (up to 500 characters)',
];

const firefoxPermissions = import.meta.env.FIREFOX ? (browser.permissions as unknown as DataCollectionPermissions) : undefined;
const FIREFOX_DECLINED = 'Firefox did not allow sharing usage data, so usage sharing stays off. Tick the box again to be asked again.';

export function UsagePanel({ settings, onSaved }: { settings?: PublicSettings; onSaved(next: PublicSettings): void }) {
  const [error, setError] = useState<string>();
  const locked = settings?.locked.includes('usageConsent') ?? false;
  // Shown at once (a checkbox that lags behind the click reads as broken), undone if the save fails.
  const [optimistic, setOptimistic] = useState<boolean>();
  const checked = optimistic ?? settings?.settings.usageConsent ?? false;
  const toggle = async (usageConsent: boolean) => {
    setOptimistic(usageConsent);
    try {
      // Firefox asks too (its built-in data consent); the prompt needs this click, so it goes first.
      if (usageConsent && !(await askForUsageCollection(firefoxPermissions))) {
        setError(FIREFOX_DECLINED);
        return;
      }
      if (!usageConsent) await dropUsageCollection(firefoxPermissions);
      onSaved(await request({ type: 'settings:save', patch: { usageConsent } }));
      setError(undefined);
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setOptimistic(undefined);
    }
  };
  return (
    <section className="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage sharing</h2>
      <label className="consent">
        <input data-testid="usage-consent" type="checkbox" checked={checked} disabled={!settings || locked} onChange={(event) => void toggle(event.target.checked)} />
        Share which messages and assets I use with my team’s hub, so marketing knows what works.
      </label>
      {locked && <small className="locked">{LOCKED_HINT}</small>}
      <div className="hint" id="usage-collected">
        What is collected, only after you agree:
        <ul>
          {COLLECTED.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        Never email text, drafts, page content or browsing history. Events are kept in this browser until the hub receives them.
      </div>
      {error && (
        <p role="alert" className="status error">
          {error}
        </p>
      )}
    </section>
  );
}
