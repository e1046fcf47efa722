/**
 * Prospect lookups. Every read goes through an index: a full table scan at 10,000 prospects and
 * 500,000 touches would blow the sidebar's 300 ms budget.
 */
import Dexie from 'dexie';
import { TOUCH_TYPES, type CompanyContext, type MatchKind, type ProspectContext, type ProspectRef, type ProspectSummary, type TouchType, type TouchView } from '../contract';
import { companyKey, crmKey, emailDomain, isFreeMailDomain, normalizeDomain, normalizeEmail, stripPlusTag } from '../match/keys';
import type { CuecardDb, StoredProspect, StoredTouch } from './db';
import type { TouchSummaryRow } from './touch-summaries';
import { AT_MAX, AT_MIN } from './timeline';

export const TOUCH_PAGE_SIZE = 100;
const lowest = (prospectId: string) => [prospectId, AT_MIN, ''];
const highest = (prospectId: string) => [prospectId, AT_MAX, Dexie.maxKey];
const COMMITTEE_LIMIT = 25;

/*
 * Rows are read as they are: a damaged database or a bug elsewhere can leave rows no import or
 * sync would write. Those are skipped (required fields) or trimmed (optional fields of the wrong
 * type), never thrown on: one bad row must not take the sidebar down.
 */
const TOUCH_TYPE_SET: ReadonlySet<string> = new Set(TOUCH_TYPES);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function isProspectRow(row: unknown): row is StoredProspect {
  const r = row as Partial<StoredProspect> | null | undefined;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.email === 'string';
}

function isTouchRow(row: unknown): row is StoredTouch {
  const r = row as Partial<StoredTouch> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.prospectId === 'string' &&
    typeof r.type === 'string' &&
    TOUCH_TYPE_SET.has(r.type) &&
    typeof r.occurredAt === 'string' &&
    typeof r.at === 'number' &&
    Number.isFinite(r.at)
  );
}

function summary(row: StoredProspect): ProspectSummary {
  const { id, email, name, title, company, stage, persona, industry } = row;
  return { id, email, name: text(name), title: text(title), company: text(company), stage: text(stage), persona: text(persona), industry: text(industry) };
}

function touchView(row: StoredTouch): TouchView {
  const { id, type, occurredAt, at, title, campaign, url, topics, automated, assetId } = row;
  return {
    id,
    type,
    occurredAt,
    at,
    title: text(title),
    campaign: text(campaign),
    url: text(url),
    topics: Array.isArray(topics) ? topics.filter((topic): topic is string => typeof topic === 'string') : undefined,
    automated: typeof automated === 'boolean' ? automated : undefined,
    assetId: text(assetId),
  };
}

/** The prospect a ref points at: CRM id first, then exact email, then plus-address, in page order. */
/** A page names one person, but a workspace may hold duplicates (same email, same CRM id). */
const MATCH_CANDIDATES = 5;

export interface FoundProspect {
  row: StoredProspect;
  matchedBy: MatchKind;
  matchedValue: string;
  /** Other records the same key matched: the rep can switch to the right one. */
  others: StoredProspect[];
}

/** The prospect a ref points at: CRM id first, then exact email, then plus-address, in page order. */
export async function findProspect(db: CuecardDb, ref: ProspectRef): Promise<FoundProspect | undefined> {
  const candidates = async (index: 'crmKeys' | 'emailKeys', key: string) =>
    (await db.prospects.where(index).equals(key).limit(MATCH_CANDIDATES).toArray()).filter(isProspectRow);
  if (ref.crm) {
    const [row, ...others] = await candidates('crmKeys', crmKey(ref.crm.system, ref.crm.recordId));
    if (row) return { row, matchedBy: 'crm_id', matchedValue: ref.crm.recordId, others };
  }
  for (const raw of ref.emails) {
    const exact = normalizeEmail(raw);
    if (!exact.includes('@')) continue;
    const [byExact, ...exactOthers] = await candidates('emailKeys', exact);
    if (byExact) {
      const kind = normalizeEmail(byExact.email) === exact ? 'email' : 'plus_address';
      return { row: byExact, matchedBy: kind, matchedValue: exact, others: exactOthers };
    }
    const base = stripPlusTag(exact);
    if (base !== exact) {
      const [byBase, ...baseOthers] = await candidates('emailKeys', base);
      if (byBase) return { row: byBase, matchedBy: 'plus_address', matchedValue: exact, others: baseOthers };
    }
  }
  return undefined;
}

