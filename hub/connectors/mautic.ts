/**
 * Mautic connector, plain HTTP against the instance URL (self-hosted; the API must be enabled
 * under Configuration › API Settings). Vendor facts: ../shared/research/connectors.md §4
 * (MA = mautic/developer-documentation-new docs/rest_api/contacts.rst).
 *
 * - Auth: OAuth2 client credentials (`POST /oauth/v2/token`, Mautic 4+, mautic/mautic#9837; the
 *   PHP library lacks it, so the endpoint is called directly, research §5.13), refreshed once on a
 *   401; or HTTP basic auth for an API user ("Enable HTTP basic auth" in API Settings).
 * - contacts: `GET /api/contacts` filtered `date_modified >= window start` (`where[0][col]=
 *   date_modified`, expr `gte`), `orderBy=date_modified` (snake case, MA), paged by `start`. The
 *   list is an object keyed by id and `total` is a string (MA): read as such. The next window
 *   starts 5 minutes before the pass began, so an edit made during the pass is read again.
 * - activity: `GET /api/contacts/activity` with `filters[dateFrom]`/`filters[dateTo]` windows and
 *   `page`, the event types Cuecard maps (MAUTIC_EVENTS); contacts an event names that the hub does
 *   not know yet are read by id (`search=ids:1,2`).
 * - deleted contacts: Mautic's REST API has no deletes feed (research §4), so once a day every
 *   contact id is listed (`minimal=true`); people this connector holds that the listing no longer
 *   has were deleted in Mautic → tombstones.
 * - Limits: the optional API rate limiter answers 429 (mautic/mautic#6793) → back off.
 * Mautic has no per-event bot flag (opt-in "exclude bots" drops such opens instead).
 */
import { MAUTIC_EVENTS, mauticContactToPerson, mauticEventToTouch, type MauticContact, type MauticEvent } from '../../lib/import/connectors/mautic';
import type { VendorPerson, VendorTouch } from '../../lib/import/connectors/types';
import { refreshingOnce, type AdapterFactory, type StreamContext, type StreamDef, type StreamPage, type VendorFault } from './runtime';

const PAGE = 100;
const ID_PAGE = 500;
const DAY = 24 * 60 * 60_000;
const OVERLAP = 5 * 60_000;
const ACTIVITY_WINDOW = 30 * DAY;
const RECONCILE_EVERY = DAY;

export class MauticError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function classifyMauticError(error: unknown): VendorFault {
  if (!(error instanceof MauticError)) return { kind: 'transient', words: `Mautic could not be reached (${String((error as Error)?.message ?? error).slice(0, 200)})` };
  if (error.status === 429) return { kind: 'rate', waitMs: error.retryAfterMs, words: 'Mautic’s API rate limiter (429)' };
  if (error.status === 401) return { kind: 'auth', words: `Mautic refused the credentials (401: ${error.message.slice(0, 160)})` };
  if (error.status === 403) return { kind: 'fatal', words: `Mautic denied access (403): the API user needs the contacts view permission (${error.message.slice(0, 120)})` };
  if (error.status >= 500) return { kind: 'transient', words: `Mautic answered ${error.status}` };
  return { kind: 'fatal', words: `Mautic answered ${error.status}: ${error.message.slice(0, 200)}` };
}

/** Mautic's filter and activity dates: `Y-m-d H:i:s`, UTC (Mautic stores UTC). */
function mauticDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface ContactsCursor {
  since: number;
  start: number;
  passStartedAt: number | null;
}
interface ActivityCursor {
  from: number;
  to: number | null;
  page: number;
}
interface ReconcileCursor {
  scan: number;
  start: number;
  running: boolean;
  lastFinishedAt: number;
}

