import type { SiteAdapter } from './types';
import { salesforce } from './salesforce';
import { hubspot } from './hubspot';
import { pipedrive } from './pipedrive';
import { dynamics } from './dynamics';
import { createGmailAdapter, gmail } from './gmail';
import { createOutlookAdapter, outlook } from './outlook';

/** Every adapter, in one list; the content script's matches and the tests read it from here. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [salesforce, hubspot, pipedrive, dynamics, gmail, outlook];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return SITE_ADAPTERS.find((adapter) => adapter.matchesHost(url));
}

export const SUPPORTED_HOST_PATTERNS: string[] = SITE_ADAPTERS.flatMap((adapter) => [...adapter.hostPatterns]);

/** Display names, for the options page. */
export const SITE_LABELS: Record<SiteAdapter['id'], string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  dynamics: 'Dynamics 365',
  gmail: 'Gmail',
  outlook: 'Outlook on the web',
};

/**
 * The adapter for a page, told the rep's own email domains (settings) where it matches people
 * by email in mail threads. `ownDomains` is called on every detection: a change applies at once.
 */
export function configuredAdapter(adapter: SiteAdapter, ownDomains: () => readonly string[]): SiteAdapter {
  if (adapter.id === 'gmail') return createGmailAdapter({ ownDomains });
  if (adapter.id === 'outlook') return createOutlookAdapter({ ownDomains });
  return adapter;
}
