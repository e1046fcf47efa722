/**
 * HubSpot connector, through the official client (`@hubspot/api-client`, `basePath` for sandboxes
 * and the loopback fake). Vendor facts: ../shared/research/connectors.md §1.
 *
 * Streams, in order:
 * - contacts: CRM search on `lastmodifieddate` (not hs_lastmodifieddate: that misses rows,
 *   amp-labs/connectors#45), keyset-paged on `hs_object_id > last id` in id order. Paging with
 *   `after` fails past 10,000 results (AB-HS BEHAVIOR §3); a keyset never reaches that cap, and
 *   thousands of contacts stamped with one bulk-edit time cannot loop (airbytehq/airbyte#43317).
 *   A pass reads every contact modified since its window start; the next window starts 5 minutes
 *   before the pass began, so a contact changed during the pass is read again, not missed.
 * - archived-contacts: archive does not bump lastmodifieddate, so search never shows it
 *   (airbytehq/airbyte#19838): `GET /crm/v3/objects/contacts?archived=true` → tombstones.
 * - email-events: `GET /email/public/v1/events` in 30-day windows (AB-HS `step: P30D`), paged by
 *   `offset`/`hasMore`; events name the recipient's email, not the contact. `filteredEvent` →
 *   automated.
 * - form-submissions: `GET /forms/v2/forms`, then per form
 *   `GET /form-integrations/v1/submissions/forms/{guid}` (newest first; read until older than the window).
 *
 * Limits: 429 with `policyName` TEN_SECONDLY_ROLLING (wait Retry-After when sent, else back off)
 * or DAILY (pause); the daily quota is learned from `X-HubSpot-RateLimit-Daily` when sent.
 * Auth: a private-app token (no refresh: a 401 is final), or OAuth with a refresh token
 * (`POST /oauth/v1/token`, refreshed once on a 401).
 */
import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';
import {
  HUBSPOT_CONTACT_PROPERTIES,
  hubspotContactToPerson,
  hubspotEmailEventToTouch,
  hubspotFormSubmissionToTouch,
  type HubspotContact,
  type HubspotEmailCampaign,
  type HubspotEmailEvent,
  type HubspotFormSubmission,
} from '../../lib/import/connectors/hubspot';
import type { VendorPerson, VendorTouch } from '../../lib/import/connectors/types';
import { refreshingOnce, ConnectorFailure, type AdapterFactory, type RunIo, type StreamDef, type StreamPage, type VendorFault } from './runtime';

const SEARCH_PAGE = 200;
const EVENTS_PAGE = 1_000;
const LIST_PAGE = 100;
const FORMS_PAGE = 50;
const DAY = 24 * 60 * 60_000;
const EVENT_WINDOW = 30 * DAY;
/** Re-read this much before the last window: events and edits can land late; ids make re-reads harmless. */
const OVERLAP = 5 * 60_000;

