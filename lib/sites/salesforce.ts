/**
 * Salesforce adapter: Lightning Experience record pages (Contact, Lead, Account, Opportunity),
 * plus the record id of Classic and pre-Spring '18 `one.app` record URLs.
 *
 * Invariants:
 * - URL parsing is pure and lives in the exported functions below; Salesforce warns that URL
 *   formats may change, so nothing else in the extension parses Salesforce URLs.
 * - The page is read from the ACTIVE record view only. Lightning keeps previously visited pages
 *   in the DOM (hidden `.oneContent` hosts) and console apps keep one per workspace tab, so a
 *   document-wide query finds other records' emails.
 * - detect() never throws: every failure degrades to the record id from the URL.
 * - All selectors are in this file, each alternative with the page shape it is for.
 */
import type { ProspectRef } from '../contract';
import { normalizeDomain, normalizeEmail } from '../match/keys';
import type { Detection, SiteAdapter } from './types';

export const SALESFORCE_OBJECT_TYPES = ['Contact', 'Lead', 'Account', 'Opportunity'] as const;
export type SalesforceObjectType = (typeof SALESFORCE_OBJECT_TYPES)[number];

/** Key prefixes (the first three characters of an id) of the objects Cuecard reads. */
const KEY_PREFIXES: Readonly<Record<string, SalesforceObjectType>> = {
  '001': 'Account',
  '003': 'Contact',
  '006': 'Opportunity',
  '00Q': 'Lead',
};

export interface SalesforceRecordLocation {
  /** API name as Salesforce spells it: `Contact`, `Lead`, or any other object (`Case`, `Foo__c`). */
  objectType: string;
  recordId: string;
  ui: 'lightning' | 'classic';
}

/** 15 (case-sensitive) or 18 alphanumerics with a digit; `000…` ids are not records. */
export function isSalesforceRecordId(value: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value) && /\d/.test(value) && !value.startsWith('000');
}

/** Object of a record id by its key prefix (case-sensitive: `00Q` is Lead, `00q` is not). */
export function objectTypeForRecordId(recordId: string): SalesforceObjectType | undefined {
  return KEY_PREFIXES[recordId.slice(0, 3)];
}

/** `contact` → `Contact` for the objects we know; other API names are kept as written. */
function canonicalObjectType(raw: string): string {
  return SALESFORCE_OBJECT_TYPES.find((type) => type.toLowerCase() === raw.toLowerCase()) ?? raw;
}

const LIGHTNING_HOST_SUFFIXES = [
  '.lightning.force.com', // Lightning Experience, including sandbox/scratch/develop subdomains
  '.lightning.force.com.mcas.ms', // Microsoft Defender for Cloud Apps session proxy
] as const;
const CLASSIC_HOST_SUFFIXES = [
  '.my.salesforce.com', // My Domain: Classic pages, and the login redirect into Lightning
  '.my.salesforce.com.mcas.ms',
] as const;

export function isSalesforceHost(url: URL): boolean {
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return [...LIGHTNING_HOST_SUFFIXES, ...CLASSIC_HOST_SUFFIXES].some((suffix) => host.endsWith(suffix));
}

/**
 * The record a Salesforce URL shows, or null for any other page (list views, home, setup,
 * related-list pages, edit/clone actions).
 *
 * - `/lightning/r/Contact/003…/view` (the action may be missing: Lightning redirects to it)
 * - `/lightning/r/003…/view` (no object: inferred from the key prefix)
 * - `/one/one.app#/sObject/003…/view` and the older base64 hash of `one.app` (pre Spring '18)
 * - Classic: `https://<org>.my.salesforce.com/003…`
 */
