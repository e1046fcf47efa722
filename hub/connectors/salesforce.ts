/**
 * Salesforce connector, through jsforce (OAuth token flows, session refresh, `Sforce-Limit-Info`
 * parsing into `conn.limitInfo`). Vendor facts: ../shared/research/connectors.md §2.
 *
 * Streams, each a SOQL query on `queryAll` (soft-deleted rows included, `IsDeleted` → tombstones:
 * `/query` hides them, simple-salesforce#172) ordered by `SystemModstamp, Id` and paged by
 * `nextRecordsUrl` (SF-Q). The cursor after each page is the last row's (SystemModstamp, Id): a
 * killed run re-queries from there (query locators expire, so they are never stored). A pass reads
 * every row with SystemModstamp at or after its window start; the next window starts 5 minutes
 * before the pass began (TS prefers SystemModstamp over LastModifiedDate, tap_salesforce/__init__.py).
 * - campaigns: names and types, kept as lookups for member touches;
 * - contacts, leads (a converted lead keeps its contact's id): people;
 * - campaign-members: touches (status, responded, first responded date, SF-CM); people a member
 *   names that the hub does not know yet are read by id first.
 *
 * Limits: 403 `REQUEST_LIMIT_EXCEEDED` "TotalRequests Limit exceeded." ends the run and pauses
 * (the allocation is a rolling 24 h; airbytehq/airbyte#8690: checkpoint, don't sleep); the daily
 * allocation is learned from `Sforce-Limit-Info: api-usage=used/limit` (SF-LIM), and one run
 * spends at most its share of it (TS `quota_percent_per_run`, 25 %).
 * Auth: refresh token (a rotated refresh token is saved at once: TS test_refresh_token_rotation.py)
 * or client credentials; a 401 INVALID_SESSION_ID refreshes once.
 */
import { Connection, OAuth2 } from 'jsforce';
import {
  SALESFORCE_FIELDS,
  salesforceContactToPerson,
  salesforceLeadToPerson,
  salesforceMemberToTouch,
  salesforceMemberTouchIds,
  type SalesforceCampaign,
  type SalesforceRecord,
} from '../../lib/import/connectors/salesforce';
import type { VendorPerson, VendorTouch } from '../../lib/import/connectors/types';
import { TOUCH_TYPES } from '../../lib/contract';
import { ConnectorFailure, type AdapterFactory, type StreamContext, type StreamDef, type StreamPage, type VendorFault } from './runtime';

export const SALESFORCE_API_VERSION = '61.0';
const OVERLAP = 5 * 60_000;
const ID_CHUNK = 200;

interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SalesforceRecord[];
}

interface SoqlCursor {
  /** Window start (ISO): rows with SystemModstamp at or after it. */
  since: string;
  /** Keyset within the pass. */
  after: { ts: string; id: string } | null;
  passStartedAt: string | null;
}

/** Salesforce sends `2024-05-02T16:04:11.000+0000`; SOQL datetime literals are ISO with Z. */
export function soqlDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${value}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Salesforce id: 15 or 18 letters and digits, nothing that could end a SOQL string. */
function soqlId(id: string): string {
  if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new ConnectorFailure('fatal', `Salesforce returned an id Cuecard will not put into a query: ${id.slice(0, 30)}`);
  return `'${id}'`;
}

interface SalesforceError {
  name?: string;
  errorCode?: string;
  message?: string;
  code?: string;
}

