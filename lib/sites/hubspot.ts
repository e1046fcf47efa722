/**
 * HubSpot adapter: CRM record pages of contacts, companies and deals, in the current record URL
 * scheme (`/contacts/<portal>/record/0-1/<id>`) and the legacy one (`/contacts/<portal>/contact/<id>`).
 *
 * Invariants:
 * - URL parsing is pure and lives in the exported functions; nothing else parses HubSpot URLs.
 * - The record id comes from the URL (HubSpot's markup gives no reliable record id); the email is
 *   read from the record's own left sidebar only. The middle pane (activity timeline), the right
 *   sidebar (associations) and preview panels show other people's addresses.
 * - HubSpot renders a record in pieces after the URL changes; until the left sidebar's
 *   properties are there, detect() says `settled: false`.
 * - detect() never throws; all selectors are in this file, each alternative with its reason.
 */
import type { ProspectRef } from '../contract';
import { normalizeDomain } from '../match/keys';
import { emailIn, firstVisible, neverThrows, shownValue, textOf, visibleAll } from './dom';
import type { Detection, SiteAdapter, UrlRecord } from './types';

export type HubSpotObjectType = 'contact' | 'company' | 'deal';

/** Object type ids of the standard objects Cuecard reads (`0-5` ticket, `2-…` custom are not). */
const OBJECT_TYPE_IDS: Readonly<Record<string, HubSpotObjectType>> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
};

export interface HubSpotRecordLocation {
  portalId: string;
  /** `contact`, `company`, `deal`, or the raw object type id of any other object (`0-5`, `2-123`). */
  objectType: HubSpotObjectType | string;
  recordId: string;
}

/**
 * HubSpot's app host per data centre ("Hublet": na1 = app, eu1, na2, na3, ap1 as of 2026). Listed
 * one by one, not `*.hubspot.com`, which would also grant www, blog, knowledge… (least privilege):
 * a new Hublet needs a release that adds it here.
 */
export const HUBSPOT_APP_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-na3.hubspot.com', 'app-ap1.hubspot.com'] as const;

export function isHubSpotHost(url: URL): boolean {
  return url.protocol === 'https:' && /^app(?:-[a-z]{2,4}\d{1,2})?\.hubspot\.com$/.test(url.hostname.toLowerCase());
}

/**
 * The record a HubSpot URL shows, or null for any other page (object index/list views, reports,
 * dashboards, settings).
 * - `/contacts/<portal>/record/<typeId>/<id>` plus tab/sub routes (`/view/1`, `/activity`)
 * - legacy `/contacts/<portal>/(contact|company|deal)/<id>`, which HubSpot still redirects
 */
export function parseHubSpotUrl(url: URL): HubSpotRecordLocation | null {
  const record = /^\/contacts\/(\d+)\/record\/(\d+-\d+)\/(\d+)(?:\/.*)?$/.exec(url.pathname);
  if (record) {
    const [, portalId = '', typeId = '', recordId = ''] = record;
    return { portalId, objectType: OBJECT_TYPE_IDS[typeId] ?? typeId, recordId };
  }
  const legacy = /^\/contacts\/(\d+)\/(contact|company|deal)\/(\d+)\/?$/.exec(url.pathname);
  if (legacy) {
    const [, portalId = '', objectType = '', recordId = ''] = legacy;
    return { portalId, objectType, recordId };
  }
  return null;
}

function isSupportedObject(objectType: string): objectType is HubSpotObjectType {
  return objectType === 'contact' || objectType === 'company' || objectType === 'deal';
}

/** The record a URL shows when it is one Cuecard reads (contact, company, deal). */
export function parseHubSpotRecordUrl(url: URL): UrlRecord | null {
  const location = parseHubSpotUrl(url);
  return location && isSupportedObject(location.objectType) ? { objectType: location.objectType, recordId: location.recordId } : null;
}

// ---------------------------------------------------------------------------------------------
// Reading the page

