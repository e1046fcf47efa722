/** Contract rows → stored rows: the derived lookup keys are computed here and only here. */
import type { CollectionName, Prospect, RowTypes, Touch } from '../contract';
import { companyKey, emailDomain, emailKeys, isFreeMailDomain, normalizeDomain, normalizeEmail } from '../match/keys';
import { prospectCrmKeys } from '../match/prospects';
import type { StoredProspect, StoredTouch } from './db';

export function toStoredProspect(row: Prospect): StoredProspect {
  const crmKeys = prospectCrmKeys(row);
  const ownDomain = row.domain ? normalizeDomain(row.domain) : undefined;
  const mailDomain = emailDomain(row.email);
  const domainKey = ownDomain ?? (mailDomain && !isFreeMailDomain(mailDomain) ? mailDomain : '');
  return { ...row, emailKeys: emailKeys(row.email), crmKeys, domainKey, companyKey: companyKey(row.company), ...handoverKeys(row) };
}

/**
 * The [ownerKey+handedAt] index keys: both or neither (a lead without an owner waits for nobody,
 * one without a handover date was never handed over). Undefined keys keep the row out of the index.
 */
export function handoverKeys(row: Pick<Prospect, 'owner' | 'qualifiedAt'>): { ownerKey?: string; handedAt?: number } {
  const ownerKey = typeof row.owner === 'string' ? normalizeEmail(row.owner) : '';
  const handedAt = typeof row.qualifiedAt === 'string' ? Date.parse(row.qualifiedAt) : Number.NaN;
  return ownerKey && Number.isFinite(handedAt) ? { ownerKey, handedAt } : { ownerKey: undefined, handedAt: undefined };
}

export function toStoredTouch(row: Touch): StoredTouch {
  return { ...row, at: Date.parse(row.occurredAt) };
}

export function toStoredRows<C extends CollectionName>(collection: C, rows: RowTypes[C][]): unknown[] {
  if (collection === 'prospects') return (rows as Prospect[]).map(toStoredProspect);
  if (collection === 'touches') return (rows as Touch[]).map(toStoredTouch);
  return rows;
}
