/**
 * What the background answers with: the shapes that cross from the background to the sidebar,
 * the options page, the popup and the dashboard. Types only (no zod, no runtime code), so every
 * side imports them from here and no UI imports a store, sync or background module to learn a shape.
 * The engines (lib/store queries, lib/recommend, lib/sync) produce exactly these types.
 */
import type { Asset, CrmSystem, Message, TouchType } from './data';
import type { Role, UsageReportResponse, UsageReportRow } from './hub';
import type { LeadsGroupBy, LeadsReportRow } from './leads';
import type { LeadReason } from './usage';
import type { SiteId } from './prospect-ref';
import type { Settings, SettingKey } from './settings';

// ---------------------------------------------------------------------------------------------
// Prospects and touches

/** `selected`: the rep picked this person (e.g. from the buying committee), the page did not name them. */
export type MatchKind = 'crm_id' | 'email' | 'plus_address' | 'company_domain' | 'selected';

export interface ProspectSummary {
  id: string;
  email: string;
  name?: string;
  title?: string;
  company?: string;
  stage?: string;
  persona?: string;
  industry?: string;
  /** Committee entries only: when marketing last touched this person (epoch ms). */
  lastTouchAt?: number;
}

export interface TouchView {
  id: string;
  type: TouchType;
  occurredAt: string;
  at: number;
  title?: string;
  campaign?: string;
  url?: string;
  topics?: string[];
  automated?: boolean;
  /** The asset the touch was about: ranking needs it to leave out what the prospect already read. */
  assetId?: string;
}

export interface ProspectContext {
  prospect: ProspectSummary;
  /**
   * Issue 17: the prospect is outside the rep's sync scope and was looked up on the hub (ISO time of
   * the hub's answer); the sidebar says "from your hub". Absent for the rep's own territory.
   */
  fromHub?: { at: string };
  matchedBy: MatchKind;
  /** What was matched: the CRM id, the email or the domain. */
  matchedValue: string;
  /** Other people at the same company, most recently updated first. */
  committee: ProspectSummary[];
  touches: TouchView[];
  touchCount: number;
  countsByType: Partial<Record<TouchType, number>>;
  /** Other records the page's CRM id or email also matched (duplicates in the workspace). */
  alsoMatched: ProspectSummary[];
  /** Their handover to sales and the rep's word on them (the background adds it; absent in bare store reads). */
  lead?: LeadStatusView;
}

/** What the rep said of a lead last (lead feedback: the latest counts). */
export interface LeadFeedbackView {
  reason: LeadReason;
  /** ISO time the rep said it. */
  at: string;
}

/** A prospect as a lead: marketing's handover, and the rep's own word on them. */
export interface LeadStatusView {
  /** When marketing handed them to sales (ISO, as the data has it). */
  qualifiedAt?: string;
  /** Lead source or first campaign. */
  source?: string;
  /** Handed to this rep: their `owner` is the rep's own email. */
  mine: boolean;
  /** Handed to this rep, and the rep has done nothing about them since (before this view). */
  waiting: boolean;
  feedback?: LeadFeedbackView;
}

/** A lead handed to this rep that waits for them (the popup's list). */
export interface WaitingLead {
  prospect: ProspectSummary;
  /** `qualifiedAt` as the data has it, and as epoch ms. */
  qualifiedAt: string;
  handedAt: number;
  source?: string;
  /** The record in the rep's CRM (https), when Cuecard knows the CRM's host and the record's id there. */
  crmUrl?: string;
  crmSystem?: CrmSystem;
}

export interface WaitingLeadsView {
  /** Whose leads: absent when Cuecard does not know the rep's email (no hub answer, no setting). */
  repEmail?: string;
  /** Where the email came from: the hub's `/v1/me`, or the options page. */
  emailFrom?: 'hub' | 'settings';
  /** Oldest handover first; at most WAITING_LEADS_SHOWN of them. */
  leads: WaitingLead[];
  /** Every waiting lead, also those past the list's end. */
  total: number;
}

export interface CompanyContext {
  name: string;
  domain?: string;
  matchedBy: 'company_domain' | 'company_name';
  people: ProspectSummary[];
}

/** One week of an account's touches (weeks start on Monday, UTC). */
export interface EngagementWeek {
  /** ISO date (YYYY-MM-DD) of the week's Monday. */
  start: string;
  /** Touches by its people that week, automated opens left out. */
  touches: number;
}

export interface EngagedPerson {
  person: ProspectSummary;
  /** Their touches in the window, automated opens left out. */
  touches: number;
  /** Epoch ms of their newest such touch. */
  lastAt: number;
}

export interface AccountCampaign {
  name: string;
  touches: number;
  /** How many of the account's people it reached. */
  people: number;
  /** Epoch ms of its newest touch at this account. */
  lastAt: number;
}

