/**
 * Pipedrive adapter: person and deal detail pages of `<company>.pipedrive.com`.
 *
 * Invariants:
 * - URL parsing is pure and lives in the exported functions; nothing else parses Pipedrive URLs.
 * - Pipedrive keeps the views it has shown in the DOM, hidden with an inline `display: none`
 *   (public extensions select `.viewContainer:not([style*="none"])`), so every read starts from
 *   the visible view container.
 * - A person's addresses come from the person's own field list, primary first; a deal's from its
 *   Person block, never from the participants list or the email timeline.
 * - detect() never throws; all selectors are in this file, each alternative with its reason.
 */
import type { ProspectRef } from '../contract';
import { emailIn, firstVisible, neverThrows, textOf, visibleAll } from './dom';
import type { Detection, SiteAdapter, UrlRecord } from './types';

export type PipedriveObjectType = 'person' | 'deal' | 'organization' | 'lead';

export interface PipedriveRecordLocation {
  objectType: PipedriveObjectType;
  /** Numeric for persons, deals and organizations; a UUID for leads. */
  recordId: string;
}

/** Subdomains of pipedrive.com that are not a customer's app. */
const NON_APP_SUBDOMAINS = new Set(['www', 'api', 'developers', 'support', 'status', 'oauth', 'marketplace', 'community', 'learn', 'careers', 'blog']);

export function isPipedriveHost(url: URL): boolean {
  if (url.protocol !== 'https:') return false;
  const match = /^([a-z0-9][a-z0-9-]*)\.pipedrive\.com$/.exec(url.hostname.toLowerCase());
  return Boolean(match && !NON_APP_SUBDOMAINS.has(match[1] ?? ''));
}

/**
 * The record a Pipedrive URL shows, or null for lists, pipelines, the inbox, settings.
 * - `/person/<id>`, `/deal/<id>`, `/organization/<id>`
 * - `/leads/inbox/<uuid>`: a lead opened in the Leads Inbox's detail panel
 */
export function parsePipedriveUrl(url: URL): PipedriveRecordLocation | null {
  const path = url.pathname.replace(/\/+$/, '');
  const record = /^\/(person|deal|organization)\/(\d+)$/.exec(path);
  if (record) return { objectType: record[1] as PipedriveObjectType, recordId: record[2] ?? '' };
  const lead = /^\/leads\/inbox\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(path);
  if (lead) return { objectType: 'lead', recordId: (lead[1] ?? '').toLowerCase() };
  return null;
}

/** The record a URL shows when it is one Cuecard reads (person, deal). */
export function parsePipedriveRecordUrl(url: URL): UrlRecord | null {
  const location = parsePipedriveUrl(url);
  return location?.objectType === 'person' || location?.objectType === 'deal' ? location : null;
}

// ---------------------------------------------------------------------------------------------
// Reading the page

type Root = Document | Element;

/** One per view Pipedrive has shown; the others stay in the DOM with `display: none`. */
const VIEW_CONTAINER = '.viewContainer';
const DETAIL_VIEW = {
  person: '.detailView.personDetails', // person detail page
  deal: '.detailView.dealDetails', // deal detail page
} as const;
/** The person's fields ("Person" section: phones, emails, …), rendered once the person loaded. */
const FIELDS_LIST = '.fieldsList';
const EMAIL_SELECTORS = [
  `${FIELDS_LIST} a[href^="mailto:"]`, // email values are mail links (open Pipedrive's composer)
  `${FIELDS_LIST} [data-test="email-value"]`, // same value as plain text when mail sync is off
  // The value's test hook without the list's class (class names are the least stable part);
  // the email history's links have no such hook
  '[data-test="email-value"]',
];
const NAME_SELECTORS = ['[data-test="header-title"]', '.detailView h1'];
const ORGANIZATION_SELECTORS = ['[data-test="organization-link"]', `${FIELDS_LIST} a[href^="/organization/"]`];
const LOADING_SELECTORS = ['.spinner', '[aria-busy="true"]'];
/** "Not found / no permission" state, shown in place of the detail view. */
const ERROR_VIEW_SELECTORS = ['[data-test="error-state"]', '[role="alert"]'];

