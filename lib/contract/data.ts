/**
 * The cuecard/v1 data contract. Every boundary (file import, hub sync, background store)
 * parses with these schemas; nothing else defines the shape of a prospect, touch, message or asset.
 */
import { z } from 'zod';

/** Text fields are bounded so a hostile file cannot park megabytes in one cell. */
const text = (max = 2_000) => z.string().max(max);
const id = z.string().trim().min(1).max(200);
const isoDate = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO date');

/** Only https links are ever stored: javascript:, data:, http: and relative URLs are rejected rows. */
export const httpsUrl = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https: URL');

export const email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/, 'not an email address');

const stringList = z.array(text(200)).max(100);

export const TOUCH_TYPES = [
  'email_open',
  'email_click',
  'webinar',
  'download',
  'page_view',
  'ad_click',
  'event',
  'form_submit',
] as const;
export const touchType = z.enum(TOUCH_TYPES);
export type TouchType = z.infer<typeof touchType>;

/** CRMs whose record pages Cuecard reads (a page's ProspectRef names one of these). */
export const CRM_SYSTEMS = ['salesforce', 'hubspot', 'pipedrive', 'dynamics'] as const;
export const crmSystem = z.enum(CRM_SYSTEMS);
export type CrmSystem = z.infer<typeof crmSystem>;

/**
 * Every system a prospect may carry an id of: the CRMs plus the marketing platforms the hub's
 * connectors read (turn 2). Ids of marketing platforms never come from a page.
 */
export const ID_SYSTEMS = [...CRM_SYSTEMS, 'marketo', 'mautic'] as const;
export const idSystem = z.enum(ID_SYSTEMS);
export type IdSystem = z.infer<typeof idSystem>;

export const prospect = z.object({
  id,
  email,
  name: text(300).optional(),
  title: text(300).optional(),
  company: text(300).optional(),
  domain: text(253).optional(),
  stage: text(100).optional(),
  persona: text(100).optional(),
  industry: text(100).optional(),
  crmIds: z
    .object({
      salesforce: id.optional(),
      hubspot: id.optional(),
      pipedrive: id.optional(),
      dynamics: id.optional(),
      marketo: id.optional(),
      mautic: id.optional(),
    })
    .optional(),
  updatedAt: isoDate.optional(),
  /** Turn 2: the email of the rep who owns them in the CRM (their waiting leads are found by it). */
  owner: email.optional(),
  /** Turn 2: when marketing handed them to sales (an MQL date). */
  qualifiedAt: isoDate.optional(),
  /** Turn 2: lead source or first campaign, as the CRM or marketing platform names it. */
  source: text(300).optional(),
  /**
   * Issue 17: the email of the rep who owns their account (company) in the CRM. A rep's sync scope
   * holds the people on accounts they own, whoever owns each person.
   */
  accountOwner: email.optional(),
  /** Issue 17: the sales region or territory as the CRM names it; an admin may widen a rep's scope by region. */
  region: text(100).optional(),
});
export type Prospect = z.infer<typeof prospect>;

export const touch = z.object({
  id,
  prospectId: id,
  type: touchType,
  occurredAt: isoDate,
  title: text(500).optional(),
  campaign: text(300).optional(),
  assetId: id.optional(),
  url: httpsUrl.optional(),
  topics: stringList.optional(),
  automated: z.boolean().optional(),
  /**
   * Turn 2: the vendor's own bot flag as the vendor gave it, kept beside `automated` so a wrong
   * call can be checked against the source (`filteredEvent=true` from HubSpot,
   * `Is Bot Activity=true; Bot Activity Pattern=…` from Marketo). Absent when the vendor has none.
   */
  botFlag: text(300).optional(),
});
export type Touch = z.infer<typeof touch>;

export const contentStatus = z.enum(['approved', 'draft', 'retired']);

export const message = z.object({
  id,
  title: text(300),
  body: text(20_000),
  personas: stringList.optional(),
  industries: stringList.optional(),
  stages: stringList.optional(),
  status: contentStatus,
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  avoidPhrases: stringList.optional(),
  version: z.number().int().nonnegative().optional(),
  replacedBy: id.optional(),
});
export type Message = z.infer<typeof message>;

export const asset = z.object({
  id,
  title: text(300),
  url: httpsUrl,
  kind: text(100),
  stages: stringList.optional(),
  personas: stringList.optional(),
  industries: stringList.optional(),
  topics: stringList.optional(),
  status: contentStatus,
  validUntil: isoDate.optional(),
  version: z.number().int().nonnegative().optional(),
  replacedBy: id.optional(),
});
export type Asset = z.infer<typeof asset>;

export const COLLECTIONS = ['prospects', 'touches', 'messages', 'assets'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export const rowSchemas = {
  prospects: prospect,
  touches: touch,
  messages: message,
  assets: asset,
} as const;

export interface RowTypes {
  prospects: Prospect;
  touches: Touch;
  messages: Message;
  assets: Asset;
}

export const BUNDLE_FORMAT = 'cuecard/v1';

/**
 * The bundle header only: rows are validated one by one so a bad row rejects itself, not the file.
 */
export const bundleHeader = z.object({
  format: z.literal(BUNDLE_FORMAT),
  workspace: text(200).optional(),
  generatedAt: isoDate.optional(),
  prospects: z.array(z.unknown()).optional(),
  touches: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  assets: z.array(z.unknown()).optional(),
});

/** A strict bundle, for writers (demo generator, hub export) rather than readers. */
export const bundle = z.object({
  format: z.literal(BUNDLE_FORMAT),
  workspace: text(200).optional(),
  generatedAt: isoDate.optional(),
  prospects: z.array(prospect).default([]),
  touches: z.array(touch).default([]),
  messages: z.array(message).default([]),
  assets: z.array(asset).default([]),
});
export type Bundle = z.input<typeof bundle>;
