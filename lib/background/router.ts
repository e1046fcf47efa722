/**
 * The one message router. Order for every message: schema check, sender check, handler.
 * Unknown or malformed messages and refused senders get an error reply and change nothing.
 */
import { runtimeRequest, type Reply, type RequestOf, type RequestType } from '../contract';
import type { CuecardDb } from '../store/db';
import { touchPage } from '../store/queries';
import { countRows, writeChunk } from '../store/write';
import { recordUsage } from '../store/outbox';
import { resolveProspectsInDb } from '../store/csv/import-csv';
import { classifySender, maySend, type SenderLike } from './sender';
import { sidebarState } from './sidebar-state';
import { pingSidebars, readTabContext, writeTabContext, type PingArea, type SessionArea } from './tab-context';

export interface RouterDeps {
  db: CuecardDb;
  runtimeId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  extensionOrigin: string;
  session: SessionArea;
  /** storage.local: where sidebars watch for pings. */
  local: PingArea;
}

type Handler<T extends RequestType> = (request: RequestOf<T>, tabId: number | undefined, deps: RouterDeps) => Promise<unknown>;

const handlers: { [T in RequestType]: Handler<T> } = {
  'page:context': async (request, tabId, deps) => {
    await writeTabContext(deps.session, tabId!, { site: request.site, ref: request.ref, settled: request.settled });
    await pingSidebars(deps.local, tabId!);
    return null;
  },
  'sidebar:context': async (_request, tabId, deps) => ({
    ...(await sidebarState(deps.db, await readTabContext(deps.session, tabId!))),
    tabId,
  }),
  'sidebar:touches': async (request, _tabId, deps) => touchPage(deps.db, request.prospectId, request.limit, request.before),
  'import:chunk': async (request, _tabId, deps) => {
    const written = await writeChunk(deps.db, request.collection, request.rows);
    await pingSidebars(deps.local, -1);
    return written;
  },
  'import:resolve': async (request, _tabId, deps) =>
    // JSON messaging turns undefined array slots into null; say so explicitly.
    (await resolveProspectsInDb(deps.db, request.lookups)).map((prospect) => prospect ?? null),
  'store:counts': async (_request, _tabId, deps) => countRows(deps.db),
  'usage:record': async (request, _tabId, deps) => {
    await recordUsage(deps.db, request.event);
    return null;
  },
};

export async function routeMessage(raw: unknown, sender: SenderLike, deps: RouterDeps): Promise<Reply<unknown>> {
  const parsed = runtimeRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: 'Message does not match any known request.' } };
  const request = parsed.data;
  const kind = classifySender(sender, deps.runtimeId, deps.extensionOrigin);
  if (!maySend(kind, request.type)) {
    return { ok: false, error: { code: 'forbidden', message: `${request.type} is not allowed from ${kind}.` } };
  }
  try {
    const handler = handlers[request.type] as Handler<RequestType>;
    return { ok: true, value: await handler(request, sender.tab?.id, deps) };
  } catch (error) {
    return { ok: false, error: describeStorageError(error) };
  }
}

/** Storage failures become words the user can act on; Dexie wraps quota errors in AbortError.inner. */
export function describeStorageError(error: unknown): { code: string; message: string } {
  const err = error as { name?: string; message?: string; inner?: { name?: string } } | undefined;
  const name = err?.inner?.name ?? err?.name;
  if (name === 'QuotaExceededError') {
    return { code: 'quota', message: 'The browser ran out of storage space for Cuecard. Free some disk space and try again; data already saved is kept.' };
  }
  return { code: 'internal', message: err?.message ?? 'Unexpected error' };
}
