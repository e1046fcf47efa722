/**
 * The one message router. Order for every message: schema check, sender check, handler.
 * Unknown or malformed messages and refused senders get an error reply and change nothing.
 */
import { EVICTION_NOTICE_KEY, type EvictionNotice, FRAME_KEY_REFUSED, FRAME_KEYS_FIELD, frameKeys, type KvArea, makeUsageEvent, type Reply, type ReplyValues, type ProspectRef, type RequestOf, type RequestType, runtimeRequest, type UsageEvent, type UsageFields } from '../contract';
import type { CuecardDb } from '../store/db';
import { prospectContext, touchPage } from '../store/queries';
import { countRows, writeChunk } from '../store/write';
import { finishImportJournal, readImportJournal, startImportJournal, writeChunkJournaled } from '../store/import-journal';
import { recordLocally, recordUsage } from '../store/outbox';
import { clearStoreNotices } from '../sync/status';
import { resolveProspectsInDb } from '../store/resolve-prospects';
import { approximateBytes, describeStorageError, isQuotaError, measureSpace } from '../store/storage-errors';
import { classifySender, maySend, type SenderLike } from './sender';
import { isPersonRef, selectedProspectState, sidebarState } from './sidebar-state';
import { readWarnings, rememberInsert, takeInserts, writeWarnings } from './compose';
import { composeRules, recommendationsFor } from './recommendations';
import type { TabMessage } from '../contract/tab-messages';
import { pingSidebars, readTabContext, writeTabContext, type SessionArea } from './tab-context';
import { HandlerError, hubHandlers, type HubRequestType } from './hub-handlers';
import { cacheUsage, scheduleFlushSoon, usageAllowed, type HubDeps } from './hub-service';
import { lookUpPerson } from './lookup';
import { noteViewed } from '../store/lookups';
import { notePageCrm, repIdentity, waitingLeads } from './leads';
import { leadStatusOf } from '../store/leads';
import { accountEngagementFor } from './account';

export interface RouterDeps {
  db: CuecardDb;
  runtimeId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  extensionOrigin: string;
  session: SessionArea;
  /** storage.local: where sidebars watch for pings and read the store's notices. */
  local: KvArea;
  /** tabs.sendMessage to a tab's top frame (the content script). */
  sendToTab: (tabId: number, message: TabMessage) => Promise<unknown>;
  /** The rep's name from settings, for {{rep_name}}. */
  repName: () => Promise<string | undefined>;
  /** The clock ranking uses; tests pin it. */
  now: () => Date;
  /** Settings, hub sync, outbox flush, usage consent (lib/background/hub-service.ts). */
  hub: HubDeps;
  /**
   * Runs a handler. In the extension: a damaged database is rebuilt and the handler run again
   * (withDbRecovery, lib/store/db-recovery.ts); tests that need no database faults pass the handler through.
   */
  guard: <T>(run: () => Promise<T>) => Promise<T>;
}

const REP_NAME_WAIT_MS = 150;
const REP_NAME_KEY = 'cue:repName';
const REP_EMAIL_KEY = 'cue:repEmail';
const TIMED_OUT = Symbol('timed out');

/**
 * The rep's email for the sidebar's lead status, without holding the sidebar up: settings can take
 * seconds right after the browser starts (storage.managed, lib/settings/stores.ts). The fresh
 * answer wins when it comes within REP_NAME_WAIT_MS (always, but at start-up); otherwise the last
 * one this session saw. Every call refreshes that copy.
 */
async function repEmailSoon(deps: RouterDeps): Promise<string | undefined> {
  const fresh = repIdentity(deps.hub).then(
    async (who) => {
      await deps.session.set({ [REP_EMAIL_KEY]: who.email ?? '' });
      return who.email;
    },
    () => undefined,
  );
  const first = await Promise.race([fresh, new Promise<typeof TIMED_OUT>((resolve) => setTimeout(() => resolve(TIMED_OUT), REP_NAME_WAIT_MS))]);
  if (first !== TIMED_OUT) return first;
  const stored = (await deps.session.get(REP_EMAIL_KEY))[REP_EMAIL_KEY];
  return typeof stored === 'string' && stored ? stored : undefined;
}