/** The next best asset for a whole account: ranked for each of its engaged people, then together. */
export interface AccountAssetCue {
  asset: Asset;
  score: number;
  /** Reason codes (lib/recommend rankAssetsForAccount), strongest first. */
  reasons: string[];
  /** The reasons as the rep reads them, same order. */
  reasonTexts: string[];
  /** The people it was ranked for and fits, best first. */
  people: ProspectSummary[];
}

/** An account/company page's activity summary (`sidebar:account`). */
export interface AccountEngagement {
  /** The window: `days` days up to `to` (ISO). */
  from: string;
  to: string;
  days: number;
  /** People of the account the summary read (the company view's people). */
  people: number;
  /** Their touches in the window, automated opens left out. */
  touches: number;
  /** Oldest week first, every week of the window, empty ones included. */
  weeks: EngagementWeek[];
  /** Most touches in the window first. */
  engaged: EngagedPerson[];
  topTopics: TopicInterest[];
  /** What marketing ran for them: most touches first. */
  campaigns: AccountCampaign[];
  /** Best first: the top one and a few alternates. */
  assets: AccountAssetCue[];
  /** How long reading and ranking took (ms), for the bench and the log. */
  tookMs: number;
}

/** Everything the sidebar can be showing; the background decides which. */
export type SidebarState =
  | { status: 'no-page' }
  | { status: 'loading'; site: SiteId }
  | { status: 'no-data'; site: SiteId }
  /** `company`: the person is unknown but their company is not; its people are shown below. */
  | {
      status: 'no-match';
      site: SiteId;
      hint: string;
      company?: CompanyContext;
      /**
       * Issue 17, what the hub said: `none` — it does not know them either; `offline` — it could not
       * be asked (the person may exist there). Absent without a hub.
       */
      hubLookup?: 'none' | 'offline';
    }
  | { status: 'match'; site: SiteId; context: ProspectContext }
  | { status: 'company'; site: SiteId; company: CompanyContext };

/** An avoid-phrase the rep's draft contains now: the phrase and its rule id, never the draft. */
export interface ComposeWarning {
  phrase: string;
  ruleId: string;
}

/** `sidebar:context`: the state plus the tab it is for and the draft's warnings. */
export type SidebarContextView = SidebarState & { tabId?: number; warnings?: ComposeWarning[] };

// ---------------------------------------------------------------------------------------------
// Recommendations (lib/recommend computes them; the sidebar shows them)

/** Segment dimensions a message or asset can be written for. */
export type Dimension = 'persona' | 'industry' | 'stage';
export type MessageReasonCode = 'stage_fit' | 'persona_fit' | 'industry_fit';

export interface RankedMessage {
  message: Message;
  /** True when no segment the message restricts rules this prospect out. */
  fit: boolean;
  /** Segments the message names explicitly and the prospect matches. */
  reasons: MessageReasonCode[];
  /** Segments the message restricts and this prospect is outside of (only when fit is false). */
  mismatches: Dimension[];
}

export interface TopicInterest {
  /** Lower-cased, trimmed topic. */
  topic: string;
  /** Sum of decayed, type-weighted touches. */
  score: number;
  /** score / the sum of every topic's score: 0..1, the shares of all topics add up to 1. */
  share: number;
  /** Non-automated touches that carried the topic. */
  touches: number;
  /** Epoch ms of the newest such touch. */
  lastAt: number;
}

export interface Brief {
  text: string;
  markdown: string;
}

/**
 * Phrases marketing asked reps to avoid, as one rule per message (`id` = message id);
 * `alternative` is what the warning names (by default that message's title).
 */
export interface AvoidPhraseRule {
  /** The message that lists the phrases. */
  id: string;
  phrases: readonly string[];
  /** What to use instead, as shown to the rep. */
  alternative?: string;
}

export interface AssetCue {
  asset: Asset;
  /** 1-based position in the ranking, for usage events. */
  rank: number;
  score: number;
  reasons: string[];
  /** The reasons as the rep reads them, same order. */
  reasonTexts: string[];
}

/** A ranked message as rankMessages returns it (message, fit, reasons, mismatches). */
export type MessageCue = RankedMessage;

export interface SidebarRecommendations {
  prospectId: string;
  /** The `now` the ranking used (ISO). */
  at: string;
  /** Approved, valid messages: fitting first, then the rest (for search). */
  messages: MessageCue[];
  /** Ranked eligible assets, best first, at most ASSETS_SENT. */
  assets: AssetCue[];
  /** Same-named lookups for "replaced by vN": every approved message/asset id → version/title. */
  versions: Record<string, { title: string; version?: number; kind: 'message' | 'asset' }>;
  topTopics: TopicInterest[];
  brief: Brief;
  avoidRules: AvoidPhraseRule[];
  /** From settings, when the rep set a name; fillTemplate falls back otherwise. */
  repName?: string;
  /** Time the whole computation took (reads + ranking), for the bench and the log. */
  tookMs: number;
  /** How many rows ranking read, for the log. */
  counts: { messages: number; assets: number; touches: number; usage: number };
}

// ---------------------------------------------------------------------------------------------
// Sync, flush and the local store's health