export async function touchPage(
  db: CuecardDb,
  prospectId: string,
  limit = TOUCH_PAGE_SIZE,
  before?: [number, string],
): Promise<TouchView[]> {
  const upper = before ? [prospectId, before[0], before[1]] : highest(prospectId);
  const rows = await db.touches
    .where('[prospectId+at+id]')
    .between(lowest(prospectId), upper, true, false)
    .reverse()
    .limit(limit)
    .toArray();
  return rows.filter(isTouchRow).map(touchView);
}

/** A prospect's touches at or after `since` (epoch ms), newest first, at most `limit`: one index range. */
export async function touchesSince(db: CuecardDb, prospectId: string, since: number, limit: number): Promise<TouchView[]> {
  const rows = await db.touches
    .where('[prospectId+at+id]')
    .between([prospectId, since, ''], highest(prospectId), true, true)
    .reverse()
    .limit(limit)
    .toArray();
  return rows.filter(isTouchRow).map(touchView);
}

function companyDomain(row: StoredProspect): string {
  if (typeof row.domainKey === 'string' && row.domainKey) return row.domainKey;
  const domain = emailDomain(row.email);
  return domain && !isFreeMailDomain(domain) ? domain : '';
}

/** Other people at a company (by its domain key), with the row checks every read applies. */
export async function committeeSummaries(db: CuecardDb, domain: string, excludeId: string | undefined, limit: number): Promise<ProspectSummary[]> {
  if (!domain) return [];
  const rows = await db.prospects.where('domainKey').equals(domain).limit(limit + 1).toArray();
  return rows
    .filter((row) => isProspectRow(row) && row.id !== excludeId)
    .slice(0, limit)
    .map(summary);
}

async function committeeOf(db: CuecardDb, domain: string, excludeId?: string): Promise<ProspectSummary[]> {
  if (!domain) return [];
  // Both by domain and, within it, by prospect id: the same people, their rows side by side.
  const [people, summaries] = await Promise.all([
    committeeSummaries(db, domain, excludeId, COMMITTEE_LIMIT),
    db.touchSummaries.where('domainKey').equals(domain).limit(COMMITTEE_LIMIT + 1).toArray(),
  ]);
  const byId = new Map<string, TouchSummaryRow>(summaries.map((row) => [row.prospectId, row]));
  // Someone whose summary names another domain (touches stored before the person) is read by id.
  const missing = people.filter((person) => !byId.has(person.id)).map((person) => person.id);
  if (missing.length > 0) for (const row of await db.touchSummaries.bulkGet(missing)) if (row) byId.set(row.prospectId, row);
  for (const person of people) {
    const at = byId.get(person.id)?.at;
    if (typeof at === 'number') person.lastTouchAt = at;
  }
  return people;
}

/** Counts by type as the type index has them, from the prospect's summary (touch-summaries.ts keeps it exact). */
async function countsFor(db: CuecardDb, prospectId: string): Promise<Pick<ProspectContext, 'touchCount' | 'countsByType'>> {
  const counts = (await db.touchSummaries.get(prospectId))?.counts ?? {};
  const countsByType: Partial<Record<TouchType, number>> = {};
  let touchCount = 0;
  for (const type of TOUCH_TYPES) {
    const n = counts[type];
    if (typeof n === 'number' && n > 0) {
      countsByType[type] = n;
      touchCount += n;
    }
  }
  return { touchCount, countsByType };
}