/** An error of `client.apiRequest` (which answers a raw response), shaped like the SDK's ApiException. */
class HubspotHttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP ${code}`);
  }
}

interface HubspotError {
  code?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function bodyOf(error: HubspotError): Record<string, unknown> {
  if (typeof error.body === 'object' && error.body !== null) return error.body as Record<string, unknown>;
  if (typeof error.body === 'string') {
    try {
      return JSON.parse(error.body) as Record<string, unknown>;
    } catch {
      return { message: error.body };
    }
  }
  return {};
}

export function classifyHubspotError(error: unknown, oauth: boolean): VendorFault {
  const failure = error as HubspotError & { message?: string; type?: string; errno?: string };
  const code = typeof failure.code === 'number' ? failure.code : undefined;
  if (code === undefined) return { kind: 'transient', words: `HubSpot could not be reached (${String(failure.message ?? error).slice(0, 200)})` };
  const body = bodyOf(failure);
  const message = typeof body.message === 'string' ? body.message.slice(0, 300) : '';
  if (code === 429) {
    // AB-HS: 429 bodies name the policy; some say category RATE_LIMITS instead: read leniently.
    const policy = String(body.policyName ?? body.category ?? '');
    if (/DAILY/i.test(policy)) {
      const wait = retryAfterMs(failure.headers) ?? 60 * 60_000;
      return { kind: 'daily-quota', until: new Date(Date.now() + wait), words: `HubSpot’s daily API limit for this portal is used up (${policy || 'DAILY'})` };
    }
    return { kind: 'rate', waitMs: retryAfterMs(failure.headers), words: `HubSpot’s rate limit (${policy || 'secondly'})` };
  }
  // 530: a malformed token (AB-HS BEHAVIOR §8).
  if (code === 401 || code === 530) {
    return {
      kind: 'auth',
      words: oauth
        ? `HubSpot refused the OAuth access token (${code}${message ? `: ${message}` : ''})`
        : `HubSpot refused the private app token (${code}${message ? `: ${message}` : ''}). Create a new token under Settings › Integrations › Private apps and save it on the connector`,
    };
  }
  if (code === 403) return { kind: 'fatal', words: `HubSpot denied access (403${message ? `: ${message}` : ''}); the private app may lack a scope this stream needs` };
  if (code >= 500) return { kind: 'transient', words: `HubSpot answered ${code}${message ? ` (${message})` : ''}` };
  return { kind: 'fatal', words: `HubSpot answered ${code}${message ? `: ${message}` : ''}` };
}

interface ContactsCursor {
  since: number;
  afterId: string;
  passStartedAt: number | null;
}
interface ArchivedCursor {
  since: number;
  after: string | null;
  scanStartedAt: number | null;
}
interface EventsCursor {
  start: number;
  end: number | null;
  offset: string | null;
}
interface FormsCursor {
  since: number;
  scanStartedAt: number | null;
  doneForms: string[];
  current: { guid: string; after: string | null } | null;
}

export const hubspotAdapter: AdapterFactory = (connector, io) => {
  const { credentials, config } = connector;
  const oauth = config.auth === 'oauth-refresh-token';
  const client = new Client({ accessToken: credentials.token ?? 'pending-oauth-refresh', basePath: config.baseUrl, numberOfApiCallRetries: 0 });
  let signedIn = !oauth;

  const refresh = async () => {
    const tokens = await io.call(
      'token refresh',
      () => client.oauth.tokensApi.create('refresh_token', undefined, undefined, credentials.clientId, credentials.clientSecret, io.connector.credentials.refreshToken),
      (error) => {
        const fault = classifyHubspotError(error, true);
        // A refresh the server refuses (400 invalid_grant, 401) means the grant is gone: no retry helps.
        return fault.kind === 'fatal' || fault.kind === 'auth'
          ? { kind: 'auth', words: `HubSpot refused the OAuth refresh token (${(error as HubspotError).code ?? 'error'}); reconnect the app and save the new refresh token on the connector` }
          : fault;
      },
    );
    io.secret(tokens.accessToken);
    client.setAccessToken(tokens.accessToken);
    signedIn = true;
    if (tokens.refreshToken && tokens.refreshToken !== io.connector.credentials.refreshToken) {
      await io.saveCredentials({ ...io.connector.credentials, refreshToken: tokens.refreshToken });
    }
  };
  // A private-app token has no refresh: a 401 is final at once, never retried.
  const authed = oauth ? refreshingOnce(refresh, 'HubSpot') : <T>(fn: () => Promise<T>) => fn();
  const learnQuota = (headers: Record<string, string> | undefined) => {
    const daily = Number(headers?.['x-hubspot-ratelimit-daily']);
    if (daily > 0) io.budget.learnDailyLimit(daily);
  };
  /** One request: signed in first (OAuth), counted, backed off, refreshed once on a 401. */
  const request = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (!signedIn) await refresh();
    return authed(() => io.call(what, fn, (error) => classifyHubspotError(error, oauth)));
  };
  const raw = async <T>(path: string, qs: Record<string, string | number | boolean | undefined>): Promise<T> =>
    request(`GET ${path}`, async () => {
      const query = Object.fromEntries(Object.entries(qs).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
      const response = await client.apiRequest({ method: 'GET', path, qs: query });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      learnQuota(headers);
      const text = await response.text();
      if (!response.ok) throw new HubspotHttpError(response.status, text, headers);
      return JSON.parse(text) as T;
    });

  const search = async (since: number, afterId: string, limit = SEARCH_PAGE) => {
    const info = await request('contacts search', () =>
      client.crm.contacts.searchApi.doSearchWithHttpInfo({
        filterGroups: [
          {
            filters: [
              { propertyName: 'lastmodifieddate', operator: 'GTE' as FilterOperatorEnum, value: String(since) },
              { propertyName: 'hs_object_id', operator: 'GT' as FilterOperatorEnum, value: afterId },
            ],
          },
        ],
        // The SDK types sorts as strings; the API takes the documented {propertyName, direction} objects (research §1).
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] as unknown as string[],
        properties: [...HUBSPOT_CONTACT_PROPERTIES],
        limit,
      }),
    );
    learnQuota(info.headers);
    return info.data;
  };

  const owners = new Map<string, string>();
  let ownersRead = false;
  const readOwners = async () => {
    if (ownersRead) return;
    ownersRead = true;
    let after: string | undefined;
    try {
      do {
        const page = await request('owners', () => client.crm.owners.ownersApi.getPage(undefined, after, 500, false));
        for (const owner of page.results) if (owner.email) owners.set(String(owner.id), owner.email);
        after = page.paging?.next?.after;
      } while (after);
    } catch (error) {
      // Without the crm.objects.owners.read scope contacts still come, only without their owner.
      if (!(error instanceof ConnectorFailure) || error.kind !== 'fatal') throw error;
      io.log(`HubSpot owners not readable (${error.message}); contacts are read without their owner.`);
    }
  };

  const toPeople = (records: HubspotContact[]) => {
    const people: VendorPerson[] = [];
    const skipped: Record<string, number> = {};
    for (const record of records) {
      const result = hubspotContactToPerson(record, owners);
      if (result.ok) people.push(result.value);
      else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
    }
    return { people, skipped };
  };

  const contacts: StreamDef = {
    name: 'contacts',
    async *read(context) {
      await readOwners();
      const stored = context.cursor as ContactsCursor | null;
      let cursor: ContactsCursor = stored ?? { since: 0, afterId: '0', passStartedAt: null };
      if (cursor.passStartedAt === null) cursor = { ...cursor, passStartedAt: io.now().getTime() };
      const phase = context.phase;
      for (;;) {
        const page = await search(cursor.since, cursor.afterId);
        const results = page.results as unknown as HubspotContact[];
        const { people, skipped } = toPeople(results);
        const last = results.at(-1)?.id;
        const more = results.length === SEARCH_PAGE && last !== undefined;
        if (more) {
          cursor = { ...cursor, afterId: last };
          yield {
            people,
            skipped,
            cursor,
            phase,
            remaining: Math.max(0, page.total - results.length),
            status: `${phase === 'backfill' ? 'Backfilling' : 'Reading'} contacts modified since ${new Date(cursor.since).toISOString()}: up to id ${last}, about ${Math.max(0, page.total - results.length).toLocaleString('en')} to go.`,
          } satisfies StreamPage;
          continue;
        }
        const nextSince = Math.max(cursor.since, (cursor.passStartedAt ?? io.now().getTime()) - OVERLAP);
        yield {
          people,
          skipped,
          cursor: { since: nextSince, afterId: '0', passStartedAt: null } satisfies ContactsCursor,
          phase: 'incremental',
          remaining: 0,
          status: `Contacts up to date; the next run reads those modified since ${new Date(nextSince).toISOString()}.`,
        } satisfies StreamPage;
        return;
      }
    },
  };

  const archived: StreamDef = {
    name: 'archived-contacts',
    async *read(context) {
      let cursor = (context.cursor as ArchivedCursor | null) ?? { since: 0, after: null, scanStartedAt: null };
      if (cursor.scanStartedAt === null) cursor = { ...cursor, scanStartedAt: io.now().getTime() };
      for (;;) {
        const after = cursor.after ?? undefined;
        const info = await request('archived contacts', () =>
          client.crm.contacts.basicApi.getPageWithHttpInfo(LIST_PAGE, after, ['email'], undefined, undefined, true),
        );
        learnQuota(info.headers);
        const since = cursor.since;
        const gone = (info.data.results as unknown as HubspotContact[])
          .filter((record) => {
            const at = record.archivedAt ? new Date(record.archivedAt).getTime() : Number.NaN;
            return Number.isNaN(at) || at >= since - OVERLAP;
          })
          .map((record) => ({
            vendorId: record.id,
            email: record.properties.email ?? undefined,
            crm: { system: 'hubspot' as const, recordId: record.id },
          }));
        const next = info.data.paging?.next?.after;
        if (next) {
          cursor = { ...cursor, after: next };
          yield { deletedPeople: gone, cursor, phase: context.phase, status: `Reading archived contacts (${gone.length} on this page).` } satisfies StreamPage;
          continue;
        }
        const nextSince = (cursor.scanStartedAt ?? io.now().getTime()) - OVERLAP;
        yield {
          deletedPeople: gone,
          cursor: { since: nextSince, after: null, scanStartedAt: null } satisfies ArchivedCursor,
          phase: 'incremental',
          status: 'Archived contacts read; their prospects are deleted.',
        } satisfies StreamPage;
        return;
      }
    },
  };

  /** Campaigns this run has read or looked up: a page fetched while the last one commits must not fetch them again. */
  const campaignCache = new Map<string, HubspotEmailCampaign>();
  const campaignsFor = async (context: Parameters<StreamDef['read']>[0], events: HubspotEmailEvent[]) => {
    const ids = [...new Set(events.map((event) => event.emailCampaignId).filter((id): id is number => typeof id === 'number').map(String))];
    const uncached = ids.filter((id) => !campaignCache.has(id));
    const known = new Map(ids.filter((id) => campaignCache.has(id)).map((id) => [id, campaignCache.get(id)!]));
    for (const [id, data] of (await context.lookups('hubspot-email-campaign', uncached)) as Map<string, HubspotEmailCampaign>) {
      known.set(id, data);
      campaignCache.set(id, data);
    }
    const fresh: { kind: string; vendorId: string; data: HubspotEmailCampaign }[] = [];
    for (const id of ids.filter((id) => !known.has(id))) {
      try {
        const campaign = await raw<{ name?: string; subject?: string }>(`/email/public/v1/campaigns/${encodeURIComponent(id)}`, {});
        const data = { name: campaign.name, subject: campaign.subject };
        known.set(id, data);
        campaignCache.set(id, data);
        fresh.push({ kind: 'hubspot-email-campaign', vendorId: id, data });
      } catch (error) {
        // A campaign HubSpot no longer has still leaves its events: they get a title without a subject.
        if (!(error instanceof ConnectorFailure) || error.kind !== 'fatal') throw error;
        known.set(id, {});
        campaignCache.set(id, {});
        fresh.push({ kind: 'hubspot-email-campaign', vendorId: id, data: {} });
      }
    }
    return { known, fresh };
  };

  const emailEvents: StreamDef = {
    name: 'email-events',
    async *read(context) {
      const now = io.now().getTime();
      let cursor = (context.cursor as EventsCursor | null) ?? { start: now - connector.config.backfillDays * DAY, end: null, offset: null };
      for (;;) {
        const end = cursor.end ?? Math.min(cursor.start + EVENT_WINDOW, io.now().getTime());
        const page = await raw<{ events: HubspotEmailEvent[]; hasMore: boolean; offset?: string }>('/email/public/v1/events', {
          startTimestamp: cursor.start,
          endTimestamp: end,
          limit: EVENTS_PAGE,
          offset: cursor.offset ?? undefined,
        });
        const { known, fresh } = await campaignsFor(context, page.events);
        const touches: VendorTouch[] = [];
        const skipped: Record<string, number> = {};
        for (const event of page.events) {
          const result = hubspotEmailEventToTouch(event, event.emailCampaignId === undefined ? undefined : known.get(String(event.emailCampaignId)));
          if (result.ok) touches.push(result.value);
          else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
        }
        if (page.hasMore && page.offset) {
          cursor = { start: cursor.start, end, offset: page.offset };
          yield { touches, skipped, lookups: fresh, cursor, phase: context.phase, status: `Reading email events from ${new Date(cursor.start).toISOString().slice(0, 10)}.` } satisfies StreamPage;
          continue;
        }
        if (end < io.now().getTime() - 60_000) {
          // The next 30-day window, in the same run.
          cursor = { start: end, end: null, offset: null };
          yield { touches, skipped, lookups: fresh, cursor, phase: context.phase, status: `Read email events up to ${new Date(end).toISOString().slice(0, 10)}.` } satisfies StreamPage;
          continue;
        }
        const next = { start: Math.max(cursor.start, end - OVERLAP), end: null, offset: null } satisfies EventsCursor;
        yield { touches, skipped, lookups: fresh, cursor: next, phase: 'incremental', status: `Email events up to date as of ${new Date(end).toISOString()}.` } satisfies StreamPage;
        return;
      }
    },
  };

  const forms: StreamDef = {
    name: 'form-submissions',
    async *read(context) {
      const now = io.now().getTime();
      let cursor = (context.cursor as FormsCursor | null) ?? { since: now - connector.config.backfillDays * DAY, scanStartedAt: null, doneForms: [], current: null };
      if (cursor.scanStartedAt === null) cursor = { ...cursor, scanStartedAt: now };
      const list = await raw<{ guid: string; name?: string }[]>('/forms/v2/forms', {});
      for (const form of list) {
        if (cursor.doneForms.includes(form.guid)) continue;
        let after = cursor.current?.guid === form.guid ? cursor.current.after : null;
        for (;;) {
          const page = await raw<{ results: HubspotFormSubmission[]; paging?: { next?: { after?: string } } }>(
            `/form-integrations/v1/submissions/forms/${encodeURIComponent(form.guid)}`,
            { limit: FORMS_PAGE, after: after ?? undefined },
          );
          const fresh = page.results.filter((submission) => submission.submittedAt >= cursor.since);
          const touches: VendorTouch[] = [];
          for (const submission of fresh) {
            const result = hubspotFormSubmissionToTouch(form, submission);
            if (result.ok) touches.push(result.value);
          }
          const next = page.paging?.next?.after;
          // Newest first: a page reaching past the window start ends this form.
          const formDone = !next || fresh.length < page.results.length;
          cursor = formDone
            ? { ...cursor, doneForms: [...cursor.doneForms, form.guid], current: null }
            : { ...cursor, current: { guid: form.guid, after: next } };
          yield { touches, cursor, phase: context.phase, status: `Reading submissions of form “${form.name ?? form.guid}”.` } satisfies StreamPage;
          if (formDone) break;
          after = next;
        }
      }
      const nextSince = (cursor.scanStartedAt ?? now) - OVERLAP;
      yield {
        cursor: { since: nextSince, scanStartedAt: null, doneForms: [], current: null } satisfies FormsCursor,
        phase: 'incremental',
        status: `Form submissions up to date; ${list.length} form${list.length === 1 ? '' : 's'} read.`,
      } satisfies StreamPage;
    },
  };

  return {
    streams: [contacts, archived, emailEvents, forms],
    async test() {
      const page = await search(0, '0', 1);
      return `Signed in to HubSpot (${oauth ? 'OAuth app' : 'private app'}); the portal has ${page.total.toLocaleString('en')} contact${page.total === 1 ? '' : 's'}.`;
    },
  };
};

export type { RunIo };
