/**
 * Marketo Engage connector, plain HTTP (Marketo has no official Node client) against the
 * instance's REST host (`https://<munchkin>.mktorest.com`). Vendor facts:
 * ../shared/research/connectors.md §3 (MK = AdobeDocs/marketo-developer.en help/rest-api/*).
 *
 * - Auth: `GET /identity/oauth/token?grant_type=client_credentials` → a token that lives 3,600 s
 *   (MK authentication); sent as `Authorization: Bearer` (the access_token query parameter is being
 *   removed). Renewed a minute before it expires, and once when an answer says 601 (invalid) or
 *   602 (expired) — inside an HTTP 200 body, like every Marketo error (MK error-codes).
 * - activities: a paging token from `GET /rest/v1/activities/pagingtoken.json?sinceDatetime=`, then
 *   `GET /rest/v1/activities.json?nextPageToken=&activityTypeIds=` while `moreResult` — an empty
 *   `result` with `moreResult: true` is NOT the end (each call scans 300 activities of all types:
 *   MK activities; Adobe KB ka-29362). The last `nextPageToken` is the cursor (MK paging-tokens).
 *   Leads an activity names that the hub does not know, and leads behind New Lead (12) and Change
 *   Data Value (13), are read by id (`GET /rest/v1/leads.json?filterType=id`): the REST lead API has
 *   no updatedAt filter (MK leads), so people arrive with their activity.
 * - deleted-leads: `GET /rest/v1/activities/deletedleads.json` with its own token → tombstones.
 * - Limits: 606 (100 calls / 20 s) and 615 (10 concurrent) → back off; 607 (50,000 calls a day)
 *   → paused until midnight US Central, when the quota resets (MK error-codes); one run spends at
 *   most its share of the daily quota (TM samples stats/usage and stops at 80 %, research §5.7).
 */
import { MARKETO_ACTIVITY_TYPE_IDS, MARKETO_LEAD_CHANGE_TYPE_IDS, MARKETO_LEAD_FIELDS, marketoActivityToTouch, marketoLeadToPerson, type MarketoActivity, type MarketoLead } from '../../lib/import/connectors/marketo';
import type { VendorPerson, VendorTouch } from '../../lib/import/connectors/types';
import { refreshingOnce, type AdapterFactory, type StreamContext, type StreamDef, type StreamPage, type VendorFault } from './runtime';

const LEADS_PER_CALL = 300;
const DAY = 24 * 60 * 60_000;

interface MarketoBody<T> {
  requestId?: string;
  success: boolean;
  errors?: { code: string; message: string }[];
  result?: T[];
  nextPageToken?: string;
  moreResult?: boolean;
}

/** A Marketo answer that said `success: false`, or an HTTP error. */
export class MarketoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** Next 00:00 in America/Chicago, when Marketo's daily quota resets (MK error-codes, 607). */
export function nextCentralMidnight(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const centralAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = centralAsUtc - Math.floor(now.getTime() / 1000) * 1000;
  const midnightCentral = Date.UTC(get('year'), get('month') - 1, get('day') + 1);
  return new Date(midnightCentral - offset);
}

export function classifyMarketoError(error: unknown, now: () => Date = () => new Date()): VendorFault {
  if (!(error instanceof MarketoError)) return { kind: 'transient', words: `Marketo could not be reached (${String((error as Error)?.message ?? error).slice(0, 200)})` };
  const words = `Marketo ${error.code}: ${error.message.slice(0, 200)}`;
  switch (error.code) {
    case '601':
    case '602':
      return { kind: 'auth', words };
    case '606':
      return { kind: 'rate', words: `Marketo’s rate limit of 100 calls in 20 seconds (${words})` };
    case '615':
      return { kind: 'rate', waitMs: 2_000, words: `Marketo’s limit of 10 concurrent calls (${words})` };
    case '607':
      return { kind: 'daily-quota', until: nextCentralMidnight(now()), words: `Marketo’s daily API quota is used up (${words}); it resets at midnight US Central` };
    case '604':
    case '608':
    case '611':
    case '713':
      return { kind: 'transient', words };
    default:
      if (error.httpStatus && error.httpStatus >= 500) return { kind: 'transient', words: `Marketo answered HTTP ${error.httpStatus}` };
      return { kind: 'fatal', words };
  }
}

