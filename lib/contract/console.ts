/**
 * The hub routes behind the console (DESIGN.md, "Hub protocol"): sessions, the content library,
 * users, the change log and "needs attention". The hub validates every input with these schemas
 * and the console validates every answer with them: neither side defines these shapes elsewhere.
 */
import { z } from 'zod';
import { asset, COLLECTIONS, contentStatus, email, message, prospect, touch } from './data';
import { role, syncKind, usageReportResponse } from './hub';

/** Decimal digits only, as the hub reads every number in a query string ("1e3", " 7" are refused). */
const queryInt = (max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative integer')
    .transform(Number)
    .refine((value) => value <= max, `must be at most ${max}`);

const isoInstant = z.iso.datetime({ offset: true });
const filterText = z.string().trim().min(1).max(100);

// ------------------------------------------------------------------------------------------
// Sessions (the console signs in with a hub token and holds an HttpOnly cookie, never the token)

export const sessionCreate = z.object({ token: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'not a hub token') });

export const sessionUser = z.object({ id: z.string(), name: z.string(), role, email: z.string().nullable() });
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionResponse = z.object({ user: sessionUser, expiresAt: z.string() });
export type SessionResponse = z.infer<typeof sessionResponse>;

/** DELETE /v1/session: whether a session was ended (a Bearer caller has none). */
export const sessionEndResponse = z.object({ ended: z.boolean() });

// ------------------------------------------------------------------------------------------
// Content library: GET /v1/items/:kind, PUT /v1/items/:kind/:id

export const ITEM_LIST_LIMIT_MAX = 200;