export function parseSalesforceUrl(url: URL): SalesforceRecordLocation | null {
  const path = url.pathname.replace(/\/+$/, '');

  const lightning = /^\/lightning\/r\/(?:([A-Za-z][A-Za-z0-9_]*)\/)?([a-zA-Z0-9]{15,18})(?:\/(view))?$/.exec(path);
  if (lightning) {
    const [, rawObject, recordId = ''] = lightning;
    return recordLocation(rawObject, recordId, 'lightning');
  }

  if (path === '/one/one.app') {
    const hash = url.hash.replace(/^#/, '');
    // Pre-2018 hash routes: `#/sObject/<id>/view`.
    const sObject = /^\/sObject\/([a-zA-Z0-9]{15,18})(?:\/view)?\/?$/.exec(hash);
    if (sObject) return recordLocation(undefined, sObject[1] ?? '', 'lightning');
    // Older still: base64 JSON `{"componentDef":"one:recordHome","attributes":{"recordId":"…"}}`.
    const recordId = recordIdFromBase64Hash(hash);
    if (recordId) return recordLocation(undefined, recordId, 'lightning');
    return null;
  }

  if (CLASSIC_HOST_SUFFIXES.some((suffix) => url.hostname.toLowerCase().endsWith(suffix))) {
    const classic = /^\/([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$/.exec(path);
    if (classic) return recordLocation(undefined, classic[1] ?? '', 'classic');
  }
  return null;
}

function recordLocation(
  rawObject: string | undefined,
  recordId: string,
  ui: SalesforceRecordLocation['ui'],
): SalesforceRecordLocation | null {
  if (!isSalesforceRecordId(recordId)) return null;
  const objectType = rawObject ? canonicalObjectType(rawObject) : objectTypeForRecordId(recordId);
  return objectType ? { objectType, recordId, ui } : null;
}

function recordIdFromBase64Hash(hash: string): string | undefined {
  if (!/^[A-Za-z0-9+/=%_-]{16,}$/.test(hash)) return undefined;
  try {
    const json = atob(decodeURIComponent(hash).replace(/-/g, '+').replace(/_/g, '/'));
    if (!json.includes('one:recordHome')) return undefined;
    const id = /"recordId"\s*:\s*"([a-zA-Z0-9]{15,18})"/.exec(json)?.[1];
    return id && isSalesforceRecordId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function isSupportedObject(objectType: string): objectType is SalesforceObjectType {
  return (SALESFORCE_OBJECT_TYPES as readonly string[]).includes(objectType);
}

// ---------------------------------------------------------------------------------------------
// Reading the page

type Root = Document | Element;

/** The field's API name, stamped by Lightning on the record detail item; not localized. */
const field = (objectType: string, fieldName: string) =>
  `[data-target-selection-name="sfdc:RecordField.${objectType}.${fieldName}"]`;

/**
 * The page host the user is looking at. Lightning renders every page into a `.oneContent`
 * host and only the current one carries `.active`; the others stay in the DOM, hidden.
 */
export function findActiveRecordView(doc: Document): Root | null {
  // Console apps: one section.oneConsoleTab per workspace tab, each with its own `.active`
  // page host, so the page host must be taken from the focused workspace tab only.
  if (doc.querySelector('section.oneConsoleTab')) {
    return firstVisible(doc, 'section.oneConsoleTab.active .oneContent.active');
  }
  return (
    // Standard navigation (single pane window manager)
    firstVisible(doc, '.windowViewMode-normal.oneContent.active') ??
    // Other window modes (maximized, split view)
    firstVisible(doc, '.oneContent.active') ??
    // No page host at all: either Lightning is still booting or its markup changed; read the
    // visible document and let firstVisible() skip hidden copies.
    (doc.querySelector('.oneContent') ? null : doc.body)
  );
}

/** Hidden the way Lightning hides cached pages and collapsed panels (inline, cheap checks). */
function isHidden(el: Element, stopAt: Root): boolean {
  for (let node: Element | null = el; node && node !== stopAt; node = node.parentElement) {
    // Not aria-hidden: Lightning sets it on the whole app behind an open modal (edit, email).
    if (node.hasAttribute('hidden')) return true;
    if (node.classList.contains('slds-hide')) return true;
    const style = (node as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style?.display === 'none') return true;
  }
  return false;
}

function firstVisible(root: Root, selector: string): Element | null {
  let found: Element[];
  try {
    found = Array.from(root.querySelectorAll(selector));
  } catch {
    // An engine that rejects one selector (happy-dom refuses `_` in tag names, which browsers
    // accept) must not cost the other alternatives.
    return null;
  }
  for (const el of found) if (!isHidden(el, root)) return el;
  return null;
}

function firstMatch(root: Root, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = firstVisible(root, selector);
    if (el) return el;
  }
  return null;
}

function text(el: Element | null): string | undefined {
  const value = el?.textContent?.replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, 300) : undefined;
}

function emailFromLink(el: Element | null): string | undefined {
  const href = el?.getAttribute('href');
  if (!href) return undefined;
  const email = normalizeEmail(href);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

function recordEmailSelectors(objectType: SalesforceObjectType): string[] {
  return [
    // LWC record detail (records-record-layout-item): the record's own Email field
    `${field(objectType, 'Email')} lightning-formatted-email a[href^="mailto:"]`,
    // Aura record detail (force-record-layout-item, uiOutputEmail): same attribute, plain link
    `${field(objectType, 'Email')} a[href^="mailto:"]`,
    // Dynamic Forms field sections: ids are `Record<Field>Field`
    '[data-field-id="RecordEmailField"] a[href^="mailto:"]',
    // Highlights panel compact layout (lists the record's own fields), when the Details tab
    // has not rendered, e.g. an org whose record page opens on the Related tab
    'records-highlights2 records-highlights-details-item lightning-formatted-email a[href^="mailto:"]',
  ];
}

const RECORD_NAME_SELECTORS = [
  // LWC highlights panel: the name field in the header's primaryField slot
  'records-highlights2 slot[name="primaryField"]',
  'records-highlights2 [slot="primaryField"]',
  // Aura highlights panel
  '.forceHighlightsPanel .slds-page-header__title',
  // Any record home header
  '.slds-page-header_record-home .slds-page-header__title',
];

/** Any rendered record detail field: the record view has loaded its layout. */
const DETAIL_FIELD_SELECTORS = [
  'records-record-layout-item', // LWC record detail
  'force-record-layout-item', // Aura record detail
  '.forcePageBlockItemView', // Aura record detail (older)
  'record_flexipage-record-field', // Dynamic Forms
];

/** Still loading: Lightning shows spinners / marks regions busy until the layout arrives. */
const LOADING_SELECTORS = ['.slds-spinner_container', '[aria-busy="true"]'];

const HIGHLIGHTS_SELECTORS = ['records-highlights2', '.forceHighlightsPanel', '.slds-page-header_record-home'];

/** A page host with an illustration and no record header is Lightning's "can't show this" page. */
const ERROR_VIEW_SELECTORS = ['.slds-illustration', '[role="alert"]'];

/** The related list of an Opportunity's contact roles (header text is English-only). */
const CONTACT_ROLE_LIST_SELECTORS = [
  'lst-related-list-single-container', // LWC related lists
  'force-related-list-single-container', // Aura related lists
  '.forceRelatedListSingleContainer',
];

function companyOfContact(root: Root): string | undefined {
  // LWC / Aura record detail: Account Name lookup link
  const lookup = firstVisible(root, `${field('Contact', 'AccountId')} a`);
  if (lookup) return text(lookup);
  // Highlights panel compact layout (English label; `:has()` avoided for older engines)
  const item = Array.from(root.querySelectorAll('records-highlights-details-item')).find(
    (el) => el.querySelector('[title="Account Name"]') && !isHidden(el, root),
  );
  return text(item?.querySelector('a') ?? null);
}

function companyOfLead(root: Root): string | undefined {
  return text(
    firstMatch(root, [
      // LWC record detail
      `${field('Lead', 'Company')} lightning-formatted-text`,
      // Aura record detail
      `${field('Lead', 'Company')} .slds-form-element__static`,
    ]),
  );
}

function accountName(root: Root): string | undefined {
  return text(
    firstMatch(root, [
      `${field('Account', 'Name')} lightning-formatted-text`,
      `${field('Account', 'Name')} .slds-form-element__static`,
    ]),
  );
}

function accountDomain(root: Root): string | undefined {
  const link = firstMatch(root, [
    // LWC record detail: lightning-formatted-url renders the link with the full href
    `${field('Account', 'Website')} lightning-formatted-url a[href]`,
    // Aura record detail
    `${field('Account', 'Website')} a[href]`,
  ]);
  if (!link) return undefined;
  return normalizeDomain(link.getAttribute('href') ?? '') ?? normalizeDomain(link.textContent ?? '');
}

function opportunityAccount(root: Root): string | undefined {
  return text(firstMatch(root, [`${field('Opportunity', 'AccountId')} a`]));
}

/** The primary contact role's email, if the contact roles list shows one. */
function primaryContactRoleEmail(root: Root): string | undefined {
  const list = Array.from(root.querySelectorAll(CONTACT_ROLE_LIST_SELECTORS.join(','))).find(
    (el) => !isHidden(el, root) && /contact roles/i.test(text(el.querySelector('h2, header')) ?? ''),
  );
  if (!list) return undefined;
  const rows = Array.from(list.querySelectorAll('tr, li, .slds-tile')).filter((row) =>
    row.querySelector('a[href^="mailto:"]'),
  );
  const primary =
    rows.find((row) => row.querySelector('input[type="checkbox"]:checked, [data-primary="true"]')) ??
    rows.find((row) => /\bprimary\b/i.test(row.textContent ?? '')) ??
    (rows.length === 1 ? rows[0] : undefined);
  return emailFromLink(primary?.querySelector('a[href^="mailto:"]') ?? null);
}

function readRecordView(root: Root, objectType: SalesforceObjectType, ref: ProspectRef): boolean {
  const name = text(firstMatch(root, RECORD_NAME_SELECTORS));
  if (name) ref.name = name;

  const detailRendered =
    firstMatch(root, DETAIL_FIELD_SELECTORS) !== null && firstMatch(root, LOADING_SELECTORS) === null;
  const errorView =
    firstMatch(root, HIGHLIGHTS_SELECTORS) === null && firstMatch(root, ERROR_VIEW_SELECTORS) !== null;

  switch (objectType) {
    case 'Contact':
    case 'Lead': {
      const company = objectType === 'Contact' ? companyOfContact(root) : companyOfLead(root);
      if (company) ref.company = company;
      const email = emailFromLink(firstMatch(root, recordEmailSelectors(objectType)));
      if (email) ref.emails = [email];
      return Boolean(email) || detailRendered || errorView;
    }
    case 'Account': {
      const company = accountName(root) ?? name;
      if (company) ref.company = company;
      const domain = accountDomain(root);
      if (domain) ref.domain = domain;
      return Boolean(domain) || detailRendered || errorView;
    }
    case 'Opportunity': {
      const company = opportunityAccount(root);
      if (company) ref.company = company;
      const email = primaryContactRoleEmail(root);
      if (email) ref.emails = [email];
      return detailRendered || errorView;
    }
  }
}

function detectSalesforce(doc: Document, url: URL): Detection | null {
  const location = parseSalesforceUrl(url);
  if (!location || !isSupportedObject(location.objectType)) return null;
  const ref: ProspectRef = {
    emails: [],
    crm: { system: 'salesforce', objectType: location.objectType, recordId: location.recordId },
  };
  // Classic pages are server-rendered and not read beyond the record id (no fixture for them).
  if (location.ui === 'classic') return { ref, settled: true };
  try {
    const root = findActiveRecordView(doc);
    if (!root) return { ref, settled: false };
    const settled = readRecordView(root, location.objectType, ref);
    return { ref, settled };
  } catch {
    // A markup change must not break the page or the sidebar: the record id alone still finds
    // prospects imported with their Salesforce id.
    return { ref: { emails: ref.emails, crm: ref.crm }, settled: true };
  }
}

export const salesforce: SiteAdapter = {
  id: 'salesforce',
  hostPatterns: [
    'https://*.lightning.force.com/*',
    'https://*.my.salesforce.com/*',
    'https://*.lightning.force.com.mcas.ms/*',
    'https://*.my.salesforce.com.mcas.ms/*',
  ],
  matchesHost: isSalesforceHost,
  detect(doc, url) {
    try {
      return detectSalesforce(doc, url);
    } catch {
      return null;
    }
  },
};

/*
 * Fixtures:
 * - tests/fixtures/sites/salesforce/app.html — one Lightning app shell (standard navigation,
 *   `.oneCenterStage` with `.windowViewMode-normal.oneContent.active.lafPageHost` page hosts)
 *   serving every `https://<org>.lightning.force.com/lightning/...` URL. It imitates:
 *   - `/lightning/r/Contact/003Dn00000QxAbcIAF/view`: records-highlights2 header (name, owner
 *     hovercard with the owner's mailto), then records-record-layout-item fields with
 *     `sfdc:RecordField.Contact.Email` / `.AccountId`, and an Activity timeline item with
 *     another person's lightning-formatted-email;
 *   - `/lightning/r/Lead/00QDn00000Lm7PqMAJ/view` (plus-tagged email, Company field);
 *   - `/lightning/r/Account/001Dn00000AbCdeIAB/view` (Website field, Contacts related list
 *     full of other emails);
 *   - `/lightning/r/Opportunity/006Dn00000Op1QrIAJ/view` (Contact Roles list, primary marked);
 *   - an unknown id (Lightning's error illustration, no record header);
 *   - `/lightning/o/Contact/list` (list view with mailto links: unsupported);
 *   - in-app navigation by pushState that leaves the previous page host hidden in the DOM.
 * - tests/unit/sites/salesforce.test.ts — URL shapes (15/18-char ids, no-object form, one.app
 *   hash, Classic My Domain, list/home/setup) and detect() on the fixture and on small console
 *   and highlights-only DOMs.
 * Not proven by a fixture: Classic record pages (id only), Aura-only markup, Dynamic Forms.
 */
