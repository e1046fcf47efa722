/**
 * Every runtime message, in one list. Each has a schema that is checked before any handler
 * runs; an unknown type is dropped. Who may send what is decided in lib/background/sender.ts.
 */
import { z } from 'zod';
import { COLLECTIONS, idSystem, type Prospect, rowSchemas } from './data';
import { prospectRef, siteId } from './prospect-ref';
import type { Role } from './hub';
import { leadsGroupBy } from './leads';
import type { SsoAvailability } from './sso';
import { usageEvent } from './usage';
import type { InsertCue } from './tab-messages';
import type {
  AccountEngagement,
  CacheUsageView,
  ContextDiagnostics,
  DashboardData,
  HubStatusView,
  ImportJournalEntry,
  LeadsDashboardData,
  PublicSettings,
  SidebarContextView,
  SidebarRecommendations,
  TouchView,
  WaitingLeadsView,
} from './views';

const chunkOf = <T extends z.ZodType>(row: T) => z.array(row).max(5_000);

/**
 * The secret a content script hands to the sidebar iframe it created (crypto.randomUUID). A page
 * can embed our sidebar URL itself (clickjacking); such a frame never learns the key, and the
 * background answers sidebar requests only with the key of the tab's own content script.
 */
export const frameKey = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** Sidebar requests carry the keys the sidebar was handed, beside the request (lib/messaging/client.ts). */
export const FRAME_KEYS_FIELD = 'frameKeys';
export const MAX_FRAME_KEYS = 16;
export const frameKeys = z.array(frameKey).max(MAX_FRAME_KEYS);
/** The error code of a sidebar request without its tab's key. */
export const FRAME_KEY_REFUSED = 'frame_key';

/** Ids the options page makes for an import journal (crypto.randomUUID or similar). */
const journalId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Which journal a chunk belongs to, and its place in the page's sending order. */
const chunkJournal = z.object({ id: journalId, seq: z.number().int().min(1).max(10_000_000) }).strict().optional();

/** Settings a page may save; lib/settings/settings.ts validates each value again before storing. */
const settingsPatch = z
  .object({
    hubUrl: z.string().max(2_000),
    hubToken: z.string().max(200),
    usageConsent: z.boolean(),
    repName: z.string().max(200),
    repEmail: z.string().max(320),
    ownEmailDomains: z.array(z.string().max(253)).max(200),
    disabledSites: z.array(z.string().max(100)).max(100),
    cacheBudgetMb: z.number().int(),
    sso: z.boolean(),
  })
  .partial()
  .strict();

/** Which approved message/asset an insert carries (tab-messages.ts InsertCue; ids and numbers only). */
const contentId = z.string().trim().min(1).max(200);
const insertCueShape = {
  kind: z.enum(['message', 'asset']),
  id: contentId,
  version: z.number().int().nonnegative().optional(),
  prospectId: contentId.optional(),
  rank: z.number().int().nonnegative().max(1000).optional(),
};
export const insertCue: z.ZodType<InsertCue> = z.object(insertCueShape).strict();
/** One insert of a sent draft: what it was, and how much of it the rep kept. */
export const sentInsert = z
  .object({
    ...insertCueShape,
    /** The share of the inserted words still in the email at send time (lib/match/retained.ts). */
    retained: z.number().min(0).max(1),
    scheduled: z.boolean(),
  })
  .strict();
export type SentInsert = z.infer<typeof sentInsert>;