/**
 * A handler answers exactly its request's reply type (ReplyValues in lib/contract): a wrong shape
 * does not compile. `origin` is the sender's browser-stamped origin (sender.ts says why it, and
 * never sender.url, is trusted).
 */
export type Handler<T extends RequestType> = (request: RequestOf<T>, tabId: number | undefined, deps: RouterDeps, origin?: string) => Promise<ReplyValues[T]>;

function viaHub<T extends HubRequestType>(type: T): Handler<T> {
  return async (request, _tabId, deps) => hubHandlers[type](request, deps.hub);
}

const handlers: { [T in RequestType]: Handler<T> } = {
  'page:context': async (request, tabId, deps, origin) => {
    await writeTabContext(deps.session, tabId!, { site: request.site, ref: request.ref, settled: request.settled, frameKey: request.frameKey });
    await pingSidebars(deps.local, tabId!);
    // "Open this lead in your CRM" needs the CRM host the rep uses: never worth failing the page report for.
    await notePageCrm(deps.db, request.site, request.ref, origin, deps.now().getTime()).catch(() => undefined);
    return null;
  },
  'sidebar:context': async (request, tabId, deps) => {
    const tab = await readTabContext(deps.session, tabId!);
    // Issue 17: someone outside the rep's scope is asked about on the hub (only the page's CRM id or one address).
    const options = { lookup: (ref: ProspectRef) => lookUpPerson(deps, ref), now: deps.now().getTime() };
    const state = request.prospectId ? await selectedProspectState(deps.db, tab, request.prospectId, options) : await sidebarState(deps.db, tab, options);
    if (state.status === 'match') await noteViewed(deps.db, state.context.prospect.id, deps.now().getTime()).catch(() => undefined);
    const [lead, warnings] = await Promise.all([
      state.status === 'match' ? repEmailSoon(deps).then((email) => leadStatusOf(deps.db, state.context.prospect.id, email)).catch(() => undefined) : undefined,
      readWarnings(deps.session, tabId),
    ]);
    if (lead && state.status === 'match') state.context.lead = lead;
    return { ...state, tabId, warnings };
  },
  'sidebar:account': async (_request, tabId, deps) => {
    // The company comes from the tab's own page: a sidebar cannot ask about any account it likes.
    const ref = (await readTabContext(deps.session, tabId!))?.ref;
    if (!ref || isPersonRef(ref)) return null;
    return (await accountEngagementFor(deps.db, ref, deps.now())) ?? null;
  },
  'sidebar:recommendations': async (request, _tabId, deps) => {
    // Settings can be slow right after the browser starts (Chromium's first storage.managed.get waits
    // 1.5–9 s for its policy service; lib/settings/stores.ts): never let the rep name hold up the cue card; a missing name is filled with the fallback and told to the rep.
    // The last known name (storage.session) is used at once and refreshed for the next time.
    const stored = (await deps.session.get(REP_NAME_KEY))[REP_NAME_KEY];
    const fresh = deps.repName().then(
      async (name) => {
        await deps.session.set({ [REP_NAME_KEY]: name ?? '' });
        return name;
      },
      () => undefined,
    );
    const repName =
      typeof stored === 'string'
        ? stored || undefined
        : await Promise.race([fresh, new Promise<undefined>((resolve) => setTimeout(resolve, REP_NAME_WAIT_MS))]);
    return (await recommendationsFor(deps.db, request.prospectId, deps.now(), { repName })) ?? null;
  },
  'compose:insert': async (request, tabId, deps) => {
    // tabId is the sidebar's own tab (sender.tab): a sidebar can only ever write into its own page.
    if (tabId === undefined) return { inserted: false };
    const message: TabMessage = request.cue
      ? { type: 'cuecard:insert-text', text: request.text, cue: request.cue }
      : { type: 'cuecard:insert-text', text: request.text };
    const reply = await deps.sendToTab(tabId, message).catch(() => undefined);
    const inserted = (reply as { inserted?: unknown } | undefined)?.inserted === true;
    if (inserted && request.cue) await rememberInsert(deps.session, tabId, request.cue);
    return { inserted };
  },
  'compose:sent': async (request, tabId, deps) => {
    // Only what Cuecard inserted into this tab's drafts, each insert once (compose.ts).
    const sent = await takeInserts(deps.session, tabId!, request.items);
    const at = deps.now();
    for (const item of sent) {
      const fields: UsageFields =
        item.kind === 'message'
          ? { type: 'message_sent', messageId: item.id, messageVersion: item.version }
          : { type: 'asset_sent', assetId: item.id };
      const event = makeUsageEvent(request.site, { ...fields, prospectId: item.prospectId, rank: item.rank, retained: item.retained, scheduled: item.scheduled }, at);
      await recordEvent(withoutUndefined(event), deps);
    }
    return sent.length;
  },
  'compose:rules': async (_request, _tabId, deps) => composeRules(deps.db, deps.now()),
  'compose:warnings': async (request, tabId, deps) => {
    await writeWarnings(deps.session, tabId!, request.phrases);
    await pingSidebars(deps.local, tabId!);
    return null;
  },
  'sidebar:touches': async (request, _tabId, deps) => touchPage(deps.db, request.prospectId, request.limit, request.before),
  'import:chunk': async (request, _tabId, deps) => {
    const written = request.journal
      ? await writeChunkJournaled(deps.db, request.collection, request.rows, request.journal)
      : await writeChunk(deps.db, request.collection, request.rows);
    await pingSidebars(deps.local, -1);
    // Fresh data: "rebuilt, import again" and "storage was full" are no longer news.
    await clearStoreNotices(deps.local);
    return written;
  },
  'import:resolve': async (request, _tabId, deps) =>
    // JSON messaging turns undefined array slots into null; say so explicitly.
    (await resolveProspectsInDb(deps.db, request.lookups)).map((prospect) => prospect ?? null),
  'import:journal-start': async (request, _tabId, deps) =>
    startImportJournal(deps.db, { id: request.journalId, fileName: request.fileName, fileSize: request.fileSize }),
  'import:journal-finish': async (request, _tabId, deps) => finishImportJournal(deps.db, request.journalId, request.outcome),
  'import:journal': async (_request, _tabId, deps) => readImportJournal(deps.db),
  'store:counts': async (_request, _tabId, deps) => countRows(deps.db),
  'store:usage': async (_request, _tabId, deps) => cacheUsage(deps.hub),
  'diagnostics:context': async (request, _tabId, deps) => {
    const started = performance.now();
    const context = await prospectContext(deps.db, request.ref);
    return { found: context?.prospect.id ?? null, touches: context?.touches.length ?? 0, ms: performance.now() - started };
  },
  'usage:record': async (request, _tabId, deps) => {
    const { event } = request;
    if (event.type === 'lead_feedback' && (!event.prospectId || !event.reason)) {
      throw new HandlerError('bad_request', 'Lead feedback names the prospect and one reason.');
    }
    await recordEvent(event, deps);
    return null;
  },
  'settings:get': viaHub('settings:get'),
  'settings:save': viaHub('settings:save'),
  'hub:test': viaHub('hub:test'),
  'sso:sign-in': viaHub('sso:sign-in'),
  'sso:sign-out': viaHub('sso:sign-out'),
  'sso:available': viaHub('sso:available'),
  'sync:now': viaHub('sync:now'),
  'sync:status': viaHub('sync:status'),
  'reports:usage': viaHub('reports:usage'),
  'reports:leads': viaHub('reports:leads'),
  'leads:waiting': async (_request, _tabId, deps) => waitingLeads(deps.hub),
  'data:wipe': viaHub('data:wipe'),
};

