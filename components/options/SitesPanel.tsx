/** Where Cuecard runs (per site) and which email domains are the rep's own (never prospects). */
import { useEffect, useState } from 'react';
import { request } from '../../lib/messaging/client';
import { SITE_LABELS, type PublicSettings } from '../../lib/contract';
import { LOCKED_HINT } from './HubPanel';

const SITES = Object.entries(SITE_LABELS) as [keyof typeof SITE_LABELS, string][];

/** "acme.com, acme.co.uk\nmail.acme.com" → ["acme.com", "acme.co.uk", "mail.acme.com"]. */
export function parseDomains(text: string): string[] {
  const domains = text
    .split(/[\s,;]+/)
    .map((item) => item.trim().toLowerCase().replace(/^@/, ''))
    .filter((item) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(item));
  return [...new Set(domains)];
}

export function SitesPanel({ settings, onSaved }: { settings?: PublicSettings; onSaved(next: PublicSettings): void }) {
  const [domains, setDomains] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  useEffect(() => setDomains((settings?.settings.ownEmailDomains ?? []).join(', ')), [settings?.settings.ownEmailDomains]);
  const disabled = settings?.settings.disabledSites ?? [];
  const sitesLocked = settings?.locked.includes('disabledSites') ?? false;
  const domainsLocked = settings?.locked.includes('ownEmailDomains') ?? false;

  const save = async (patch: { disabledSites?: string[]; ownEmailDomains?: string[] }, done: string) => {
    try {
      onSaved(await request({ type: 'settings:save', patch }));
      setMessage({ text: done, error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  return (
    <section className="card" aria-labelledby="sites-heading">
      <h2 id="sites-heading">Where Cuecard runs</h2>
      <fieldset className="sites" disabled={!settings || sitesLocked}>
        <legend className="hint">Show the sidebar on:</legend>
        {SITES.map(([id, label]) => (
          <label key={id}>
            <input
              type="checkbox"
              data-testid={`site-enabled-${id}`}
              checked={!disabled.includes(id)}
              onChange={(event) => {
                const next = event.target.checked ? disabled.filter((site) => site !== id) : [...disabled, id];
                void save({ disabledSites: next }, `${label}: ${event.target.checked ? 'on' : 'off'}. Open pages follow at once.`);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {sitesLocked && <small className="locked">{LOCKED_HINT}</small>}
      <form
        className="domains"
        onSubmit={(event) => {
          event.preventDefault();
          const list = parseDomains(domains);
          void save({ ownEmailDomains: list }, list.length ? `Your domains: ${list.join(', ')}.` : 'No extra domains.');
        }}
      >
        <label htmlFor="own-domains">Your company’s email domains (never shown as prospects in Gmail and Outlook)</label>
        <p className="hint">Your own address and domain are recognised on the page; add the others your colleagues write from.</p>
        <input id="own-domains" data-testid="own-domains" type="text" value={domains} placeholder="acme.com, acme.co.uk" disabled={!settings || domainsLocked} onChange={(event) => setDomains(event.target.value)} />
        <button type="submit" disabled={!settings || domainsLocked}>
          Save domains
        </button>
        {domainsLocked && <small className="locked">{LOCKED_HINT}</small>}
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'status error' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
