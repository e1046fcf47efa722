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
import { normalizeDomain } from '../match/keys';
import { emailIn, firstVisible, neverThrows, textOf, visibleAll } from './dom';
import type { Detection, SiteAdapter, UrlRecord } from './types';

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

/** The record a URL shows when it is one Cuecard reads (Contact, Lead, Account, Opportunity). */
export function parseSalesforceRecordUrl(url: URL): UrlRecord | null {
  const location = parseSalesforceUrl(url);
  return location && isSupportedObject(location.objectType) ? { objectType: location.objectType, recordId: location.recordId } : null;
}

// ---------------------------------------------------------------------------------------------
// Reading the page

type Root = Document | Element;

/**
 * A record field, in fallback order: by its API name, which Lightning stamps on the record
 * detail item and which is not localized (`data-target-selection-name`); then by the layout
 * item's `field-label`, which admins can rename and which is localized (English labels here).
 */
const field = (objectType: string, fieldName: string, label: string, inside: string) => [
  `[data-target-selection-name="sfdc:RecordField.${objectType}.${fieldName}"] ${inside}`,
  `records-record-layout-item[field-label="${label}"] ${inside}`,
];

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
    firstVisible(doc, [
      '.windowViewMode-normal.oneContent.active', // standard navigation (single pane window manager)
      '.oneContent.active', // other window modes (maximized, split view)
    ]) ??
    // No page host at all: either Lightning is still booting or its markup changed; read the
    // visible document and let firstVisible() skip hidden copies.
    (doc.querySelector('.oneContent') ? null : doc.body)
  );
}

const MAILTO = 'a[href^="mailto:"]';

function recordEmailSelectors(objectType: SalesforceObjectType): string[] {
  return [
    // LWC record detail (records-record-layout-item): the record's own Email field, by API name,
    // then by its label
    ...field(objectType, 'Email', 'Email', MAILTO),
    // Dynamic Forms field sections: ids are `Record<Field>Field`
    `[data-field-id="RecordEmailField"] ${MAILTO}`,
    // Highlights panel compact layout (lists the record's own fields), when the Details tab
    // has not rendered, e.g. an org whose record page opens on the Related tab
    `records-highlights2 records-highlights-details-item lightning-formatted-email ${MAILTO}`,
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

/** Text fields render as lightning-formatted-text (LWC) or a static span (Aura). */
const TEXT_VALUE = ['lightning-formatted-text', '.slds-form-element__static'];
const textField = (root: Root, objectType: string, fieldName: string, label: string) =>
  textOf(firstVisible(root, TEXT_VALUE.flatMap((inside) => field(objectType, fieldName, label, inside))));

/** A lookup field's link text (Account Name on a Contact or an Opportunity). */
const lookupField = (root: Root, objectType: string, fieldName: string, label: string) =>
  textOf(firstVisible(root, field(objectType, fieldName, label, 'a')));

function companyOfContact(root: Root): string | undefined {
  return (
    lookupField(root, 'Contact', 'AccountId', 'Account Name') ??
    // Highlights panel compact layout (English label; `:has()` avoided for older engines)
    textOf(
      visibleAll(root, 'records-highlights-details-item')
        .find((el) => el.querySelector('[title="Account Name"]'))
        ?.querySelector('a'),
    )
  );
}

function accountDomain(root: Root): string | undefined {
  // lightning-formatted-url (LWC) renders the link with the full href; Aura a plain link
  const link = firstVisible(root, [
    ...field('Account', 'Website', 'Website', 'lightning-formatted-url a[href]'),
    ...field('Account', 'Website', 'Website', 'a[href]'),
  ]);
  if (!link) return undefined;
  return normalizeDomain(link.getAttribute('href') ?? '') ?? normalizeDomain(link.textContent ?? '');
}

/** The primary contact role's email, if the contact roles list shows one. */
function primaryContactRoleEmail(root: Root): string | undefined {
  const list = visibleAll(root, CONTACT_ROLE_LIST_SELECTORS.join(',')).find((el) =>
    /contact roles/i.test(textOf(el.querySelector('h2, header')) ?? ''),
  );
  if (!list) return undefined;
  const rows = Array.from(list.querySelectorAll('tr, li, .slds-tile')).filter((row) => row.querySelector(MAILTO));
  const primary =
    rows.find((row) => row.querySelector('input[type="checkbox"]:checked, [data-primary="true"]')) ??
    rows.find((row) => /\bprimary\b/i.test(row.textContent ?? '')) ??
    (rows.length === 1 ? rows[0] : undefined);
  return emailIn(primary?.querySelector(MAILTO));
}

function readRecordView(root: Root, objectType: SalesforceObjectType, ref: ProspectRef): boolean {
  const name = textOf(firstVisible(root, RECORD_NAME_SELECTORS));
  if (name) ref.name = name;

  const detailRendered =
    firstVisible(root, DETAIL_FIELD_SELECTORS) !== null && firstVisible(root, LOADING_SELECTORS) === null;
  const errorView =
    firstVisible(root, HIGHLIGHTS_SELECTORS) === null && firstVisible(root, ERROR_VIEW_SELECTORS) !== null;

  let company: string | undefined;
  let found = false;
  if (objectType === 'Account') {
    company = textField(root, 'Account', 'Name', 'Account Name') ?? name;
    const domain = accountDomain(root);
    if (domain) ref.domain = domain;
    found = Boolean(domain);
  } else {
    const email =
      objectType === 'Opportunity'
        ? primaryContactRoleEmail(root)
        : emailIn(firstVisible(root, recordEmailSelectors(objectType)));
    if (email) ref.emails = [email];
    company =
      objectType === 'Contact'
        ? companyOfContact(root)
        : objectType === 'Lead'
          ? textField(root, 'Lead', 'Company', 'Company')
          : lookupField(root, 'Opportunity', 'AccountId', 'Account Name');
    // An Opportunity's contact roles may list nobody: only the layout says it has loaded.
    found = Boolean(email) && objectType !== 'Opportunity';
  }
  if (company) ref.company = company;
  return found || detailRendered || errorView;
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
  parseUrl: parseSalesforceRecordUrl,
  detect: neverThrows(detectSalesforce),
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
 * - tests/fixtures/sites/salesforce/contact-without-api-names.html — Dana's Contact whose layout
 *   items have `field-label` but no `data-target-selection-name`: email and account by label.
 * - tests/unit/sites/salesforce.test.ts — URL shapes (15/18-char ids, no-object form, one.app
 *   hash, Classic My Domain, list/home/setup) and detect() on the fixture, the variant and small
 *   console and highlights-only DOMs.
 * Not proven by a fixture: Classic record pages (id only), Aura-only markup, Dynamic Forms.
 */
