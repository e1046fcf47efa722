/**
 * Leads in the rep's browser: who marketing handed this rep, what the rep did about each prospect
 * (kept here: the outbox forgets events once the hub has them), the rep's feedback, and the two
 * small facts "open in your CRM" needs (the CRM host the rep last used per system) and "whose
 * leads" needs (the rep's email as the hub knows it). Every read goes through an index or a key.
 */
import type { CrmSystem, LeadStatusView, ProspectSummary, UsageEvent } from '../contract';
import { asLeadReason } from '../contract';
import { normalizeEmail } from '../match/keys';
import type { CuecardDb, LeadActivityRow, StoredProspect } from './db';
import { writeOwnData } from './evict';
import { CRM_ORIGINS_KEY, HUB_IDENTITY_KEY } from './meta-keys';

/** The popup lists at most this many waiting leads (the total is still counted). */
export const WAITING_LEADS_SHOWN = 50;

const AT_MIN = -8.64e15;
const AT_MAX = 8.64e15;

/*
 * Stages that say sales has taken the lead up already (accepted, working, converted, closed or
 * disqualified it), in the CRM's or marketing platform's own words, lower-cased with everything but
 * letters removed: "Working - Contacted" → "workingcontacted". A lead at such a stage is not
 * waiting for the rep, whatever Cuecard saw: the CRM says someone acted. Sources: Salesforce's
 * default Lead Status values, HubSpot's lifecycle stages (internal names) and `hs_lead_status`
 * defaults, Marketo's revenue stages (research/send-and-leads.md, part C); the demo's own stages.
 */
const SALES_TOOK_OVER = new Set([
  // Lifecycle / funnel stages past the handover
  'sql', 'sal', 'salesqualifiedlead', 'salesacceptedlead', 'salesqualified', 'salesaccepted', 'salesqualifiedleadsql',
  'opportunity', 'customer', 'evangelist', 'closedwon', 'closedlost', 'won', 'lost',
  // Lead statuses a rep sets by working the lead
  'workingcontacted', 'contacted', 'attemptedtocontact', 'connected', 'inprogress', 'opendeal', 'badtiming',
  'closedconverted', 'closednotconverted', 'converted', 'unqualified', 'disqualified', 'recycled',
]);

export function salesTookOver(stage: unknown): boolean {
  return typeof stage === 'string' && SALES_TOOK_OVER.has(stage.toLowerCase().replace(/[^a-z]/g, ''));
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function isHandedOver(row: unknown): row is StoredProspect & { ownerKey: string; handedAt: number } {
  const r = row as Partial<StoredProspect> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.email === 'string' &&
    typeof r.ownerKey === 'string' &&
    typeof r.handedAt === 'number' &&
    Number.isFinite(r.handedAt)
  );
}

function summaryOf(row: StoredProspect): ProspectSummary {
  const { id, email, name, title, company, stage, persona, industry } = row;
  return { id, email, name: text(name), title: text(title), company: text(company), stage: text(stage), persona: text(persona), industry: text(industry) };
}

/** Acted since the handover: any action of the rep's at or after it (a re-qualified lead waits again). */
function actedSince(activity: LeadActivityRow | undefined, handedAt: number): boolean {
  return typeof activity?.lastActionAt === 'number' && activity.lastActionAt >= handedAt;
}

// ---------------------------------------------------------------------------------------------
// What the rep did

/**
 * Notes an action of the rep's on a prospect: any usage event that names one (a sidebar view, a
 * copy, an insert, a send, feedback). Runs inside the caller's transaction, which must include
 * `leadActivity`. Feedback keeps the latest word: an older event arriving late does not undo it.
 */
export async function noteLeadActivity(db: CuecardDb, event: UsageEvent): Promise<void> {
  if (!event.prospectId) return;
  const at = Date.parse(event.at);
  if (!Number.isFinite(at)) return;
  const current = await db.leadActivity.get(event.prospectId);
  const next: LeadActivityRow = { prospectId: event.prospectId, lastActionAt: Math.max(at, current?.lastActionAt ?? -Infinity) };
  const feedback = current?.feedback;
  if (feedback) next.feedback = feedback;
  const reason = event.type === 'lead_feedback' ? asLeadReason(event.reason) : undefined;
  if (reason && (!feedback || at >= feedback.at)) next.feedback = { reason, at, eventId: event.id };
  await db.leadActivity.put(next);
}

export async function leadActivityOf(db: CuecardDb, prospectId: string): Promise<LeadActivityRow | undefined> {
  return db.leadActivity.get(prospectId);
}

// ---------------------------------------------------------------------------------------------
// Waiting leads

export interface WaitingLeadRow {
  row: StoredProspect;
  summary: ProspectSummary;
  handedAt: number;
}

/**
 * The leads handed to `ownerEmail` that wait for them, oldest handover first: one range of the
 * [ownerKey+handedAt] index, then one key lookup per lead for what the rep did.
 */