export const runtimeRequest = z.discriminatedUnion('type', [
  /**
   * Content script → background: what the page in this tab is about now (null: nothing), and the
   * key it handed to its own sidebar iframe (lib/page/frame-key.ts).
   */
  z.object({ type: z.literal('page:context'), site: siteId, ref: prospectRef.nullable(), settled: z.boolean(), frameKey: frameKey.optional() }),
  /**
   * Sidebar → background: the prospect context for the tab the sidebar sits in, or for a person
   * the rep picked by id (buying committee).
   */
  z.object({ type: z.literal('sidebar:context'), prospectId: z.string().min(1).max(200).optional() }),
  /**
   * Sidebar → background: the activity summary of the account/company the tab's page shows (the
   * company comes from the tab's page, never from the sidebar).
   */
  z.object({ type: z.literal('sidebar:account') }).strict(),
  /** Sidebar → background: messaging, next best asset, brief for one prospect (ranked in the background). */
  z.object({ type: z.literal('sidebar:recommendations'), prospectId: z.string().min(1).max(200) }),
  /**
   * Sidebar → background → this tab's content script: insert text at the caret of the last-focused
   * compose body; `cue` says which approved message/asset it is, so its send can be told.
   */
  z.object({ type: z.literal('compose:insert'), text: z.string().min(1).max(20_000), cue: insertCue.optional() }),
  /**
   * Content script → background: a draft holding inserts was sent (and not undone), or scheduled.
   * Ids and numbers only; the background records only inserts it delivered to this tab.
   */
  z.object({ type: z.literal('compose:sent'), site: siteId, items: z.array(sentInsert).min(1).max(20) }).strict(),
  /** Content script → background: avoid-phrase rules (phrases and rule ids only) for the compose matcher. */
  z.object({ type: z.literal('compose:rules') }),
  /** Content script → background: which avoid-phrases the draft contains now (never the draft text). */
  z.object({
    type: z.literal('compose:warnings'),
    phrases: z
      .array(z.object({ phrase: z.string().min(1).max(200), ruleId: z.string().min(1).max(200) }))
      .max(50),
  }),
  /** Sidebar → background: an older page of a prospect's timeline. */
  z.object({
    type: z.literal('sidebar:touches'),
    prospectId: z.string().min(1).max(200),
    before: z.tuple([z.number(), z.string().max(200)]).optional(),
    limit: z.number().int().min(1).max(500),
  }),
  /** Options page → background: one validated chunk of an import, written in one transaction. */
  z.discriminatedUnion('collection', [
    z.object({ type: z.literal('import:chunk'), collection: z.literal('prospects'), rows: chunkOf(rowSchemas.prospects), journal: chunkJournal }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('touches'), rows: chunkOf(rowSchemas.touches), journal: chunkJournal }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('messages'), rows: chunkOf(rowSchemas.messages), journal: chunkJournal }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('assets'), rows: chunkOf(rowSchemas.assets), journal: chunkJournal }),
  ]),
  /** Options page → background: an import of this file begins (lib/store/import-journal.ts). */
  z
    .object({
      type: z.literal('import:journal-start'),
      journalId,
      fileName: z.string().min(1).max(260),
      fileSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict(),
  /** Options page → background: an import ended (or the rep dismissed the warning about one). */
  z
    .object({
      type: z.literal('import:journal-finish'),
      journalId,
      outcome: z.enum(['done', 'cancelled', 'failed', 'dismissed']),
    })
    .strict(),
  /** Extension pages → background: the import journal, to warn about imports that stopped. */
  z.object({ type: z.literal('import:journal') }).strict(),
  /** Options page → background: which stored prospects a CSV batch's people are (ids in other systems, then email). */
  z.object({
    type: z.literal('import:resolve'),
    lookups: z
      .array(
        z.object({
          email: z.string().max(320).optional(),
          ids: z.array(z.object({ system: idSystem, recordId: z.string().min(1).max(100) })).max(8).optional(),
        }),
      )
      .max(5_000),
  }),
  /** Sidebar or extension pages → background: store a usage event in the outbox (ids only). */
  z.object({ type: z.literal('usage:record'), event: usageEvent }),
  /** Extension pages → background: look a ref up and say how long the context query took (diagnostics, bench). */
  z.object({ type: z.literal('diagnostics:context'), ref: prospectRef }),
  /** Extension pages → background: how many rows each collection holds. */
  z.object({ type: z.literal('store:counts') }),
  /** Extension pages → background: what the local cache holds against its budget (issue 17). */
  z.object({ type: z.literal('store:usage') }).strict(),
  /** Extension pages → background: effective settings (never the hub token: only whether one is set). */
  z.object({ type: z.literal('settings:get') }),
  /** Extension pages → background: save user settings; keys set by policy are refused. */
  z.object({ type: z.literal('settings:save'), patch: settingsPatch }),
  /** Extension pages → background: GET /v1/me with the saved URL and token (who am I on the hub). */
  z.object({ type: z.literal('hub:test') }),
  /**
   * Extension pages → background: sign in with the company's identity provider (issue 18). The
   * background opens the provider's page (identity.launchWebAuthFlow), exchanges the code at the hub
   * and keeps the hub's tokens; the page learns who signed in (PublicSettings.ssoUser), never a token.
   */
  z.object({ type: z.literal('sso:sign-in') }).strict(),
  /** Extension pages → background: end the company sign-in (at the hub too) and forget its tokens. */
  z.object({ type: z.literal('sso:sign-out') }).strict(),
  /** Extension pages → background: whether the saved hub offers company sign-in. */
  z.object({ type: z.literal('sso:available') }).strict(),
  /** Extension pages → background: flush the usage outbox, then sync; answers the status. */
  z.object({ type: z.literal('sync:now') }),
  /** Extension pages → background: last sync/flush results, pending events, errors in words. */
  z.object({ type: z.literal('sync:status') }),
  /** Dashboard → background: usage reports (the hub's, or the rep's own in local-only mode). */
  z.object({
    type: z.literal('reports:usage'),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  }),
  /** Popup and extension pages → background: the leads marketing handed this rep that wait for them. */
  z.object({ type: z.literal('leads:waiting') }).strict(),
  /** Dashboard → background: the hub's leads report, one grouping. */
  z
    .object({
      type: z.literal('reports:leads'),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      groupBy: leadsGroupBy,
    })
    .strict(),
  /** Extension pages → background: delete the cached workspace and sync cursor (outbox kept: it is the rep's unsent work). */
  z.object({ type: z.literal('data:wipe') }),
]);
export type RuntimeRequest = z.infer<typeof runtimeRequest>;
export type RequestType = RuntimeRequest['type'];
export type RequestOf<T extends RequestType> = Extract<RuntimeRequest, { type: T }>;