/**
 * The one path a usage event takes into the outbox. Nothing enters it before the rep agreed to
 * share usage (or a policy set it), hub or no hub (DESIGN.md): events recorded without consent
 * would leave once it is given. What the rep sent to whom still counts for "sent recently": that
 * table never leaves this browser.
 */
/**
 * Nothing enters the outbox before the rep agreed to share usage (or a policy set it), hub or no
 * hub (DESIGN.md): events recorded without consent would leave once it is given. What the rep did
 * still counts here ("sent recently", a lead no longer waiting, their feedback): those tables never
 * leave this browser.
 */
async function recordEvent(event: UsageEvent, deps: RouterDeps): Promise<void> {
  if (!(await usageAllowed(deps.hub))) {
    await recordLocally(deps.db, event);
    return;
  }
  const recorded = await recordUsage(deps.db, event);
  if (recorded.evicted > 0) {
    const notice: EvictionNotice = { at: new Date().toISOString(), touches: recorded.eviction?.touches ?? recorded.evicted };
    await deps.local.set({ [EVICTION_NOTICE_KEY]: notice }).catch(() => undefined);
  }
  await scheduleFlushSoon(deps.hub).catch(() => undefined);
}

/** Events as the sidebar makes them: optional fields absent, not undefined (what the hub receives is the same either way). */
function withoutUndefined(event: UsageEvent): UsageEvent {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as UsageEvent;
}