/** One read transaction for the whole context: its five or so requests share it instead of opening one each. */
function readContext<T>(db: CuecardDb, read: () => Promise<T>): Promise<T> {
  return db.transaction('r', [db.prospects, db.touches, db.touchSummaries], read);
}

export async function prospectContext(db: CuecardDb, ref: ProspectRef): Promise<ProspectContext | undefined> {
  return readContext(db, async () => {
    const found = await findProspect(db, ref);
    return found ? contextOf(db, found) : undefined;
  });
}

/** A person the rep picked by id (buying committee): one primary-key read, then the same context. */
export async function prospectContextById(db: CuecardDb, prospectId: string): Promise<ProspectContext | undefined> {
  return readContext(db, async () => {
    const row = await db.prospects.get(prospectId);
    return isProspectRow(row) ? contextOf(db, { row, matchedBy: 'selected', matchedValue: row.id }) : undefined;
  });
}

async function contextOf(
  db: CuecardDb,
  { row, matchedBy, matchedValue, others = [] }: { row: StoredProspect; matchedBy: MatchKind; matchedValue: string; others?: StoredProspect[] },
): Promise<ProspectContext> {
  const [touches, counts, committee] = await Promise.all([touchPage(db, row.id), countsFor(db, row.id), committeeOf(db, companyDomain(row), row.id)]);
  return { prospect: summary(row), matchedBy, matchedValue, committee, touches, ...counts, alsoMatched: others.map(summary) };
}

const COMPANY_PEOPLE_LIMIT = 50;

/**
 * Account/company pages: the company's people by website domain, or by company name when the
 * account has no website. Undefined when nobody in the workspace belongs to it.
 */
export async function companyContext(db: CuecardDb, ref: ProspectRef): Promise<CompanyContext | undefined> {
  const domain = ref.domain ? normalizeDomain(ref.domain) : undefined;
  let rows: StoredProspect[] = [];
  let matchedBy: CompanyContext['matchedBy'] = 'company_domain';
  if (domain && !isFreeMailDomain(domain)) {
    rows = await db.prospects.where('domainKey').equals(domain).limit(COMPANY_PEOPLE_LIMIT).toArray();
  }
  const nameKey = companyKey(ref.company);
  if (rows.length === 0 && nameKey) {
    matchedBy = 'company_name';
    rows = await db.prospects.where('companyKey').equals(nameKey).limit(COMPANY_PEOPLE_LIMIT).toArray();
  }
  rows = rows.filter(isProspectRow);
  if (rows.length === 0) return undefined;
  const name = ref.company || rows.map((row) => text(row.company)).find(Boolean) || domain || '';
  return { name, domain: domain ?? text(rows[0]?.domainKey), matchedBy, people: rows.map(summary) };
}

/** One person by id, as the sidebar and the ranking see them, with their company's domain key. */
export async function prospectById(db: CuecardDb, prospectId: string): Promise<{ prospect: ProspectSummary; domain: string } | undefined> {
  const row = await db.prospects.get(prospectId);
  return isProspectRow(row) ? { prospect: summary(row), domain: companyDomain(row) } : undefined;
}

/** Whether the workspace holds anyone at all ("no workspace yet" versus "not in your workspace"). */
export async function hasProspects(db: CuecardDb): Promise<boolean> {
  return (await db.prospects.limit(1).count()) > 0;
}

/** Persona and industry of these people (missing ids are left out). */
export async function prospectSegments(db: CuecardDb, ids: readonly string[]): Promise<Record<string, { persona?: string; industry?: string }>> {
  const rows = await db.prospects.bulkGet([...ids]);
  const segments: Record<string, { persona?: string; industry?: string }> = {};
  for (const row of rows) if (isProspectRow(row)) segments[row.id] = { persona: text(row.persona), industry: text(row.industry) };
  return segments;
}