export interface BackoffState {
  /** Failures in a row; 0 after a success. */
  failures: number;
  /** Epoch ms before which scheduled runs skip; 0 = go. */
  nextAttemptAt: number;
}

export interface SkippedRow {
  seq: number;
  /** As the hub sent it: may be a kind this client does not know. */
  kind: string;
  id: string;
  reason: string;
}

export interface ChannelStatus {
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** The last attempt's failure, in words; absent after a success. */
  error?: { code: string; message: string };
  backoff: BackoffState;
}

export interface SyncChannelStatus extends ChannelStatus {
  cursor?: number;
  lastChanges?: number;
  skippedCount?: number;
  skipped?: SkippedRow[];
}

export interface FlushChannelStatus extends ChannelStatus {
  lastDelivered?: number;
}

export interface RecoveryNotice {
  at: string;
  /** Undelivered usage events carried over into the rebuilt database. */
  salvagedEvents: number;
  /** A hub was configured: the data comes back by syncing, not by importing again. */
  hub: boolean;
}

export interface EvictionNotice {
  at: string;
  /** Touches removed to make room for the rep's own data, in total. */
  touches: number;
}

export interface StoreNotices {
  recovered?: RecoveryNotice;
  evicted?: EvictionNotice;
}

/** What pages see of the hub connection (no token, no URLs with secrets). */
export interface HubStatusView {
  /** 'local': no hub URL set, Cuecard works from imported files. */
  mode: 'hub' | 'local';
  hubUrl: string;
  usageConsent: boolean;
  pending: number;
  sync: SyncChannelStatus;
  flush: FlushChannelStatus;
  /** The local store was rebuilt or had to give up old touches (absent in older callers). */
  notices?: StoreNotices;
}

// ---------------------------------------------------------------------------------------------
// Settings, imports, the dashboard

/** What pages may see of the settings: everything but the token itself. */
export interface PublicSettings {
  settings: Omit<Settings, 'hubToken'>;
  hasToken: boolean;
  locked: SettingKey[];
  /** Who is signed in with the company's identity provider on this hub (issue 18); null: nobody. */
  ssoUser?: { name: string; email: string | null; role: Role } | null;
}

export type ImportJournalStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'superseded' | 'dismissed';
/** How the page that ran an import (or dismissed a warning) ends an entry. */
export type ImportOutcome = 'done' | 'cancelled' | 'failed' | 'dismissed';

export interface ImportJournalEntry {
  /** Chosen by the page (random); the page's Web Lock carries the same id while it runs. */
  id: string;
  fileName: string;
  fileSize: number;
  /** Epoch ms, background clock. */
  startedAt: number;
  updatedAt: number;
  rowsWritten: number;
  /** Highest chunk sequence number applied: a chunk re-sent after a lost reply is not counted twice. */
  chunks: number;
  status: ImportJournalStatus;
  finishedAt?: number;
}

export interface ContentSegment {
  personas: string[];
  industries: string[];
}

export interface DashboardData {
  mode: 'hub' | 'local' | 'forbidden';
  user?: { name: string; role: Role };
  from: string;
  to: string;
  /** Monday (UTC) of each week in the trend, oldest first. */
  weeks: string[];
  messages: UsageReportRow[];
  assets: UsageReportRow[];
  reps: UsageReportRow[];
  surfaces: UsageReportRow[];
  byWeek: UsageReportRow[];
  /** `message:<id>` / `asset:<id>` → copies + inserts + opens per week, aligned with `weeks`. */
  trends: Record<string, number[]>;
  unused: UsageReportResponse['unused'];
  contentRequests: UsageReportResponse['contentRequests'];
  /** `message:<id>` / `asset:<id>` → what marketing tagged it for. */
  segments: Record<string, ContentSegment>;
}

/** `reports:leads`: the hub's leads report for the dashboard (hub mode only). */
export interface LeadsDashboardData {
  /** 'local': no hub, so no report (it needs every rep's follow-ups). */
  mode: 'hub' | 'local' | 'forbidden';
  user?: { name: string; role: Role };
  from: string;
  to: string;
  groupBy: LeadsGroupBy;
  rows: LeadsReportRow[];
  totals?: LeadsReportRow;
}

/** `store:usage`: what the local cache holds against its budget (issue 17), for the options page. */
export interface CacheUsageView {
  prospects: number;
  /** Synced or imported: the rep's territory. */
  inScope: number;
  /** Looked up on the hub, outside the territory (kept a day). */
  lookedUp: number;
  touches: number;
  messages: number;
  assets: number;
  /** The cache's own estimate (rows × their average stored size). */
  estimatedBytes: number;
  budgetBytes: number;
  /** What the browser says this extension uses and may use (everything, not only the cache). */
  browserUsage?: number;
  browserQuota?: number;
}

/** `diagnostics:context`: which prospect a ref found and how long the query took. */
export interface ContextDiagnostics {
  found: string | null;
  touches: number;
  ms: number;
}