export async function waitingLeadRows(db: CuecardDb, ownerEmail: string, limit = WAITING_LEADS_SHOWN): Promise<{ leads: WaitingLeadRow[]; total: number }> {
  const ownerKey = normalizeEmail(ownerEmail);
  if (!ownerKey) return { leads: [], total: 0 };
  const rows = (await db.prospects.where('[ownerKey+handedAt]').between([ownerKey, AT_MIN], [ownerKey, AT_MAX], true, true).toArray()).filter(isHandedOver);
  const candidates = rows.filter((row) => !salesTookOver(row.stage));
  const activity = await db.leadActivity.bulkGet(candidates.map((row) => row.id));
  const waiting = candidates.filter((row, i) => !actedSince(activity[i], row.handedAt));
  return {
    leads: waiting.slice(0, Math.max(0, limit)).map((row) => ({ row, summary: summaryOf(row), handedAt: row.handedAt })),
    total: waiting.length,
  };
}

/**
 * One prospect as a lead, for the sidebar: the handover, whether it waits for this rep, and the
 * rep's feedback. Two key reads. `repEmail` undefined: nobody's leads are known to be "mine".
 */
export async function leadStatusOf(db: CuecardDb, prospectId: string, repEmail: string | undefined): Promise<LeadStatusView | undefined> {
  const [row, activity] = await Promise.all([db.prospects.get(prospectId), db.leadActivity.get(prospectId)]);
  if (!row || typeof row.id !== 'string') return undefined;
  const mine = Boolean(repEmail) && typeof row.ownerKey === 'string' && row.ownerKey === normalizeEmail(repEmail!);
  const handedAt = typeof row.handedAt === 'number' && Number.isFinite(row.handedAt) ? row.handedAt : undefined;
  const status: LeadStatusView = {
    mine,
    waiting: mine && handedAt !== undefined && !salesTookOver(row.stage) && !actedSince(activity, handedAt),
  };
  const qualifiedAt = text(row.qualifiedAt);
  const source = text(row.source);
  if (qualifiedAt) status.qualifiedAt = qualifiedAt;
  if (source) status.source = source;
  const reason = asLeadReason(activity?.feedback?.reason);
  if (reason && typeof activity?.feedback?.at === 'number') status.feedback = { reason, at: new Date(activity.feedback.at).toISOString() };
  return status;
}

// ---------------------------------------------------------------------------------------------
// The CRM host per system, and the rep's email as the hub knows it

/** The CRM host the rep last used, per system. `portal`: HubSpot's account id (its record URLs need it). */
export interface CrmOrigin {
  origin: string;
  portal?: string;
  /** Epoch ms it was last seen (refreshed at most hourly). */
  at: number;
}
export type CrmOrigins = Partial<Record<CrmSystem, CrmOrigin>>;

/** Seeing the same host again only refreshes `at` once an hour: page:context is on every navigation. */
const ORIGIN_REFRESH_MS = 3_600_000;

function isOrigin(value: unknown): value is CrmOrigin {
  const v = value as Partial<CrmOrigin> | null;
  return typeof v === 'object' && v !== null && typeof v.origin === 'string' && typeof v.at === 'number' && (v.portal === undefined || typeof v.portal === 'string');
}

export async function readCrmOrigins(db: CuecardDb): Promise<CrmOrigins> {
  const stored = (await db.meta.get(CRM_ORIGINS_KEY))?.value;
  const origins: CrmOrigins = {};
  if (typeof stored !== 'object' || stored === null) return origins;
  for (const [system, value] of Object.entries(stored as Record<string, unknown>)) {
    if (isOrigin(value)) origins[system as CrmSystem] = value;
  }
  return origins;
}

/** Remembers a CRM host (the caller checked it is one of that system's hosts). Writes only on change. */
export async function rememberCrmOrigin(db: CuecardDb, system: CrmSystem, seen: { origin: string; portal?: string }, now = Date.now()): Promise<boolean> {
  return db.transaction('rw', db.meta, async () => {
    const origins = await readCrmOrigins(db);
    const known = origins[system];
    const portal = seen.portal ?? (known?.origin === seen.origin ? known.portal : undefined);
    if (known && known.origin === seen.origin && known.portal === portal && now - known.at < ORIGIN_REFRESH_MS) return false;
    origins[system] = { origin: seen.origin, ...(portal ? { portal } : {}), at: now };
    await db.meta.put({ key: CRM_ORIGINS_KEY, value: origins });
    return true;
  });
}

/** Who the hub says the rep is (GET /v1/me), for the hub URL it said it at. */
export interface HubIdentity {
  hubUrl: string;
  userId: string;
  email: string | null;
  /** Epoch ms of the answer. */
  at: number;
}

export async function readHubIdentity(db: CuecardDb): Promise<HubIdentity | undefined> {
  const value = (await db.meta.get(HUB_IDENTITY_KEY))?.value as Partial<HubIdentity> | undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (typeof value.hubUrl !== 'string' || typeof value.userId !== 'string' || typeof value.at !== 'number') return undefined;
  return { hubUrl: value.hubUrl, userId: value.userId, email: typeof value.email === 'string' ? value.email : null, at: value.at };
}

export async function forgetHubIdentity(db: CuecardDb): Promise<void> {
  await db.meta.delete(HUB_IDENTITY_KEY);
}

/** The rep's own data (it finds their leads): on a full disk, old touches make room for it. */
export async function writeHubIdentity(db: CuecardDb, identity: HubIdentity): Promise<void> {
  await writeOwnData(db, () => db.meta.put({ key: HUB_IDENTITY_KEY, value: identity }));
}