export function classifySalesforceError(error: unknown): VendorFault {
  const failure = (error ?? {}) as SalesforceError;
  const code = failure.errorCode ?? failure.name ?? '';
  const message = String(failure.message ?? error).slice(0, 300);
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // "TotalRequests Limit exceeded." is the org's rolling 24-hour allocation; other REQUEST_LIMIT_EXCEEDED are concurrency limits.
    if (/TotalRequests/i.test(message)) {
      return { kind: 'daily-quota', until: new Date(Date.now() + 60 * 60_000), words: 'Salesforce’s API request allocation for this org is used up (403 REQUEST_LIMIT_EXCEEDED)' };
    }
    return { kind: 'rate', words: `Salesforce’s concurrent request limit (${message})` };
  }
  if (code === 'INVALID_SESSION_ID' || /Unable to refresh session/i.test(message) || code === 'invalid_grant' || code === 'invalid_client' || code === 'invalid_client_id') {
    return { kind: 'auth', words: `Salesforce refused the credentials (${code ? `${code}: ` : ''}${message})` };
  }
  if (/^ERROR_HTTP_5\d\d$/.test(code) || ['SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG'].includes(code)) {
    return { kind: 'transient', words: `Salesforce answered ${code}${message && message !== code ? ` (${message.slice(0, 120)})` : ''}` };
  }
  if (code === 'ERROR_HTTP_429' || code === 'ERROR_HTTP_420') return { kind: 'rate', words: `Salesforce asked to slow down (${code})` };
  if (!code || /ECONN|ETIMEDOUT|EAI_AGAIN|socket|network|fetch failed/i.test(`${failure.code ?? ''} ${message}`)) {
    return { kind: 'transient', words: `Salesforce could not be reached (${message})` };
  }
  return { kind: 'fatal', words: `Salesforce answered ${code}: ${message}` };
}

interface TokenResponse {
  access_token: string;
  instance_url: string;
  refresh_token?: string;
}

