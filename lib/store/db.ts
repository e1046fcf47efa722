/**
 * The local cache. Only the background opens it: extension iframes inside web pages are refused
 * IndexedDB as third-party storage (DESIGN.md), and the content script never touches it.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Asset, LeadReason, Message, Prospect, Touch, UsageEvent } from '../contract';
import { companyKey } from '../match/keys';
import { handoverKeys } from './rows';
import { buildTouchSummaries, touchSummariesMiddleware, type TouchSummaryRow } from './touch-summaries';

/** Stored prospects carry their lookup keys beside the contract fields. */
export interface StoredProspect extends Prospect {
  emailKeys: string[];
  crmKeys: string[];
  /** Company domain (own field or email domain, free-mail excluded), '' when unknown. */
  domainKey: string;
  /** companyKey(company): finds an account's people when it has no website domain. */
  companyKey: string;
  /**
   * normalizeEmail(owner) and Date.parse(qualifiedAt), only when both are there: a rep's handed-over
   * leads, oldest first, are one range of the [ownerKey+handedAt] index (IndexedDB leaves rows
   * without them out of it).
   */
  ownerKey?: string;
  handedAt?: number;
}

/** `at` is occurredAt in epoch ms: ISO strings with offsets do not sort as text. */
export interface StoredTouch extends Touch {
  at: number;
}


/**
 * A usage event waiting for delivery to the hub. Outbox rows are never evicted to free space:
 * they are the only copy of what the rep did.
 */
export interface OutboxRow {
  id: string;
  event: UsageEvent;
  /** Epoch ms of the action, for ordering and the local usage view. */
  at: number;
  /** Delivery attempts so far; 0 until the first flush. */
  attempts: number;
}

/**
 * What the rep sent to whom lately (asset copied/inserted/sent), kept apart from the outbox: outbox rows
 * leave once the hub has them, and "sent recently" must not forget a send at the next sync.
 */
export interface RecentSendRow {
  id: string;
  prospectId: string;
  assetId: string;
  type: 'asset_copied' | 'asset_inserted' | 'asset_sent';
  at: number;
}

/**
 * What the rep did about a prospect, kept in this browser (like recentSends: the outbox forgets an
 * event once the hub has it, and these must not be forgotten). One row per prospect.
 */
export interface LeadActivityRow {
  prospectId: string;
  /** Epoch ms of the rep's latest action naming them (any usage event: a view, a copy, feedback…). */
  lastActionAt: number;
  /** The rep's latest word on the lead (the latest counts). */
  feedback?: { reason: LeadReason; at: number; eventId: string };
}

/**
 * Issue 17: a prospect this browser holds only because it was looked up on the hub (outside the
 * rep's sync scope). A row here marks the prospect (and its touches) as out of scope: kept for a
 * day, trimmed first when the cache is over its budget. Synced and imported rows carry no mark.
 */
export interface LookupRow {
  prospectId: string;
  /** Epoch ms of the hub's answer. */
  at: number;
}

/** When the sidebar last showed a prospect: the cache's budget trims the least recently viewed first. */
export interface ProspectViewRow {
  prospectId: string;
  viewedAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type CuecardDb = Dexie & {
  prospects: EntityTable<StoredProspect, 'id'>;
  touches: EntityTable<StoredTouch, 'id'>;
  messages: EntityTable<Message, 'id'>;
  assets: EntityTable<Asset, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  outbox: EntityTable<OutboxRow, 'id'>;
  recentSends: EntityTable<RecentSendRow, 'id'>;
  leadActivity: EntityTable<LeadActivityRow, 'prospectId'>;
  touchSummaries: EntityTable<TouchSummaryRow, 'prospectId'>;
  lookups: EntityTable<LookupRow, 'prospectId'>;
  prospectViews: EntityTable<ProspectViewRow, 'prospectId'>;
};

export const DB_NAME = 'cuecard';

export function openDb(name = DB_NAME): CuecardDb {
  const db = new Dexie(name) as CuecardDb;
  db.version(1).stores({
    prospects: 'id, *emailKeys, *crmKeys, domainKey',
    touches: 'id, [prospectId+at+id]',
    messages: 'id, status',
    assets: 'id, status',
    meta: 'key',
  });
  // v2: people by company name, for account pages without a website.
  db.version(2)
    .stores({ prospects: 'id, *emailKeys, *crmKeys, domainKey, companyKey' })
    .upgrade((tx) =>
      tx
        .table('prospects')
        .toCollection()
        .modify((row: StoredProspect) => {
          row.companyKey = companyKey(row.company);
        }),
    );
  // v3: the usage outbox.
  db.version(3).stores({ outbox: 'id, at' });
  // v4: counts per touch type come from index counts, without reading a single touch.
  db.version(4).stores({ touches: 'id, [prospectId+at+id], [prospectId+type]' });
  // v5: recent sends per prospect, for "sent recently", surviving outbox delivery.
  db.version(5).stores({ recentSends: 'id, at, [prospectId+at]' });
  // v6: the oldest touches across all prospects, so a full disk can give up the oldest first (evict.ts).
  db.version(6).stores({ touches: 'id, [prospectId+at+id], [prospectId+type], at' });
  // v7: a rep's handed-over leads by owner and handover time, and what the rep did about each prospect.
  db.version(7)
    .stores({ prospects: 'id, *emailKeys, *crmKeys, domainKey, companyKey, [ownerKey+handedAt]', leadActivity: 'prospectId' })
    .upgrade((tx) =>
      tx
        .table('prospects')
        .toCollection()
        .modify((row: StoredProspect) => {
          Object.assign(row, handoverKeys(row));
        }),
    );
  // v8: per prospect, touch counts by type and the newest touch, by company domain: a context is
  // then a handful of reads whatever the history (touch-summaries.ts). Filled from the keys
  // already stored, once.
  db.version(8)
    .stores({ touchSummaries: 'prospectId, domainKey' })
    .upgrade((tx) => buildTouchSummaries(tx.idbtrans));
  // v9 (issue 17): looked-up prospects and when each prospect was last viewed.
  // New tables only: no existing table's indexes are restated.
  db.version(9).stores({ lookups: 'prospectId, at', prospectViews: 'prospectId, viewedAt' });
  db.use(touchSummariesMiddleware);
  return db;
}

/** The Dexie version openDb declares last; IndexedDB sees it times ten. */
export const DB_VERSION = 9;

/**
 * Each object store, its primary key path and the version that created it: what a healthy
 * database at a given version must hold (db-recovery.ts). Indexes are left out on purpose: Dexie
 * adds a missing index on open without losing a row, a missing store means lost data.
 */
export const STORE_HISTORY: readonly { name: keyof CuecardDb & string; keyPath: string; since: number }[] = [
  { name: 'prospects', keyPath: 'id', since: 1 },
  { name: 'touches', keyPath: 'id', since: 1 },
  { name: 'messages', keyPath: 'id', since: 1 },
  { name: 'assets', keyPath: 'id', since: 1 },
  { name: 'meta', keyPath: 'key', since: 1 },
  { name: 'outbox', keyPath: 'id', since: 3 },
  { name: 'recentSends', keyPath: 'id', since: 5 },
  { name: 'leadActivity', keyPath: 'prospectId', since: 7 },
  // Derived from prospects and touches, but kept only as they are written: without it counts and last touches are lost.
  { name: 'touchSummaries', keyPath: 'prospectId', since: 8 },
  { name: 'lookups', keyPath: 'prospectId', since: 9 },
  { name: 'prospectViews', keyPath: 'prospectId', since: 9 },
];