export const mauticAdapter: AdapterFactory = (connector, io) => {
  const base = connector.config.baseUrl;
  const basic = connector.config.auth === 'basic';
  let accessToken: string | undefined;

  const signIn = async () => {
    const { clientId, clientSecret } = io.connector.credentials;
    const body = await io.call(
      'sign-in',
      async () => {
        const response = await fetch(`${base}/oauth/v2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId ?? '', client_secret: clientSecret ?? '' }),
          signal: AbortSignal.any([io.signal, AbortSignal.timeout(60_000)]),
        });
        const text = await response.text();
        if (!response.ok) throw new MauticError(response.status, text.slice(0, 200));
        return JSON.parse(text) as { access_token: string; expires_in?: number };
      },
      (error) =>
        error instanceof MauticError && error.status >= 400 && error.status < 500 && error.status !== 429
          ? { kind: 'auth', words: `Mautic refused the API client (${error.status}): check the client id and secret under Settings › API Credentials` }
          : classifyMauticError(error),
    );
    io.secret(body.access_token);
    accessToken = body.access_token;
  };
  const authed = refreshingOnce(basic ? async () => undefined : signIn, 'Mautic');

  const authorization = () => {
    const { username, password } = io.connector.credentials;
    return basic ? `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` : `Bearer ${accessToken}`;
  };

  const get = async <T>(what: string, path: string, query: [string, string][]): Promise<T> =>
    authed(async () => {
      if (!basic && !accessToken) await signIn();
      const url = `${base}${path}?${new URLSearchParams(query)}`;
      return io.call(
        what,
        async () => {
          const response = await fetch(url, { headers: { Authorization: authorization(), Accept: 'application/json' }, signal: AbortSignal.any([io.signal, AbortSignal.timeout(60_000)]) });
          const text = await response.text();
          if (!response.ok) {
            const retry = Number(response.headers.get('retry-after'));
            throw new MauticError(response.status, text.slice(0, 300), Number.isFinite(retry) && retry > 0 ? retry * 1000 : undefined);
          }
          return JSON.parse(text) as T;
        },
        classifyMauticError,
      );
    });

  type ContactList = { total: string | number; contacts: Record<string, MauticContact> | MauticContact[] };
  const contactsOf = (list: ContactList): MauticContact[] => (Array.isArray(list.contacts) ? list.contacts : Object.values(list.contacts ?? {}));

  const toPeople = (contacts: MauticContact[]) => {
    const people: VendorPerson[] = [];
    const skipped: Record<string, number> = {};
    for (const contact of contacts) {
      const result = mauticContactToPerson(contact);
      if (result.ok) people.push(result.value);
      else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
    }
    return { people, skipped };
  };

  async function contactsById(ids: string[]): Promise<VendorPerson[]> {
    const people: VendorPerson[] = [];
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE).filter((id) => /^\d+$/.test(id));
      if (chunk.length === 0) continue;
      const list = await get<ContactList>('contacts by id', '/api/contacts', [['search', `ids:${chunk.join(',')}`], ['limit', String(PAGE)]]);
      people.push(...toPeople(contactsOf(list)).people);
    }
    return people;
  }

  const contacts: StreamDef = {
    name: 'contacts',
    async *read(context) {
      let cursor = (context.cursor as ContactsCursor | null) ?? { since: 0, start: 0, passStartedAt: null };
      if (cursor.passStartedAt === null) cursor = { ...cursor, passStartedAt: io.now().getTime() };
      for (;;) {
        const list = await get<ContactList>('contacts', '/api/contacts', [
          ['where[0][col]', 'date_modified'],
          ['where[0][expr]', 'gte'],
          ['where[0][val]', mauticDate(cursor.since)],
          ['orderBy', 'date_modified'],
          ['orderByDir', 'asc'],
          ['start', String(cursor.start)],
          ['limit', String(PAGE)],
        ]);
        const rows = contactsOf(list);
        const total = Number(list.total);
        const { people, skipped } = toPeople(rows);
        const start = cursor.start + rows.length;
        if (rows.length === PAGE && start < total) {
          cursor = { ...cursor, start };
          yield { people, skipped, cursor, phase: context.phase, remaining: Math.max(0, total - start), status: `Reading contacts modified since ${mauticDate(cursor.since)}: ${start.toLocaleString('en')} of ${total.toLocaleString('en')}.` } satisfies StreamPage;
          continue;
        }
        const since = Math.max(cursor.since, (cursor.passStartedAt ?? io.now().getTime()) - OVERLAP);
        yield {
          people,
          skipped,
          cursor: { since, start: 0, passStartedAt: null } satisfies ContactsCursor,
          phase: 'incremental',
          remaining: 0,
          status: `Contacts up to date; the next run reads those modified since ${mauticDate(since)} UTC.`,
        } satisfies StreamPage;
        return;
      }
    },
  };

  const activity: StreamDef = {
    name: 'activity',
    async *read(context: StreamContext) {
      let cursor = (context.cursor as ActivityCursor | null) ?? { from: io.now().getTime() - connector.config.backfillDays * DAY, to: null, page: 1 };
      for (;;) {
        const to = cursor.to ?? Math.min(cursor.from + ACTIVITY_WINDOW, io.now().getTime() - 60_000);
        const query: [string, string][] = [
          ['filters[dateFrom]', mauticDate(cursor.from)],
          ['filters[dateTo]', mauticDate(to)],
          ...Object.keys(MAUTIC_EVENTS).map((event): [string, string] => ['filters[includeEvents][]', event]),
          ['order[0]', 'timestamp'],
          ['order[1]', 'ASC'],
          ['page', String(cursor.page)],
          ['limit', String(PAGE)],
        ];
        const body = await get<{ events: MauticEvent[]; page?: number; maxPages?: number; total?: number }>('activity', '/api/contacts/activity', query);
        const events = body.events ?? [];
        const ids = [...new Set(events.map((event) => String(event.contactId)))];
        const known = await context.knownPeople(ids);
        const people = await contactsById(ids.filter((id) => !known.has(id)));
        const touches: VendorTouch[] = [];
        const skipped: Record<string, number> = {};
        for (const event of events) {
          const result = mauticEventToTouch(event);
          if (result.ok) touches.push(result.value);
          else skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
        }
        const maxPages = Number(body.maxPages ?? 1);
        if (cursor.page < maxPages) {
          cursor = { from: cursor.from, to, page: cursor.page + 1 };
          yield { people, touches, skipped, cursor, phase: context.phase, status: `Reading activity from ${mauticDate(cursor.from)}: page ${cursor.page} of ${maxPages}.` } satisfies StreamPage;
          continue;
        }
        if (to < io.now().getTime() - 2 * 60_000) {
          cursor = { from: to, to: null, page: 1 };
          yield { people, touches, skipped, cursor, phase: context.phase, status: `Read activity up to ${mauticDate(to)} UTC.` } satisfies StreamPage;
          continue;
        }
        yield { people, touches, skipped, cursor: { from: Math.max(cursor.from, to - OVERLAP), to: null, page: 1 } satisfies ActivityCursor, phase: 'incremental', status: `Activity up to date as of ${mauticDate(to)} UTC.` } satisfies StreamPage;
        return;
      }
    },
  };

  const reconcile: StreamDef = {
    name: 'deleted-contacts',
    async *read(context) {
      let cursor = (context.cursor as ReconcileCursor | null) ?? { scan: 0, start: 0, running: false, lastFinishedAt: 0 };
      if (!cursor.running) {
        if (io.now().getTime() - cursor.lastFinishedAt < RECONCILE_EVERY) return;
        cursor = { ...cursor, scan: cursor.scan + 1, start: 0, running: true };
      }
      for (;;) {
        const list = await get<ContactList>('contact ids', '/api/contacts', [
          ['minimal', 'true'],
          ['orderBy', 'id'],
          ['orderByDir', 'asc'],
          ['start', String(cursor.start)],
          ['limit', String(ID_PAGE)],
        ]);
        const rows = contactsOf(list);
        const ids = rows.map((row) => String(row.id));
        const total = Number(list.total);
        const start = cursor.start + rows.length;
        if (rows.length === ID_PAGE && start < total) {
          cursor = { ...cursor, start };
          yield { seen: { scan: cursor.scan, vendorIds: ids }, cursor, phase: context.phase, status: `Checking for contacts deleted in Mautic: ${start.toLocaleString('en')} of ${total.toLocaleString('en')} ids listed.` } satisfies StreamPage;
          continue;
        }
        yield {
          seen: { scan: cursor.scan, vendorIds: ids },
          reconciled: { scan: cursor.scan },
          cursor: { scan: cursor.scan, start: 0, running: false, lastFinishedAt: io.now().getTime() } satisfies ReconcileCursor,
          phase: 'incremental',
          status: 'Checked for contacts deleted in Mautic; the next check is in a day.',
        } satisfies StreamPage;
        return;
      }
    },
  };

  return {
    streams: [contacts, activity, reconcile],
    async test() {
      const list = await get<ContactList>('contacts', '/api/contacts', [['limit', '1'], ['minimal', 'true']]);
      const total = Number(list.total);
      return `Signed in to Mautic at ${base} (${basic ? 'basic auth' : 'API client'}); ${total.toLocaleString('en')} contact${total === 1 ? '' : 's'}.`;
    },
  };
};