export const salesforceAdapter: AdapterFactory = (connector, io) => {
  const { config } = connector;
  const loginUrl = config.loginUrl ?? config.baseUrl;
  const oauth2 = new OAuth2({ clientId: connector.credentials.clientId, clientSecret: connector.credentials.clientSecret, loginUrl });
  let conn: Connection | undefined;
  /** Refreshes since the last request that succeeded: a second one in a row means the credentials are dead. */
  let refreshesWithoutSuccess = 0;

  const token = async (): Promise<TokenResponse> => {
    const credentials = io.connector.credentials;
    const response = (await io.call(
      'sign-in',
      () =>
        config.auth === 'oauth-refresh-token'
          ? oauth2.refreshToken(credentials.refreshToken!)
          : oauth2.requestToken({ grant_type: 'client_credentials' }),
      (error) => {
        const fault = classifySalesforceError(error);
        return fault.kind === 'fatal'
          ? { kind: 'auth', words: `Salesforce refused to sign in (${(error as SalesforceError).name ?? 'error'}: ${String((error as Error).message ?? '').slice(0, 200)})` }
          : fault;
      },
    )) as unknown as TokenResponse;
    io.secret(response.access_token);
    if (response.refresh_token && response.refresh_token !== credentials.refreshToken) {
      // Rotation: the old refresh token may already be void, so the new one is sealed before anything else.
      await io.saveCredentials({ ...credentials, refreshToken: response.refresh_token });
    }
    return response;
  };

  const connect = async (): Promise<Connection> => {
    if (conn) return conn;
    const first = await token();
    conn = new Connection({
      instanceUrl: first.instance_url,
      accessToken: first.access_token,
      version: SALESFORCE_API_VERSION,
      oauth2,
      // jsforce calls this on a 401 and retries the request; after a refresh with no success since, give up.
      refreshFn: (connection, callback) => {
        if (refreshesWithoutSuccess >= 1) {
          callback(new Error('Salesforce refused the session again right after a refresh: the connected app or user may be revoked'));
          return;
        }
        refreshesWithoutSuccess++;
        token().then(
          (next) => {
            connection.instanceUrl = next.instance_url;
            callback(null, next.access_token, next as never);
          },
          (error: unknown) => callback(error as Error),
        );
      },
    });
    return conn;
  };

  const request = async <T>(what: string, path: string): Promise<T> => {
    const connection = await connect();
    const result = await io.call(what, () => connection.request<T>(path) as Promise<T>, classifySalesforceError);
    refreshesWithoutSuccess = 0;
    const usage = connection.limitInfo?.apiUsage;
    if (usage?.limit) io.budget.learnDailyLimit(usage.limit);
    return result;
  };

  const queryAll = (soql: string) => request<QueryResult>('SOQL query', `/services/data/v${SALESFORCE_API_VERSION}/queryAll?q=${encodeURIComponent(soql)}`);

  function soqlFor(object: keyof typeof SALESFORCE_FIELDS, cursor: SoqlCursor): string {
    const conditions = [`SystemModstamp >= ${soqlDateTime(cursor.since)}`];
    if (cursor.after) {
      const ts = soqlDateTime(cursor.after.ts);
      conditions.push(`(SystemModstamp > ${ts} OR (SystemModstamp = ${ts} AND Id > ${soqlId(cursor.after.id)}))`);
    }
    return `SELECT ${SALESFORCE_FIELDS[object].join(', ')} FROM ${object} WHERE ${conditions.join(' AND ')} ORDER BY SystemModstamp ASC, Id ASC`;
  }

  /**
   * One SOQL stream: yields each batch with the keyset cursor of its last row. `toPage` turns
   * the batch into what the runtime writes.
   */
  async function* soqlStream(
    object: keyof typeof SALESFORCE_FIELDS,
    context: StreamContext,
    label: string,
    toPage: (records: SalesforceRecord[]) => Promise<Omit<StreamPage, 'cursor' | 'phase' | 'status' | 'remaining'>>,
  ): AsyncIterable<StreamPage> {
    const stored = context.cursor as SoqlCursor | null;
    let cursor: SoqlCursor = stored ?? { since: new Date(0).toISOString(), after: null, passStartedAt: null };
    if (!cursor.passStartedAt) cursor = { ...cursor, passStartedAt: io.now().toISOString() };
    let result = await queryAll(soqlFor(object, cursor));
    let read = 0;
    for (;;) {
      read += result.records.length;
      const last = result.records.at(-1);
      const body = await toPage(result.records);
      if (!result.done && result.nextRecordsUrl) {
        if (last) cursor = { ...cursor, after: { ts: new Date(last.SystemModstamp).toISOString(), id: last.Id } };
        yield {
          ...body,
          cursor,
          phase: context.phase,
          remaining: Math.max(0, result.totalSize - read),
          status: `Reading ${label} changed since ${cursor.since}: ${read.toLocaleString('en')} of ${result.totalSize.toLocaleString('en')}.`,
        };
        result = await request<QueryResult>(`${label} next batch`, result.nextRecordsUrl);
        continue;
      }
      const since = new Date(Math.max(Date.parse(cursor.since), Date.parse(cursor.passStartedAt ?? io.now().toISOString()) - OVERLAP)).toISOString();
      yield {
        ...body,
        cursor: { since, after: null, passStartedAt: null } satisfies SoqlCursor,
        phase: 'incremental',
        remaining: 0,
        status: `${label[0]!.toUpperCase()}${label.slice(1)} up to date; the next run reads those changed since ${since}.`,
      };
      return;
    }
  }

  const peopleOf = (records: SalesforceRecord[], map: (record: SalesforceRecord) => ReturnType<typeof salesforceContactToPerson>) => {
    const people: VendorPerson[] = [];
    const deletedPeople: StreamPage['deletedPeople'] = [];
    const skipped: Record<string, number> = {};
    for (const record of records) {
      if (record.IsDeleted === true) {
        const email = typeof record.Email === 'string' ? record.Email : undefined;
        deletedPeople.push({ vendorId: record.Id, email, crm: { system: 'salesforce', recordId: record.Id } });
        continue;
      }
      const result = map(record);
      if (result.ok) people.push(result.value);
      else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
    }
    return { people, deletedPeople, skipped };
  };

  /** Contacts and leads a page names that the hub has not seen yet, read by id. */
  async function fetchPeople(ids: string[]): Promise<VendorPerson[]> {
    const people: VendorPerson[] = [];
    for (const object of ['Contact', 'Lead'] as const) {
      const prefix = object === 'Contact' ? '003' : '00Q';
      const wanted = ids.filter((id) => id.startsWith(prefix));
      for (let i = 0; i < wanted.length; i += ID_CHUNK) {
        const chunk = wanted.slice(i, i + ID_CHUNK);
        const soql = `SELECT ${SALESFORCE_FIELDS[object].join(', ')} FROM ${object} WHERE Id IN (${chunk.map(soqlId).join(', ')})`;
        let result = await queryAll(soql);
        for (;;) {
          for (const record of result.records) {
            if (record.IsDeleted === true) continue;
            const mapped = object === 'Contact' ? salesforceContactToPerson(record) : salesforceLeadToPerson(record);
            if (mapped.ok) people.push(mapped.value);
          }
          if (result.done || !result.nextRecordsUrl) break;
          result = await request<QueryResult>(`${object} by id, next batch`, result.nextRecordsUrl);
        }
      }
    }
    return people;
  }

  async function campaignsFor(context: StreamContext, ids: string[]) {
    const known = (await context.lookups('sf-campaign', ids)) as Map<string, SalesforceCampaign>;
    const missing = [...new Set(ids.filter((id) => !known.has(id)))];
    const fresh: NonNullable<StreamPage['lookups']> = [];
    for (let i = 0; i < missing.length; i += ID_CHUNK) {
      const chunk = missing.slice(i, i + ID_CHUNK);
      const result = await queryAll(`SELECT Id, Name, Type FROM Campaign WHERE Id IN (${chunk.map(soqlId).join(', ')})`);
      for (const record of result.records) {
        const data = { Name: record.Name as string | undefined, Type: (record.Type as string | null | undefined) ?? null };
        known.set(record.Id, data);
        fresh.push({ kind: 'sf-campaign', vendorId: record.Id, data });
      }
    }
    return { known, fresh };
  }

  const campaigns: StreamDef = {
    name: 'campaigns',
    read: (context) =>
      soqlStream('Campaign', context, 'campaigns', async (records) => ({
        lookups: records.map((record) => ({ kind: 'sf-campaign', vendorId: record.Id, data: { Name: record.Name, Type: record.Type ?? null } })),
      })),
  };
  const contacts: StreamDef = {
    name: 'contacts',
    read: (context) => soqlStream('Contact', context, 'contacts', async (records) => peopleOf(records, salesforceContactToPerson)),
  };
  const leads: StreamDef = {
    name: 'leads',
    read: (context) => soqlStream('Lead', context, 'leads', async (records) => peopleOf(records, salesforceLeadToPerson)),
  };
  const members: StreamDef = {
    name: 'campaign-members',
    read: (context) =>
      soqlStream('CampaignMember', context, 'campaign members', async (records) => {
        const live = records.filter((record) => record.IsDeleted !== true);
        const deletedTouches = records.filter((record) => record.IsDeleted === true).flatMap((record) => salesforceMemberTouchIds(record.Id, TOUCH_TYPES));
        const personIds = [...new Set(live.map((record) => (record.ContactId ?? record.LeadId) as string | null).filter((id): id is string => !!id))];
        const known = await context.knownPeople(personIds);
        const people = await fetchPeople(personIds.filter((id) => !known.has(id)));
        const { known: campaignsById, fresh } = await campaignsFor(context, live.map((record) => String(record.CampaignId)));
        const touches: VendorTouch[] = [];
        const skipped: Record<string, number> = {};
        for (const record of live) {
          const result = salesforceMemberToTouch(record, campaignsById.get(String(record.CampaignId)));
          if (result.ok) touches.push(result.value);
          else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
        }
        return { people, touches, deletedTouches, lookups: fresh, skipped };
      }),
  };

  return {
    streams: [campaigns, contacts, leads, members],
    async test() {
      const connection = await connect();
      const result = await queryAll('SELECT COUNT() FROM Contact');
      const usage = connection.limitInfo?.apiUsage;
      return `Signed in to Salesforce at ${connection.instanceUrl}; the org has ${result.totalSize.toLocaleString('en')} contact${result.totalSize === 1 ? '' : 's'}${usage ? ` and has used ${usage.used.toLocaleString('en')} of ${usage.limit.toLocaleString('en')} API requests in the last 24 hours` : ''}.`;
    },
  };
};
