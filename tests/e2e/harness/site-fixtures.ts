/**
 * Site fixtures served at the real sites' URLs. One function decides, for any URL, what the
 * "real site" answers; the Chromium and Firefox harnesses both route requests through it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './paths';

export interface FixtureResponse {
  status: number;
  contentType: string;
  body: string;
}

interface FixtureSite {
  /** Matches the URLs this fixture site answers. */
  test(url: URL): boolean;
  respond(url: URL): FixtureResponse;
}

const html = (body: string): FixtureResponse => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
const read = (...parts: string[]) => readFileSync(path.join(FIXTURES, 'sites', ...parts), 'utf8');

export const HOSTILE_ORG = 'https://evil-org.lightning.force.com';

export const FIXTURE_SITES: Record<string, FixtureSite> = {
  // First: the Salesforce entry below would answer this host too. The Salesforce shell with a
  // hostile script in front of Lightning's (tests/fixtures/sites/hostile/README.md).
  hostile: {
    test: (url) => url.hostname === new URL(HOSTILE_ORG).hostname,
    respond: () =>
      html(read('salesforce', 'app.html').replace('<head>', () => `<head>\n<script>\n${read('hostile', 'hostile.js')}\n</script>`)),
  },
  salesforce: {
    test: (url) => /\.lightning\.force\.com$/.test(url.hostname) || /\.my\.salesforce\.com$/.test(url.hostname),
    // Lightning is a single-page app: every /lightning/ URL serves the same shell.
    respond: () => html(read('salesforce', 'app.html')),
  },
  hubspot: {
    test: (url) => /^app(?:-[a-z]+\d+)?\.hubspot\.com$/.test(url.hostname),
    // HubSpot's CRM is one React app: every URL of the app host serves the same shell.
    respond: () => html(read('hubspot', 'app.html')),
  },
  pipedrive: {
    test: (url) => /^[a-z0-9-]+\.pipedrive\.com$/.test(url.hostname) && url.hostname !== 'www.pipedrive.com',
    respond: () => html(read('pipedrive', 'app.html')),
  },
  dynamics: {
    test: (url) => /\.crm\d*\.dynamics\.com$/.test(url.hostname),
    // The UCI routes on the query string of main.aspx; one shell answers every URL.
    respond: () => html(read('dynamics', 'app.html')),
  },
  gmail: {
    test: (url) => url.hostname === 'mail.google.com',
    // Gmail is one app shell at /mail/u/<n>/; the view lives in the hash, which never reaches the server.
    respond: () => html(read('gmail', 'app.html')),
  },
  outlook: {
    test: (url) => ['outlook.office.com', 'outlook.office365.com', 'outlook.live.com', 'outlook.cloud.microsoft'].includes(url.hostname),
    // Outlook on the web routes with pushState: every /mail/ URL serves the same shell.
    respond: () => html(read('outlook', 'app.html')),
  },
};

export function fixtureFor(url: string): FixtureResponse | undefined {
  const parsed = new URL(url);
  for (const site of Object.values(FIXTURE_SITES)) {
    if (site.test(parsed)) return site.respond(parsed);
  }
  return undefined;
}

/** Patterns the harnesses intercept; anything else on the web is refused (no network here). */
export const FIXTURE_URL_PATTERNS = [
  'https://*.lightning.force.com/**',
  'https://*.my.salesforce.com/**',
  'https://*.hubspot.com/**',
  'https://*.pipedrive.com/**',
  'https://*.dynamics.com/**',
  'https://mail.google.com/**',
  'https://outlook.office.com/**',
  'https://outlook.office365.com/**',
  'https://outlook.live.com/**',
  'https://outlook.cloud.microsoft/**',
];

export const SALESFORCE_ORG = 'https://northwind-demo.lightning.force.com';
export const salesforceRecordUrl = (objectType: string, id: string) => `${SALESFORCE_ORG}/lightning/r/${objectType}/${id}/view`;

export const HUBSPOT_APP = 'https://app.hubspot.com';
export const HUBSPOT_PORTAL = '4821337';
export const hubspotRecordUrl = (typeId: '0-1' | '0-2' | '0-3', id: string, app = HUBSPOT_APP) =>
  `${app}/contacts/${HUBSPOT_PORTAL}/record/${typeId}/${id}`;
export const PIPEDRIVE_APP = 'https://northwind-sales.pipedrive.com';
export const DYNAMICS_ORG = 'https://northwind.crm.dynamics.com';
export const DYNAMICS_APP_ID = '0f4c6a2e-3b1d-4c5e-9f7a-8b6d2e1c0a99';
export const dynamicsRecordUrl = (etn: string, id: string, org = DYNAMICS_ORG) =>
  `${org}/main.aspx?appid=${DYNAMICS_APP_ID}&pagetype=entityrecord&etn=${etn}&id=%7B${id}%7D`;
