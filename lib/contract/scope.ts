/**
 * Issue 17: what each user's sync carries (their scope) and the on-demand lookup of anyone else.
 * The hub's routes and the extension's hub client both validate with these schemas.
 *
 * A user's scope is the prospects (with their touches) the hub puts in their `GET /v1/sync` feed,
 * plus every message and asset:
 * - `territory` (the default for reps with an address): prospects they own (`owner`), that their
 *   team owns, on accounts they own (`accountOwner`), in the regions or of the extra owners an admin
 *   added, and the people they opened in the last `openedDays` days;
 * - `workspace`: every prospect (the default for marketing, admins, and reps without an address,
 *   who have no territory to hold).
 */
import { z } from 'zod';
import { crmSystem, email, prospect, touch, type Prospect, type Touch } from './data';

export const SCOPE_MODES = ['territory', 'workspace'] as const;
export const scopeMode = z.enum(SCOPE_MODES);
export type ScopeMode = z.infer<typeof scopeMode>;

/** How far back touches go when an admin has not said (two years). */
export const DEFAULT_TOUCH_HORIZON_DAYS = 730;
/** How long a person the rep opened stays in their scope. */
export const DEFAULT_OPENED_DAYS = 30;

const label = z.string().trim().min(1).max(100);

/**
 * What an admin sets for one user. `null` means "the default" (mode by role, the default horizon and
 * opened window); a list replaces the stored one.
 */
export const scopePatch = z
  .object({
    mode: scopeMode.nullable(),
    /** The user's own team: the prospects its members own are in their scope. */
    team: label.nullable(),
    /** More teams whose prospects the user covers. */
    teams: z.array(label).max(50),
    /** Regions (prospect `region`) the user covers. */
    regions: z.array(label).max(200),
    /** Other reps' addresses whose prospects the user covers (a colleague on leave). */
    owners: z.array(email).max(200),
    touchHorizonDays: z.number().int().min(1).max(36_500).nullable(),
    /** 0: people the rep opens never join their scope (they are still looked up on demand). */
    openedDays: z.number().int().min(0).max(365).nullable(),
  })
  .partial()
  .strict();
export type ScopePatch = z.infer<typeof scopePatch>;

export const scopeSettings = z.object({
  mode: scopeMode.nullable(),
  team: z.string().nullable(),
  teams: z.array(z.string()),
  regions: z.array(z.string()),
  owners: z.array(z.string()),
  touchHorizonDays: z.number().int().nullable(),
  openedDays: z.number().int().nullable(),
});
export type ScopeSettings = z.infer<typeof scopeSettings>;

/** `GET /v1/scope` (one's own), `GET|PUT /v1/users/:id/scope` (admins). */
export const scopeView = z.object({
  userId: z.string(),
  /** What the admin set (null: the default). */
  settings: scopeSettings,
  /** What applies, defaults filled in. */
  effective: z.object({
    mode: scopeMode,
    touchHorizonDays: z.number().int(),
    openedDays: z.number().int(),
  }),
  /** Prospects in the user's feed now, and how many of them because the user opened them. */
  prospects: z.number().int(),
  opened: z.number().int(),
});
export type ScopeView = z.infer<typeof scopeView>;

/** `PUT /v1/users/:id/scope`: the new scope and how many prospects entered or left the user's feed. */
export const scopeChange = z.object({ scope: scopeView, entered: z.number().int(), left: z.number().int() });
export type ScopeChange = z.infer<typeof scopeChange>;

/**
 * `GET /v1/lookup?email=…` or `?system=salesforce&id=…`: only what the page script already reads
 * (one address, or one CRM record id), never a name or anything else on the page.
 */
export const lookupQuery = z
  .object({
    email: email.optional(),
    system: crmSystem.optional(),
    id: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((query) => (query.email !== undefined) !== (query.system !== undefined || query.id !== undefined), 'give either email, or system and id')
  .refine((query) => (query.system === undefined) === (query.id === undefined), 'system and id go together');
export type LookupQuery = z.infer<typeof lookupQuery>;

/** The most touches one lookup answers with (newest first, inside the user's touch horizon). */
export const LOOKUP_TOUCH_LIMIT = 1_000;

/**
 * The answer: the matching prospects (best match first; more than one when the workspace holds
 * duplicates) and the first one's touches, as the contract's rows. Empty `prospects`: nobody.
 * Rows are checked one by one (parseLookupRows), as sync checks each change: one row a newer hub
 * writes differently must not hide the person.
 */
export const lookupResponse = z.object({
  prospects: z.array(z.unknown()).max(5),
  touches: z.array(z.unknown()).max(LOOKUP_TOUCH_LIMIT),
  /** More touches exist than were sent (past LOOKUP_TOUCH_LIMIT). */
  truncated: z.boolean(),
});
export type LookupResponse = z.infer<typeof lookupResponse>;

export interface LookupRows {
  prospects: Prospect[];
  touches: Touch[];
  truncated: boolean;
  /** Rows that failed the contract and were left out. */
  skipped: number;
}

export function parseLookupRows(response: LookupResponse): LookupRows {
  let skipped = 0;
  const keep = <T>(schema: z.ZodType<T>, rows: unknown[]): T[] =>
    rows.flatMap((row) => {
      const parsed = schema.safeParse(row);
      if (parsed.success) return [parsed.data];
      skipped += 1;
      return [];
    });
  const prospects = keep(prospect, response.prospects);
  const ids = new Set(prospects.map((row) => row.id));
  // Touches of a prospect the answer does not carry would be orphans in the cache.
  const touches = keep(touch, response.touches).filter((row) => ids.has(row.prospectId));
  return { prospects, touches, truncated: response.truncated, skipped };
}
