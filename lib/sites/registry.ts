import type { SiteAdapter } from './types';
import { salesforce } from './salesforce';
import { hubspot } from './hubspot';
import { pipedrive } from './pipedrive';
import { dynamics } from './dynamics';
import { gmail } from './gmail';
import { outlook } from './outlook';

/**
 * Every adapter, in one list; the content script's matches and the tests read it from here.
 * Labels for the options page live beside SITE_IDS (lib/contract/prospect-ref.ts), so pages can
 * show them without importing the adapters.
 */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [salesforce, hubspot, pipedrive, dynamics, gmail, outlook];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return SITE_ADAPTERS.find((adapter) => adapter.matchesHost(url));
}

export const SUPPORTED_HOST_PATTERNS: string[] = SITE_ADAPTERS.flatMap((adapter) => [...adapter.hostPatterns]);
