/** The rep's own email: finds the leads marketing hands them (prospect `owner`) when no hub says who they are. */
import { useEffect, useState } from 'react';
import { request } from '../../lib/messaging/client';
import type { PublicSettings } from '../../lib/contract';
import { LOCKED_HINT } from './HubPanel';

export function LeadsPanel({ settings, onSaved }: { settings?: PublicSettings; onSaved(next: PublicSettings): void }) {
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  useEffect(() => setEmail(settings?.settings.repEmail ?? ''), [settings?.settings.repEmail]);
  const locked = settings?.locked.includes('repEmail') ?? false;

  const save = async () => {
    try {
      const next = await request({ type: 'settings:save', patch: { repEmail: email.trim() } });
      onSaved(next);
      setMessage({ text: next.settings.repEmail ? `Your leads are the ones marketing hands to ${next.settings.repEmail}.` : 'No email set.', error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  return (
    <section className="card" aria-labelledby="leads-heading">
      <h2 id="leads-heading">Your leads</h2>
      <form
        className="domains"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label htmlFor="rep-email">Your work email (the lead owner marketing hands leads to)</label>
        <p className="hint">
          Cuecard lists the leads waiting for you in its toolbar popup. Connected to a hub, it asks the hub who you are; this address is used without a hub, or when the hub has no email for you.
        </p>
        <input
          id="rep-email"
          data-testid="rep-email"
          type="email"
          autoComplete="email"
          value={email}
          placeholder="you@yourcompany.com"
          disabled={!settings || locked}
          onChange={(event) => setEmail(event.target.value)}
        />
        <button type="submit" data-testid="save-rep-email" disabled={!settings || locked}>
          Save email
        </button>
        {locked && <small className="locked">{LOCKED_HINT}</small>}
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'status error' : 'status'} data-testid="rep-email-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
