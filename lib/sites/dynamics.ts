/**
 * Dynamics 365 adapter: Unified Interface (UCI) record forms of contacts, leads and accounts.
 *
 * Invariants:
 * - URL parsing is pure and lives in the exported functions; nothing else parses Dynamics URLs.
 *   The record is in the query string of `main.aspx`, which the UCI rewrites with pushState on
 *   every navigation: the URL, not the DOM, says which record is in focus.
 * - Fields are read by the UCI's `data-id="<attribute>.fieldControl-…"` hooks, matched EXACTLY:
 *   quick-view forms (the parent account's card on a contact) prefix the same names.
 * - Field inputs are React-controlled: the value is the input's `value` property, which the
 *   `value` attribute does not reflect.
 * - detect() never throws; all selectors are in this file, each alternative with its reason.
 */
import type { ProspectRef } from '../contract';
import { normalizeDomain } from '../match/keys';
import { cleanText, emailIn, firstVisible, neverThrows, shownValue } from './dom';
import type { Detection, SiteAdapter, UrlRecord } from './types';

export type DynamicsEntity = 'contact' | 'lead' | 'account';

export interface DynamicsRecordLocation {
  /** Entity logical name as in `etn` (`contact`, `lead`, `account`, `opportunity`, `new_foo`), lowercase. */
  entity: string;
  /** The record GUID: lowercase, no braces. */
  recordId: string;
}

/** Legacy `etc` object type codes of the entities Cuecard reads (system entities, fixed codes). */
const ENTITY_TYPE_CODES: Readonly<Record<string, DynamicsEntity>> = { '1': 'account', '2': 'contact', '4': 'lead' };

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * Dataverse regions (`<org>.crmN.dynamics.com`): crm = North America, crm2 South America, crm3
 * Canada, crm4 EMEA, crm5 Asia Pacific, crm6 Oceania, crm7 Japan, crm8 India, crm9 US government,
 * crm11 UK, crm12 France, crm14 South Africa, crm15 UAE, crm16 Germany, crm17 Switzerland,
 * crm19 Norway, crm20 Singapore, crm21 Korea. Listed, not `*.dynamics.com` (every other Dynamics
 * and Microsoft property under it): least privilege; a new region needs a release.
 */
export const DYNAMICS_CRM_REGIONS = ['crm', 'crm2', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm20', 'crm21'] as const;

export function isDynamicsHost(url: URL): boolean {
  return url.protocol === 'https:' && /^[a-z0-9][a-z0-9-]*\.crm\d{0,2}\.dynamics\.com$/.test(url.hostname.toLowerCase());
}

/**
 * The record a Dynamics URL shows, or null for views, dashboards and new-record forms.
 * `…/main.aspx?appid=…&pagetype=entityrecord&etn=contact&id=%7B<GUID>%7D` — parameter names and
 * values in any case, braces optional (encoded or not), `etc=<code>` instead of `etn` in old links.
 */
export function parseDynamicsUrl(url: URL): DynamicsRecordLocation | null {
  if (!/\/main\.aspx$/i.test(url.pathname)) return null;
  const params = new Map<string, string>();
  url.searchParams.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!params.has(name)) params.set(name, value.trim());
  });
  if (params.get('pagetype')?.toLowerCase() !== 'entityrecord') return null;
  const entity = params.get('etn')?.toLowerCase() || ENTITY_TYPE_CODES[params.get('etc') ?? ''];
  const guid = GUID.exec(params.get('id') ?? '')?.[1];
  if (!entity || !/^[a-z][a-z0-9_]*$/.test(entity) || !guid) return null;
  return { entity, recordId: guid.toLowerCase() };
}

function isSupportedEntity(entity: string): entity is DynamicsEntity {
  return entity === 'contact' || entity === 'lead' || entity === 'account';
}

/** The record a URL shows when it is one Cuecard reads (contact, lead, account). */
export function parseDynamicsRecordUrl(url: URL): UrlRecord | null {
  const location = parseDynamicsUrl(url);
  return location && isSupportedEntity(location.entity) ? { objectType: location.entity, recordId: location.recordId } : null;
}

// ---------------------------------------------------------------------------------------------
// Reading the page

const control = (attribute: string, kind: string) => `[data-id="${attribute}.fieldControl-${kind}"]`;

const EMAIL_SELECTORS = [
  control('emailaddress1', 'mail-text-input'), // Email control (input type=email), UCI default
  control('emailaddress1', 'text-box-text'), // same attribute shown with the plain text control
  // Any other control of the attribute (link controls, custom PCF controls): the prefix, never a
  // substring, which would match the parent account's quick view (`contactquickform_…`)
  '[data-id^="emailaddress1.fieldControl-"]',
];
const NAME_SELECTORS = ['h1[data-id="header_title"]', '[data-id="header_title"]'];
const CONTACT_COMPANY_SELECTORS = [
  // Company Name lookup (parentcustomerid): the selected record's tag
  '[data-id="parentcustomerid.fieldControl-LookupResultsDropdown_parentcustomerid_selected_tag_text"]',
  '[data-id="parentcustomerid.fieldControl-LookupResultsDropdown_parentcustomerid_SelectedRecordList"] li',
];
const LEAD_COMPANY_SELECTORS = [control('companyname', 'text-box-text')];
const ACCOUNT_NAME_SELECTORS = [control('name', 'text-box-text')];
const WEBSITE_SELECTORS = [control('websiteurl', 'url-text-input'), control('websiteurl', 'text-box-text')];
/** Any field control: the form body has rendered. */
const FORM_FIELD_SELECTOR = '[data-id*=".fieldControl-"]';
const LOADING_SELECTORS = ['[data-id="form-loading-overlay"]', '[role="progressbar"]', '[aria-busy="true"]'];
/** "Record Is Unavailable": the UCI's error dialog instead of a form. */
const ERROR_VIEW_SELECTORS = ['[data-id="errorDialog"]', '[data-id="errorDialogdialog"]', '[role="alertdialog"]'];
/** Forms over the page that are not the record in focus: quick create, "open in dialog". */
const OVERLAY_FORMS = '[data-id="quickCreateRoot"], [data-id="quickCreate"], [role="dialog"]';

