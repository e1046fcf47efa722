/**
 * Every runtime message, in one list. Each has a schema that is checked before any handler
 * runs; an unknown type is dropped. Who may send what is decided in lib/background/sender.ts.
 */
import { z } from 'zod';
import { COLLECTIONS, crmSystem, rowSchemas } from './data';
import { prospectRef, siteId } from './prospect-ref';
import { usageEvent } from './usage';

const chunkOf = <T extends z.ZodType>(row: T) => z.array(row).max(5_000);

export const runtimeRequest = z.discriminatedUnion('type', [
  /** Content script → background: what the page in this tab is about now (null: nothing). */
  z.object({ type: z.literal('page:context'), site: siteId, ref: prospectRef.nullable(), settled: z.boolean() }),
  /** Sidebar → background: the prospect context for the tab the sidebar sits in. */
  z.object({ type: z.literal('sidebar:context') }),
  /** Sidebar → background: an older page of a prospect's timeline. */
  z.object({
    type: z.literal('sidebar:touches'),
    prospectId: z.string().min(1).max(200),
    before: z.tuple([z.number(), z.string().max(200)]).optional(),
    limit: z.number().int().min(1).max(500),
  }),
  /** Options page → background: one validated chunk of an import, written in one transaction. */
  z.discriminatedUnion('collection', [
    z.object({ type: z.literal('import:chunk'), collection: z.literal('prospects'), rows: chunkOf(rowSchemas.prospects) }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('touches'), rows: chunkOf(rowSchemas.touches) }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('messages'), rows: chunkOf(rowSchemas.messages) }),
    z.object({ type: z.literal('import:chunk'), collection: z.literal('assets'), rows: chunkOf(rowSchemas.assets) }),
  ]),
  /** Options page → background: which stored prospects a CSV batch's people are (CRM id, email). */
  z.object({
    type: z.literal('import:resolve'),
    lookups: z
      .array(
        z.object({
          email: z.string().max(320).optional(),
          crm: z.object({ system: crmSystem, recordId: z.string().min(1).max(100) }).optional(),
        }),
      )
      .max(5_000),
  }),
  /** Sidebar or extension pages → background: store a usage event in the outbox (ids only). */
  z.object({ type: z.literal('usage:record'), event: usageEvent }),
  /** Extension pages → background: how many rows each collection holds. */
  z.object({ type: z.literal('store:counts') }),
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

/** Replies carry ok/error so the caller can tell a refusal from a crash. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
