/**
 * The rep's settings: one schema per key, so a bad value in one place (say, a typo in a policy)
 * drops only that key. Precedence and storage live in lib/settings; pages save through the
 * `settings:save` request, whose patch is these schemas, partial.
 */
import { z } from 'zod';
import { email } from './data';

/** Bounds of the cache budget a rep or a policy may set, in MB. */
export const CACHE_BUDGET_MIN_MB = 50;
export const CACHE_BUDGET_MAX_MB = 20_000;
/** The default budget: a 2,000-prospect territory with two years of touches takes a few tens of MB. */
export const DEFAULT_CACHE_BUDGET_MB = 1_024;

const hostish = z.string().trim().toLowerCase().min(1).max(253);
/** The rep's own address, or '' for none; compared with prospects' `owner` case-insensitively. */
const ownAddress = z.union([z.literal(''), email]);

export const settingSchemas = {
  hubUrl: z.string().trim().max(2_000),
  hubToken: z.string().trim().max(200),
  usageConsent: z.boolean(),
  repName: z.string().trim().max(200),
  /**
   * Turn 2: the rep's own email, which finds the leads marketing hands them (prospect `owner`).
   * A hub that knows the rep's email (`/v1/me`) is asked first; this is for working without one.
   */
  repEmail: ownAddress,
  ownEmailDomains: z.array(hostish).max(200),
  disabledSites: z.array(z.string().trim().min(1).max(100)).max(100),
  /** Issue 17: how much the local cache may take, in MB; past it, the least recently viewed people go first. */
  cacheBudgetMb: z.number().int().min(CACHE_BUDGET_MIN_MB).max(CACHE_BUDGET_MAX_MB),
  /**
   * Issue 18: sign in with the company's identity provider. With it (typically set by policy with
   * hubUrl), the popup leads with "Sign in with your company": a rep's first run is one click.
   */
  sso: z.boolean(),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];
export type Settings = { [K in SettingKey]: z.infer<(typeof settingSchemas)[K]> };

export const DEFAULT_SETTINGS: Settings = {
  hubUrl: '',
  hubToken: '',
  usageConsent: false,
  repName: '',
  repEmail: '',
  ownEmailDomains: [],
  disabledSites: [],
  cacheBudgetMb: DEFAULT_CACHE_BUDGET_MB,
  sso: false,
};