const inOverlay = (el: Element) => el.closest(OVERLAY_FORMS) !== null;
const field = (doc: Document, selectors: readonly string[]) => firstVisible(doc, selectors, inOverlay);

/** The UCI shows "---" in empty fields. */
const notEmpty = (value: string | undefined) => (value === '---' ? undefined : value);

/** A field's value (inputs by their live `value` property: see dom.ts shownValue). */
const fieldValue = (el: Element | null) => notEmpty(shownValue(el));

/** The record name: the header title's own text, without the "- Saved" status beside it. */
function recordName(doc: Document): string | undefined {
  const title = field(doc, NAME_SELECTORS);
  if (!title) return undefined;
  const own = Array.from(title.childNodes)
    .filter((node) => node.nodeType === 3)
    .map((node) => node.nodeValue)
    .join(' ');
  return notEmpty(cleanText(own)) ?? notEmpty(cleanText(title.textContent));
}

function detectDynamics(doc: Document, url: URL): Detection | null {
  const location = parseDynamicsUrl(url);
  if (!location || !isSupportedEntity(location.entity)) return null;
  const entity = location.entity;
  const ref: ProspectRef = { emails: [], crm: { system: 'dynamics', objectType: entity, recordId: location.recordId } };
  try {
    const formRendered = field(doc, [FORM_FIELD_SELECTOR]) !== null && field(doc, LOADING_SELECTORS) === null;
    if (!formRendered) return { ref, settled: field(doc, ERROR_VIEW_SELECTORS) !== null };
    const name = recordName(doc);
    if (name) ref.name = name;
    if (entity === 'account') {
      // An account's own email is a shared inbox (info@…), not a person: only name and domain.
      const company = fieldValue(field(doc, ACCOUNT_NAME_SELECTORS)) ?? name;
      if (company) ref.company = company;
      const domain = normalizeDomain(fieldValue(field(doc, WEBSITE_SELECTORS)) ?? '');
      if (domain) ref.domain = domain;
    } else {
      // The first control that holds an address: a prefixed match may be an empty wrapper.
      const email = EMAIL_SELECTORS.map((selector) => emailIn(field(doc, [selector]))).find(Boolean);
      if (email) ref.emails = [email];
      const company = fieldValue(field(doc, entity === 'contact' ? CONTACT_COMPANY_SELECTORS : LEAD_COMPANY_SELECTORS));
      if (company) ref.company = company;
    }
    return { ref, settled: true };
  } catch {
    return { ref: { emails: [], crm: ref.crm }, settled: true };
  }
}

export const dynamics: SiteAdapter = {
  id: 'dynamics',
  hostPatterns: DYNAMICS_CRM_REGIONS.map((region) => `https://*.${region}.dynamics.com/*`),
  matchesHost: isDynamicsHost,
  parseUrl: parseDynamicsRecordUrl,
  detect: neverThrows(detectDynamics),
};

/*
 * Fixtures:
 * - tests/fixtures/sites/dynamics/app.html — one UCI shell (Sales Hub) serving every
 *   `https://<org>.crm.dynamics.com/main.aspx?…` and `…crm4.dynamics.com` URL. It imitates:
 *   - `pagetype=entityrecord&etn=contact&id=%7B…%7D` for Dana (upper-case GUID in braces in the
 *     recent-records link), Marcus and Tom (in no workspace): header title with "- Saved", owner
 *     in the header, parentcustomerid lookup, React-controlled email input (no value attribute),
 *     the parent account's quick view with the account's own email, a timeline with another
 *     correspondent, and the signed-in user's address in the Microsoft account control;
 *   - `etn=lead` (Priya, companyname) and `etn=account` (Northwind Logistics: websiteurl,
 *     general email, Contacts subgrid with Dana's and Marcus's addresses);
 *   - an unknown GUID ("Record Is Unavailable" error dialog), `pagetype=entitylist` (grid full of
 *     emails) and a dashboard;
 *   - in-app navigation that rewrites the query string by pushState, the form rendering ~400 ms late.
 * - tests/fixtures/sites/dynamics/contact-email-link-control.html — Dana's form with the email in
 *   a mail link control: found by the `emailaddress1.fieldControl-` prefix, not the quick view.
 * - tests/unit/sites/dynamics.test.ts — URL shapes (braces, encodings, case, `etc` codes, regional
 *   hosts, views, dashboards, new-record forms) and detect() on the fixture and the variant.
 * Not proven by a fixture: multi-session apps (Customer Service workspace tabs), forms opened in
 *   dialogs or the side pane, business process flow stages, the legacy web client, sovereign
 *   clouds (`crm.microsoftdynamics.us`, `crm.dynamics.cn`).
 */