/** The record's own column: highlight (name, header details) and the "About" properties. */
const LEFT_SIDEBAR_SELECTORS = [
  '[data-test-id="left-sidebar"]', // record page, 2023+ layout
  '[data-scroll-trackable-container="left-sidebar"]', // same column, older wrapper attribute
];
/** Panels that show ANOTHER record over the page (association preview, index inline sidebar). */
const PREVIEW_PANEL_SELECTORS = '[data-selenium-test="sidebar-preview-panel"], [data-test-id="IndexPageInlineSidebar"]';
/** The associations column: the deal's contacts and company live here. */
const RIGHT_SIDEBAR_SELECTORS = ['[data-test-id="records-right-sidebar"]'];

/** The record's name; stable since 2019 (Toggl `content/hubspot.js`, Clockify `integrations/hubspot.js`). */
const TITLE_SELECTOR = '[data-selenium-test="highlightTitle"]';
const HIGHLIGHT_DETAILS = (objectType: HubSpotObjectType) => `[data-selenium-test="${objectType}-highlight-details"]`;
/** The property list under "About this …": every property has `property-input-<internal name>`. */
const PROPERTIES_LIST_SELECTORS = ['[data-selenium-test="profile-properties-list"]', '[data-selenium-test^="property-input-"]'];
const property = (name: string) => `[data-selenium-test="property-input-${name}"]`;
/** Skeleton loaders while a card's data is in flight. */
const LOADING_SELECTORS = ['[data-test-id="skeleton-loader"]', '[aria-busy="true"]'];
/** HubSpot's "this record doesn't exist / was deleted" page: no left sidebar at all. */
const ERROR_VIEW_SELECTORS = ['[data-test-id="record-not-found"]', '[data-test-id="error-page"]', '[role="alert"]'];

const inPreview = (el: Element) => el.closest(PREVIEW_PANEL_SELECTORS) !== null;

/**
 * The record's own column, in fallback order: by its wrapper's test attributes; else the
 * column around the highlight title (the most stable hook HubSpot has): the title's nearest
 * ancestor that holds the property list, or, while the properties are still loading, the
 * highlight block itself. Never the timeline or the associations, which hold no title.
 */
function recordColumn(doc: Document): Element | null {
  const column = firstVisible(doc, LEFT_SIDEBAR_SELECTORS, inPreview);
  if (column) return column;
  const title = firstVisible(doc, TITLE_SELECTOR, inPreview);
  for (let node = title?.parentElement; node && node !== doc.body; node = node.parentElement) {
    if (firstVisible(node, PROPERTIES_LIST_SELECTORS)) return node;
  }
  return title?.parentElement ?? null;
}

function readContact(sidebar: Element, ref: ProspectRef): boolean {
  const email =
    // "About this contact": the Email property, the contact's primary address
    emailIn(firstVisible(sidebar, property('email'))) ??
    // Header under the name: the email with its copy button, when the About card is collapsed
    emailIn(firstVisible(sidebar, HIGHLIGHT_DETAILS('contact')));
  if (email) ref.emails = [email];
  const company = shownValue(firstVisible(sidebar, property('company')));
  if (company) ref.company = company;
  return Boolean(email);
}

function readCompany(sidebar: Element, ref: ProspectRef): boolean {
  const name = shownValue(firstVisible(sidebar, property('name'))) ?? ref.name;
  if (name) ref.company = name;
  const domainSource =
    // "Company domain name": what HubSpot itself uses to associate contacts by email domain
    shownValue(firstVisible(sidebar, property('domain'))) ??
    // "Website URL"
    shownValue(firstVisible(sidebar, property('website'))) ??
    // Header: the domain link under the company name
    firstVisible(sidebar, `${HIGHLIGHT_DETAILS('company')} a[href^="http"]`)?.getAttribute('href') ??
    '';
  const domain = normalizeDomain(domainSource);
  if (domain) ref.domain = domain;
  return Boolean(domain);
}

/** Association cards: contacts (0-1) and companies (0-2) shown beside a deal. */
const associationCard = (typeId: string) => [
  `[data-selenium-test="card-id-ASSOCIATION_TABLE/${typeId}"]`, // associations card, table layout
  `[data-test-id^="card-wrapper-"][data-test-id$="/${typeId}"]`, // card wrapper of the same card
];