/** Every address in a person's field list, in page order (Pipedrive lists the primary first). */
function emailsOf(block: Element): string[] {
  const emails = visibleAll(block, EMAIL_SELECTORS)
    .map((el) => emailIn(el))
    .filter((email): email is string => Boolean(email));
  return [...new Set(emails)].slice(0, 10);
}

/** The visible view container, or the document when the app shell has none (markup change). */
function activeView(doc: Document): Root {
  return firstVisible(doc, VIEW_CONTAINER) ?? (doc.querySelector(VIEW_CONTAINER) ? doc.createElement('div') : doc);
}

function detectPipedrive(doc: Document, url: URL): Detection | null {
  const location = parsePipedriveUrl(url);
  if (!location || (location.objectType !== 'person' && location.objectType !== 'deal')) return null;
  const { objectType, recordId } = location;
  const ref: ProspectRef = { emails: [], crm: { system: 'pipedrive', objectType, recordId } };
  try {
    const view = activeView(doc);
    const detail = firstVisible(view, [DETAIL_VIEW[objectType]]);
    if (!detail) return { ref, settled: firstVisible(view, ERROR_VIEW_SELECTORS) !== null };
    const name = textOf(firstVisible(detail, NAME_SELECTORS));
    if (name) ref.name = name;
    // On a person page the person's own block is the detail view; on a deal page it is the
    // Person block in the sidebar, which reuses the person's field list (the participants list
    // below it does not).
    const personBlock = objectType === 'person' ? detail : firstVisible(detail, [DETAIL_VIEW.person, '.personDetails']);
    const fields = personBlock ? firstVisible(personBlock, [FIELDS_LIST]) : null;
    if (personBlock) ref.emails = emailsOf(personBlock);
    const company = textOf(firstVisible(personBlock ?? detail, ORGANIZATION_SELECTORS));
    if (company) ref.company = company;
    const loading = firstVisible(detail, LOADING_SELECTORS) !== null;
    // A deal without a person has no Person block: the rendered header is all there will be.
    const settled = ref.emails.length > 0 || (!loading && (fields !== null || (objectType === 'deal' && name !== undefined)));
    return { ref, settled };
  } catch {
    return { ref: { emails: [], crm: ref.crm }, settled: true };
  }
}

export const pipedrive: SiteAdapter = {
  id: 'pipedrive',
  hostPatterns: ['https://*.pipedrive.com/*'],
  matchesHost: isPipedriveHost,
  parseUrl: parsePipedriveRecordUrl,
  detect: neverThrows(detectPipedrive),
};

/*
 * Fixtures:
 * - tests/fixtures/sites/pipedrive/app.html — one Pipedrive app shell serving every
 *   `https://<company>.pipedrive.com/…` URL. It imitates:
 *   - `/person/1042` (Dana: work and home address, organization, owner, email timeline with
 *     another correspondent), `/person/1043` (Marcus), `/person/1044` (Priya), `/person/1045`
 *     (Tom, in no workspace), an unknown id (error state);
 *   - `/deal/311` (Person block for Dana, participants list Marcus first, email timeline);
 *   - `/persons/list/user/everyone` (list of persons with emails) and `/pipeline/1`;
 *   - in-app navigation by pushState that leaves the previous `.viewContainer` in the DOM with
 *     `style="display: none"`, the detail rendering ~400 ms late.
 * - tests/fixtures/sites/pipedrive/person-renamed-field-list.html — Dana's person page whose field
 *   list lost `.fieldsList`: addresses by their `data-test="email-value"` hook.
 * - tests/unit/sites/pipedrive.test.ts — URL shapes (persons, deals, organizations, lead UUIDs,
 *   lists, non-app subdomains) and detect() on the fixture and the variant.
 * Not proven by a fixture: leads (parsed, not detected), organizations, the real class names of
 *   the field list rows and of the deal's Person block (see the fixture README).
 */