export const collectionCounts = z.object(
  Object.fromEntries(COLLECTIONS.map((name) => [name, z.number().int()])) as Record<
    (typeof COLLECTIONS)[number],
    z.ZodNumber
  >,
);
export type CollectionCounts = z.infer<typeof collectionCounts>;

/**
 * What the background answers to each request type. A handler is typed against this table
 * (lib/background/router.ts), so one that answers the wrong shape does not compile
 * (tests/unit/contract/replies.typecheck.ts proves it).
 */
export interface ReplyValues {
  'page:context': null;
  'sidebar:context': SidebarContextView;
  'sidebar:recommendations': SidebarRecommendations | null;
  /** null when the tab's page shows no company the workspace knows. */
  'sidebar:account': AccountEngagement | null;
  'compose:insert': { inserted: boolean };
  /** Usage events recorded (inserts this tab did not receive are dropped). */
  'compose:sent': number;
  'compose:rules': { id: string; phrases: string[] }[];
  'compose:warnings': null;
  'sidebar:touches': TouchView[];
  /** Rows written. */
  'import:chunk': number;
  'store:counts': CollectionCounts;
  'store:usage': CacheUsageView;
  'diagnostics:context': ContextDiagnostics;
  /** In lookup order; null where nobody matched (JSON messaging turns undefined into null). */
  'import:resolve': (Prospect | null)[];
  'import:journal-start': ImportJournalEntry;
  'import:journal-finish': ImportJournalEntry | null;
  'import:journal': ImportJournalEntry[];
  'usage:record': null;
  'settings:get': PublicSettings;
  'settings:save': PublicSettings;
  'hub:test': { user: { id: string; name: string; role: Role; email?: string | null }; workspace: unknown };
  'sso:sign-in': PublicSettings;
  'sso:sign-out': PublicSettings;
  'sso:available': SsoAvailability;
  'sync:now': HubStatusView;
  'sync:status': HubStatusView;
  'reports:usage': DashboardData;
  'leads:waiting': WaitingLeadsView;
  'reports:leads': LeadsDashboardData;
  'data:wipe': CollectionCounts;
}
export type ReplyValue<T extends RequestType> = ReplyValues[T];

/** Replies carry ok/error so the caller can tell a refusal from a crash. */
export type Reply<T> =
  | {
      ok: true;
      value: T;
      /** To a sidebar only: which of the keys it sent is its tab's (it keeps that one first). */
      frameKey?: string;
    }
  | { ok: false; error: { code: string; message: string } };
