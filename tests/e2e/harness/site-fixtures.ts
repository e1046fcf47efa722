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

export const FIXTURE_SITES: Record<string, FixtureSite> = {
  salesforce: {
    test: (url) => /\.lightning\.force\.com$/.test(url.hostname) || /\.my\.salesforce\.com$/.test(url.hostname),
    // Lightning is a single-page app: every /lightning/ URL serves the same shell.
    respond: () => html(read('salesforce', 'app.html')),
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
export const FIXTURE_URL_PATTERNS = ['https://*.lightning.force.com/**', 'https://*.my.salesforce.com/**'];

export const SALESFORCE_ORG = 'https://northwind-demo.lightning.force.com';
export const salesforceRecordUrl = (objectType: string, id: string) => `${SALESFORCE_ORG}/lightning/r/${objectType}/${id}/view`;