export const itemListQuery = z.object({
  /** Words anywhere in the title, body or name (case-insensitive). */
  q: z.string().trim().max(200).optional(),
  status: contentStatus.optional(),
  persona: filterText.optional(),
  industry: filterText.optional(),
  stage: filterText.optional(),
  /** Approved and still valid, with validUntil within this many days. */
  expiringWithinDays: queryInt(3650).optional(),
  /** No usage event of any kind names it in this many days. */
  unusedForDays: queryInt(3650).optional(),
  /** The `cursor` of the previous page: items changed before it come next. */
  cursor: queryInt(Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInt(ITEM_LIST_LIMIT_MAX)
    .refine((value) => value >= 1, 'must be at least 1')
    .default(50),
});
export type ItemListQuery = z.input<typeof itemListQuery>;

const itemMeta = {
  id: z.string(),
  /** The change-log position of its latest version (what sync hands out). */
  seq: z.number().int().nonnegative(),
  changedAt: z.string().nullable(),
  /** Who saved the latest version in the console (null after an import or a connector run). */
  changedBy: z.string().nullable(),
  /** The newest usage event naming it (messages and assets only). */
  lastUsedAt: z.string().nullable(),
};

const messageItem = z.object({ kind: z.literal('message'), data: message, ...itemMeta });
const assetItem = z.object({ kind: z.literal('asset'), data: asset, ...itemMeta });

/** A message or an asset: what marketing writes. */
export const contentItem = z.discriminatedUnion('kind', [messageItem, assetItem]);
export type ContentItem = z.infer<typeof contentItem>;

export const libraryItem = z.discriminatedUnion('kind', [
  messageItem,
  assetItem,
  z.object({ kind: z.literal('prospect'), data: prospect, ...itemMeta }),
  z.object({ kind: z.literal('touch'), data: touch, ...itemMeta }),
]);
export type LibraryItem = z.infer<typeof libraryItem>;

export const itemListResponse = z.object({
  items: z.array(libraryItem),
  /** Pass as `cursor` for the next page; null at the end. */
  cursor: z.number().int().nullable(),
  hasMore: z.boolean(),
});
export type ItemListResponse = z.infer<typeof itemListResponse>;

export const itemPutResponse = z.object({
  item: libraryItem,
  /** False when the saved row equals the stored one: no new version, nothing for reps to sync. */
  changed: z.boolean(),
});
export type ItemPutResponse = z.infer<typeof itemPutResponse>;

export const itemRef = z.object({ kind: syncKind, id: z.string().trim().min(1).max(200) });

export const itemResponse = z.object({ item: libraryItem });

// ------------------------------------------------------------------------------------------
// Change log (audit): who changed what and when

/** Known actions; the wire takes any short word so an older console still lists a newer hub's entries. */
export const AUDIT_ACTIONS = [
  'item_created',
  'item_updated',
  'item_deleted',
  'import',
  'user_added',
  'user_updated',
  'user_rotated',
  'user_revoked',
  'scope_changed',
  'connector_added',
  'connector_updated',
  'connector_removed',
  'connector_run',
  // Single sign-on and SCIM (issue 18): failures are audited as well as changes.
  'sso_failed',
  'sso_refresh_reused',
  'user_disabled',
  'user_enabled',
  'scim_token_issued',
  'group_added',
  'group_updated',
  'group_removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string().max(40),
  targetKind: z.string().max(40),
  targetId: z.string().max(200),
  /** The content version the change produced (messages and assets). */
  version: z.number().int().nullable(),
  /** Fields the change touched, by their contract names ("status", "body", "role"…). */
  fields: z.array(z.string().max(60)).max(60),
  /** Short values worth showing beside the action: a status, a role, import counts. */
  note: z.string().max(300).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** GET /v1/items/:kind/:id/history: every recorded change of one item, newest first. */
export const itemHistoryResponse = z.object({ entries: z.array(auditEntry) });

export const auditQuery = z.object({
  kind: z.enum(['content', 'users', 'connectors', 'all']).default('all'),
  cursor: queryInt(Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInt(200)
    .refine((value) => value >= 1, 'must be at least 1')
    .default(50),
});

export const auditResponse = z.object({
  entries: z.array(auditEntry),
  cursor: z.number().int().nullable(),
  hasMore: z.boolean(),
});
export type AuditResponse = z.infer<typeof auditResponse>;

// ------------------------------------------------------------------------------------------
// Needs attention: GET /v1/attention

export const ATTENTION_EXPIRING_DAYS = 30;
export const ATTENTION_UNUSED_DAYS = 90;

export const attentionResponse = z.object({
  at: z.string(),
  /** Approved content whose validity ends within ATTENTION_EXPIRING_DAYS, soonest first. */
  expiring: z.array(contentItem),
  /** Approved, currently valid content no rep used in ATTENTION_UNUSED_DAYS. */
  unused: z.array(contentItem),
  /** Reps' "missing something?" requests of the same period, by segment. */
  requests: usageReportResponse.shape.contentRequests,
});
export type AttentionResponse = z.infer<typeof attentionResponse>;

// ------------------------------------------------------------------------------------------
// Users: GET/POST /v1/users, PATCH /v1/users/:id, POST /v1/users/:id/rotate, DELETE /v1/users/:id

export const hubUserView = z.object({
  id: z.string(),
  name: z.string(),
  role,
  email: z.string().nullable(),
  createdAt: z.string(),
  /** Set once revoked: every request with its token (or a session of it) is refused from then on. */
  revokedAt: z.string().nullable(),
  tokenExpiresAt: z.string().nullable(),
  tokenIssuedAt: z.string(),
  /** Issue 18: turned off by the identity provider (SCIM active:false); every token refused meanwhile. */
  disabledAt: z.string().nullable().optional(),
  /** Issue 18: signs in with the company's identity provider (linked by a sign-in or provisioned by SCIM). */
  companySignIn: z.boolean().optional(),
});
export type HubUserView = z.infer<typeof hubUserView>;

export const usersResponse = z.object({ users: z.array(hubUserView) });

const userName = z.string().trim().min(1, 'is required').max(200);
/** A future instant; null clears it (the token never expires). */
const tokenExpiry = isoInstant.nullable();

export const userCreate = z.object({
  name: userName,
  role,
  email: email.optional(),
  tokenExpiresAt: tokenExpiry.optional(),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userPatch = z
  .object({
    name: userName.optional(),
    role: role.optional(),
    email: email.nullable().optional(),
    tokenExpiresAt: tokenExpiry.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'nothing to change');
export type UserPatch = z.infer<typeof userPatch>;

export const userRotate = z.object({ tokenExpiresAt: tokenExpiry.optional() });

/** POST /v1/users and /rotate: the token, shown once; the hub keeps only its hash. */
export const userTokenResponse = z.object({ user: hubUserView, token: z.string() });
export type UserTokenResponse = z.infer<typeof userTokenResponse>;

export const userResponse = z.object({ user: hubUserView });

// ------------------------------------------------------------------------------------------
// POST /v1/import's answer: the row report the extension's import shows too (lib/import)

const count = z.number().int().nonnegative();

export const importReportResponse = z.object({
  imported: z.object({ prospects: count, touches: count, messages: count, assets: count }),
  rejected: count,
  errors: z.array(z.object({ collection: z.enum(COLLECTIONS), row: z.number().int(), field: z.string(), reason: z.string() })),
  duplicates: count.optional(),
  skipped: count.optional(),
  skippedReasons: z.record(z.string(), count).optional(),
  fatal: z.string().optional(),
  /** CSV: the preset the file was read with, and how many data rows it had. */
  presetId: z.string().optional(),
  rowsRead: count.optional(),
  /** Bundles with a `deletes` list: tombstones written. */
  deleted: count.optional(),
});
export type ImportReportResponse = z.infer<typeof importReportResponse>;
