/**
 * "Leads waiting for you" in the popup: the leads marketing handed this rep that they have not
 * acted on, oldest handover first. A click opens the lead's record in the rep's CRM when Cuecard
 * knows where it is (https only), else copies the lead's email to paste into the CRM's search.
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { WaitingLead, WaitingLeadsView } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { safeHttpsUrl } from '../shared/format';
import { daysAgo } from '../shared/lead-reasons';

const CRM_NAMES: Record<string, string> = { salesforce: 'Salesforce', hubspot: 'HubSpot', pipedrive: 'Pipedrive', dynamics: 'Dynamics 365' };

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function WaitingLeads() {
  const [view, setView] = useState<WaitingLeadsView>();
  const [error, setError] = useState<string>();
  const [said, setSaid] = useState<string>();
  const load = useCallback(() => {
    request({ type: 'leads:waiting' })
      .then((value) => (setView(value), setError(undefined)))
      .catch((reason: Error) => setError(reason.message));
  }, []);
  useEffect(load, [load]);
  // Leads leave the list as the rep acts on them in another tab; re-read when the popup regains focus.
  useEffect(() => {
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, [load]);

  const open = async (lead: WaitingLead) => {
    const url = safeHttpsUrl(lead.crmUrl);
    if (url) {
      await browser.tabs.create({ url });
      setSaid(`Opened ${lead.prospect.name || lead.prospect.email} in ${CRM_NAMES[lead.crmSystem ?? ''] ?? 'your CRM'}.`);
      return;
    }
    const copied = await copy(lead.prospect.email);
    setSaid(
      copied
        ? `Copied ${lead.prospect.email}: paste it into your CRM’s search.`
        : `Could not copy. The address is ${lead.prospect.email}.`,
    );
  };

  if (error) {
    return (
      <p className="status error" role="alert" data-testid="waiting-leads-error">
        {error}
      </p>
    );
  }
  if (!view) return <p className="hint">Reading the leads handed to you…</p>;
  if (!view.repEmail) {
    return (
      <section className="waiting" aria-labelledby="waiting-heading" data-testid="waiting-leads">
        <h2 id="waiting-heading">Leads waiting for you</h2>
        <p className="hint">Cuecard does not know your email yet: connect to your hub, or set your work email in Settings to see the leads marketing hands you.</p>
      </section>
    );
  }
  const now = Date.now();
  return (
    <section className="waiting" aria-labelledby="waiting-heading" data-testid="waiting-leads">
      <h2 id="waiting-heading">
        Leads waiting for you <span className="count">{view.total}</span>
      </h2>
      {view.total === 0 ? (
        <p className="hint">None: you have acted on every lead marketing handed you.</p>
      ) : (
        <ol className="waiting-list">
          {view.leads.map((lead) => {
            const name = lead.prospect.name || lead.prospect.email;
            const crm = safeHttpsUrl(lead.crmUrl) ? CRM_NAMES[lead.crmSystem ?? ''] : undefined;
            return (
              <li key={lead.prospect.id}>
                <button
                  type="button"
                  className="waiting-lead"
                  data-testid="waiting-lead"
                  data-prospect-id={lead.prospect.id}
                  title={crm ? `Open in ${crm}` : `Copy ${lead.prospect.email}`}
                  onClick={() => void open(lead)}
                >
                  <span className="lead-name" dir="auto">
                    {name}
                  </span>
                  <span className="lead-meta" dir="auto">
                    {[lead.prospect.title, lead.prospect.company].filter(Boolean).join(' · ')}
                  </span>
                  <span className="lead-meta">
                    Handed over {daysAgo(lead.handedAt, now)}
                    {lead.source ? ` · ${lead.source}` : ''}
                  </span>
                  <span className="lead-action">{crm ? `Open in ${crm}` : 'Copy email'}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {view.total > view.leads.length && <p className="hint">The oldest {view.leads.length} of {view.total} are shown.</p>}
      <p className="hint" role="status" data-testid="waiting-leads-notice">
        {said ?? ''}
      </p>
    </section>
  );
}