function readDeal(doc: Document, ref: ProspectRef): void {
  const right = firstVisible(doc, RIGHT_SIDEBAR_SELECTORS, inPreview);
  if (!right) return;
  const contacts = firstVisible(right, associationCard('0-1'));
  if (contacts) {
    // Each association chicklet holds the contact's name link and, below it, its email.
    const emails = visibleAll(contacts, '[data-selenium-test="contact-chicklet"], li, tr')
      .map((row) => emailIn(row))
      .filter((email): email is string => Boolean(email));
    ref.emails = [...new Set(emails)].slice(0, 10);
  }
  const company =
    textOf(firstVisible(right, '[data-selenium-test="company-chicklet-title-link"]')) ??
    textOf(firstVisible(right, associationCard('0-2').map((card) => `${card} a`)));
  if (company) ref.company = company;
}

function detectHubSpot(doc: Document, url: URL): Detection | null {
  const location = parseHubSpotUrl(url);
  if (!location || !isSupportedObject(location.objectType)) return null;
  const objectType = location.objectType;
  const ref: ProspectRef = { emails: [], crm: { system: 'hubspot', objectType, recordId: location.recordId } };
  // The portal id makes HubSpot record URLs ("open this lead in HubSpot"); the URL always has it.
  if (/^\d{1,20}$/.test(location.portalId)) ref.crm!.portal = location.portalId;
  try {
    const sidebar = recordColumn(doc);
    if (!sidebar) {
      const errorView = firstVisible(doc, ERROR_VIEW_SELECTORS, inPreview) !== null;
      return { ref, settled: errorView };
    }
    const name = textOf(firstVisible(sidebar, TITLE_SELECTOR));
    if (name) ref.name = name;
    const propertiesRendered =
      firstVisible(sidebar, PROPERTIES_LIST_SELECTORS) !== null && firstVisible(sidebar, LOADING_SELECTORS) === null;
    let found = false;
    if (objectType === 'contact') found = readContact(sidebar, ref);
    else if (objectType === 'company') found = readCompany(sidebar, ref);
    else readDeal(doc, ref);
    return { ref, settled: found || propertiesRendered };
  } catch {
    return { ref: { emails: [], crm: ref.crm }, settled: true };
  }
}

export const hubspot: SiteAdapter = {
  id: 'hubspot',
  hostPatterns: HUBSPOT_APP_HOSTS.map((host) => `https://${host}/*`),
  matchesHost: isHubSpotHost,
  parseUrl: parseHubSpotRecordUrl,
  detect: neverThrows(detectHubSpot),
};

/*
 * Fixtures:
 * - tests/fixtures/sites/hubspot/app.html — one HubSpot CRM shell serving every
 *   `https://app.hubspot.com/…` and `https://app-eu1.hubspot.com/…` URL. It imitates:
 *   - `/contacts/4821337/record/0-1/51234001` (Dana), `…/51234002` (Marcus), `…/51234004` (Tom,
 *     not in any workspace), the legacy `/contacts/4821337/contact/51234003` (Priya): left
 *     sidebar with highlightTitle, contact-highlight-details and property-input-* fields; an
 *     activity timeline and associations rendered BEFORE the left sidebar, with other emails;
 *     the rep's own address in the account menu; an association preview panel for Marcus;
 *   - `/contacts/4821337/record/0-2/9100001` (Northwind Logistics: domain, contacts card);
 *   - `/contacts/4821337/record/0-3/7700001` (deal: contacts and company association cards);
 *   - an unknown id (error page, no sidebar), `/contacts/4821337/objects/0-1/views/all/list`
 *     (index page full of emails) and a reports dashboard;
 *   - in-app navigation by pushState, the record rendering ~400 ms late.
 * - tests/fixtures/sites/hubspot/contact-unmarked-sidebar.html — Dana's record column without its
 *   test ids, after the timeline and the associations: found around the highlight title.
 * - tests/unit/sites/hubspot.test.ts — URL shapes (regional hosts, legacy, tickets, custom
 *   objects, index pages) and detect() on the fixture, the variant and a still-loading column.
 * Not proven by a fixture: real HubSpot markup beyond the data-test attributes named above
 * (public extension code and page objects, see the fixture README), the deal's associations
 *   card layout, edit mode of properties, custom objects.
 */