/**
 * A sidebar is answered only when it holds the key its tab's content script handed to the iframe
 * it created: a copy of our sidebar URL embedded by the page itself never gets that key.
 * Returns the matching key (the sidebar pins it), or undefined.
 */
async function sidebarTabKey(raw: unknown, tabId: number | undefined, deps: RouterDeps): Promise<string | undefined> {
  if (tabId === undefined) return undefined;
  const held = frameKeys.safeParse((raw as Record<string, unknown> | null)?.[FRAME_KEYS_FIELD]);
  if (!held.success || held.data.length === 0) return undefined;
  const expected = (await readTabContext(deps.session, tabId))?.frameKey;
  return expected !== undefined && held.data.includes(expected) ? expected : undefined;
}

function withoutFrameKeys(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(FRAME_KEYS_FIELD in raw)) return raw;
  const { [FRAME_KEYS_FIELD]: _keys, ...rest } = raw as Record<string, unknown>;
  return rest;
}

export async function routeMessage(raw: unknown, sender: SenderLike, deps: RouterDeps): Promise<Reply<unknown>> {
  const parsed = runtimeRequest.safeParse(withoutFrameKeys(raw));
  if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: 'Message does not match any known request.' } };
  const request = parsed.data;
  const kind = classifySender(sender, deps.runtimeId, deps.extensionOrigin);
  if (!maySend(kind, request.type)) {
    return { ok: false, error: { code: 'forbidden', message: `${request.type} is not allowed from ${kind}.` } };
  }
  const frameKey = kind === 'sidebar' ? await sidebarTabKey(raw, sender.tab?.id, deps) : undefined;
  if (kind === 'sidebar' && !frameKey) {
    return { ok: false, error: { code: FRAME_KEY_REFUSED, message: 'This sidebar was not opened by Cuecard on this page.' } };
  }
  try {
    const handler = handlers[request.type] as Handler<RequestType>;
    const run = () => handler(request, sender.tab?.id, deps, sender.origin);
    const value = await deps.guard(run);
    return frameKey ? { ok: true, value, frameKey } : { ok: true, value };
  } catch (error) {
    if (error instanceof HandlerError) return { ok: false, error: { code: error.code, message: error.message } };
    const space = isQuotaError(error) ? await measureSpace(approximateBytes((request as { rows?: unknown }).rows)) : {};
    return { ok: false, error: describeStorageError(error, space) };
  }
}