interface ActivityCursor {
  nextPageToken: string;
}

export const marketoAdapter: AdapterFactory = (connector, io) => {
  const base = connector.config.baseUrl;
  let token: { value: string; expiresAt: number } | undefined;

  const getJson = async <T>(url: string, headers: Record<string, string>): Promise<MarketoBody<T>> => {
    let response: Response;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json', ...headers }, signal: AbortSignal.any([io.signal, AbortSignal.timeout(60_000)]) });
    } catch (error) {
      throw new Error(`network: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new MarketoError(`HTTP ${response.status}`, text.slice(0, 200), response.status);
    let body: MarketoBody<T>;
    try {
      body = JSON.parse(text) as MarketoBody<T>;
    } catch {
      throw new MarketoError('invalid-json', `Marketo answered something that is not JSON (${text.slice(0, 80)})`, response.status);
    }
    if (body.success === false) {
      const first = body.errors?.[0];
      throw new MarketoError(String(first?.code ?? 'unknown'), first?.message ?? 'request failed');
    }
    return body;
  };

  const signIn = async () => {
    const { clientId, clientSecret } = io.connector.credentials;
    const url = `${base}/identity/oauth/token?${new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId ?? '', client_secret: clientSecret ?? '' })}`;
    const body = await io.call(
      'sign-in',
      async () => {
        const response = await fetch(url, { signal: AbortSignal.any([io.signal, AbortSignal.timeout(60_000)]) });
        const text = await response.text();
        const parsed = (() => {
          try {
            return JSON.parse(text) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
          } catch {
            return {};
          }
        })();
        if (!response.ok || !parsed.access_token) {
          throw new MarketoError(response.status === 401 || parsed.error ? 'auth' : `HTTP ${response.status}`, parsed.error_description ?? parsed.error ?? text.slice(0, 200), response.status);
        }
        return parsed as { access_token: string; expires_in?: number };
      },
      (error) =>
        error instanceof MarketoError && (error.code === 'auth' || (error.httpStatus ?? 0) < 500)
          ? { kind: 'auth', words: `Marketo refused the client id and secret (${error.message.slice(0, 160)}); check the LaunchPoint service under Admin › Integration › LaunchPoint` }
          : classifyMarketoError(error, io.now),
    );
    io.secret(body.access_token);
    token = { value: body.access_token, expiresAt: io.now().getTime() + (body.expires_in ?? 3_600) * 1000 };
  };
  const authed = refreshingOnce(signIn, 'Marketo');

  /** GET on the REST API, signed in (renewing a minute early), counted, backed off. */
  const get = async <T>(what: string, path: string, query: Record<string, string>): Promise<MarketoBody<T>> =>
    authed(async () => {
      // TM renews 15 s before expiry; a minute leaves room for a slow page.
      if (!token || token.expiresAt - 60_000 <= io.now().getTime()) await signIn();
      const url = `${base}${path}?${new URLSearchParams(query)}`;
      return io.call(what, () => getJson<T>(url, { Authorization: `Bearer ${token!.value}` }), (error) => classifyMarketoError(error, io.now));
    });

  let typeNames: Map<number, string> | undefined;
  const activityTypes = async () => {
    if (typeNames) return typeNames;
    const body = await get<{ id: number; name: string }>('activity types', '/rest/v1/activities/types.json', {});
    typeNames = new Map((body.result ?? []).map((type) => [type.id, type.name]));
    return typeNames;
  };

  const pagingToken = async (since: Date) => {
    const body = await get('paging token', '/rest/v1/activities/pagingtoken.json', { sinceDatetime: since.toISOString().replace(/\.\d{3}Z$/, 'Z') });
    if (!body.nextPageToken) throw new MarketoError('no-token', 'Marketo returned no paging token');
    return body.nextPageToken;
  };

  async function leadsById(ids: string[]): Promise<{ people: VendorPerson[]; skipped: Record<string, number> }> {
    const people: VendorPerson[] = [];
    const skipped: Record<string, number> = {};
    for (let i = 0; i < ids.length; i += LEADS_PER_CALL) {
      const chunk = ids.slice(i, i + LEADS_PER_CALL);
      const body = await get<MarketoLead>('leads by id', '/rest/v1/leads.json', { filterType: 'id', filterValues: chunk.join(','), fields: MARKETO_LEAD_FIELDS.join(',') });
      for (const lead of body.result ?? []) {
        const mapped = marketoLeadToPerson(lead);
        if (mapped.ok) people.push(mapped.value);
        else skipped[mapped.skip] = (skipped[mapped.skip] ?? 0) + 1;
      }
    }
    return { people, skipped };
  }

  async function* tokenStream(
    context: StreamContext,
    path: string,
    query: Record<string, string>,
    label: string,
    toPage: (activities: MarketoActivity[]) => Promise<Omit<StreamPage, 'cursor' | 'phase' | 'status'>>,
  ): AsyncIterable<StreamPage> {
    const stored = context.cursor as ActivityCursor | null;
    let next = stored?.nextPageToken ?? (await pagingToken(new Date(io.now().getTime() - connector.config.backfillDays * DAY)));
    let pages = 0;
    for (;;) {
      const body = await get<MarketoActivity>(label, path, { ...query, nextPageToken: next });
      pages++;
      const page = await toPage(body.result ?? []);
      // An empty result with moreResult: true is not the end (MK activities; KB ka-29362).
      const more = body.moreResult === true;
      next = body.nextPageToken ?? next;
      yield {
        ...page,
        cursor: { nextPageToken: next } satisfies ActivityCursor,
        phase: more ? context.phase : 'incremental',
        status: more ? `Reading ${label}: ${pages} page${pages === 1 ? '' : 's'} so far this run.` : `${label[0]!.toUpperCase()}${label.slice(1)} up to date.`,
      };
      if (!more) return;
    }
  }

  const activities: StreamDef = {
    name: 'activities',
    read: (context) =>
      tokenStream(context, '/rest/v1/activities.json', { activityTypeIds: MARKETO_ACTIVITY_TYPE_IDS.join(',') }, 'activities', async (items) => {
        const names = await activityTypes();
        const leadIds = [...new Set(items.map((item) => String(item.leadId)))];
        const known = await context.knownPeople(leadIds);
        const changed = new Set(items.filter((item) => MARKETO_LEAD_CHANGE_TYPE_IDS.has(item.activityTypeId)).map((item) => String(item.leadId)));
        const { people, skipped } = await leadsById(leadIds.filter((id) => !known.has(id) || changed.has(id)));
        const touches: VendorTouch[] = [];
        for (const item of items) {
          if (MARKETO_LEAD_CHANGE_TYPE_IDS.has(item.activityTypeId)) continue;
          const result = marketoActivityToTouch(item, names);
          if (result.ok) touches.push(result.value);
          else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
        }
        return { people, touches, skipped };
      }),
  };

  const deletedLeads: StreamDef = {
    name: 'deleted-leads',
    read: (context) =>
      tokenStream(context, '/rest/v1/activities/deletedleads.json', {}, 'deleted leads', async (items) => ({
        deletedPeople: items.map((item) => ({ vendorId: String(item.leadId) })),
      })),
  };

  return {
    streams: [activities, deletedLeads],
    async test() {
      const names = await activityTypes();
      return `Signed in to Marketo at ${base}; ${names.size} activity types readable.`;
    },
  };
};
