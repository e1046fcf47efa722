/**
 * The hub's single sign-on settings: which OpenID provider, this hub's client at it, and which of
 * the provider's groups may sign in and make someone marketing or admin.
 *
 * Saved by `npm run hub -- sso set …` in hub_meta (key `sso`), the client secret sealed with the
 * hub's secret box (hub/secret-box.ts); each value can instead come from an environment variable
 * (CUECARD_SSO_*), which wins over the saved one, so a deployment can keep the secret out of the
 * database entirely.
 */
import type { Queryable } from '../db';
import type { SecretBox } from '../secret-box';
import { getMeta, setMeta } from '../store';

export const SSO_META_KEY = 'sso';
/** What the sealed secret is bound to: copied into another hub_meta value, it does not decrypt. */
const SECRET_BINDING = 'sso:client_secret';

export const DEFAULT_SCOPES = 'openid email profile';
export const DEFAULT_ACCESS_MINUTES = 60;
/** A refresh token unused this long ends the sign-in; each refresh starts the period again. */
export const DEFAULT_REFRESH_DAYS = 30;

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Empty: anyone the provider signs in may use Cuecard (the provider's app assignment decides). */
  allowedGroups: string[];
  marketingGroups: string[];
  adminGroups: string[];
  scopes: string;
  accessMinutes: number;
  refreshDays: number;
}

/** As stored: the secret sealed. */
interface StoredSso {
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowedGroups: string[];
  marketingGroups: string[];
  adminGroups: string[];
  scopes?: string;
  accessMinutes?: number;
  refreshDays?: number;
  updatedAt: string;
}

export class SsoConfigError extends Error {}

/**
 * An issuer is https, or plain http on this machine (a provider in the tests, a local try-out):
 * the same exception the extension makes for a hub URL.
 */
export function checkIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SsoConfigError(`--issuer "${raw}" is not a URL. Use the issuer your identity provider names, e.g. https://acme.okta.com.`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SsoConfigError('--issuer must start with https:// (plain http only for 127.0.0.1 or localhost).');
  }
  if (url.search || url.hash || url.username || url.password) throw new SsoConfigError('--issuer must not carry a query, a fragment or credentials.');
  // Issuers are compared as exact strings (OpenID Connect Discovery §4.3): keep it as given, minus a trailing slash Okta and Entra never use.
  return url.href.replace(/\/$/, '');
}

export function isLoopbackIssuer(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);

const positive = (value: string | undefined, name: string, max: number): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) throw new SsoConfigError(`${name} must be a whole number from 1 to ${max}.`);
  return Number(value);
};

/** The CUECARD_SSO_* variables; each one overrides the saved value of the same name. */
export function ssoFromEnv(env: NodeJS.ProcessEnv): Partial<SsoConfig> {
  const out: Partial<SsoConfig> = {};
  if (env.CUECARD_SSO_ISSUER) out.issuer = checkIssuer(env.CUECARD_SSO_ISSUER);
  if (env.CUECARD_SSO_CLIENT_ID) out.clientId = env.CUECARD_SSO_CLIENT_ID.trim();
  if (env.CUECARD_SSO_CLIENT_SECRET) out.clientSecret = env.CUECARD_SSO_CLIENT_SECRET;
  const allowed = list(env.CUECARD_SSO_ALLOWED_GROUPS);
  if (allowed) out.allowedGroups = allowed;
  const marketing = list(env.CUECARD_SSO_MARKETING_GROUPS);
  if (marketing) out.marketingGroups = marketing;
  const admin = list(env.CUECARD_SSO_ADMIN_GROUPS);
  if (admin) out.adminGroups = admin;
  if (env.CUECARD_SSO_SCOPES) out.scopes = env.CUECARD_SSO_SCOPES.trim();
  const access = positive(env.CUECARD_SSO_ACCESS_MINUTES, 'CUECARD_SSO_ACCESS_MINUTES', 24 * 60);
  if (access) out.accessMinutes = access;
  const refresh = positive(env.CUECARD_SSO_REFRESH_DAYS, 'CUECARD_SSO_REFRESH_DAYS', 365);
  if (refresh) out.refreshDays = refresh;
  return out;
}

/** The effective settings, or null when SSO is not set up (saved nor by the environment). */
export async function readSsoConfig(db: Queryable, box: SecretBox, env: Partial<SsoConfig> = {}): Promise<SsoConfig | null> {
  const stored = (await getMeta(db, SSO_META_KEY)) as StoredSso | undefined;
  const issuer = env.issuer ?? stored?.issuer;
  const clientId = env.clientId ?? stored?.clientId;
  if (!issuer || !clientId) return null;
  const clientSecret = env.clientSecret ?? (stored?.clientSecretSealed ? box.open(stored.clientSecretSealed, SECRET_BINDING) : undefined);
  if (!clientSecret) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    allowedGroups: env.allowedGroups ?? stored?.allowedGroups ?? [],
    marketingGroups: env.marketingGroups ?? stored?.marketingGroups ?? [],
    adminGroups: env.adminGroups ?? stored?.adminGroups ?? [],
    scopes: env.scopes ?? stored?.scopes ?? DEFAULT_SCOPES,
    accessMinutes: env.accessMinutes ?? stored?.accessMinutes ?? DEFAULT_ACCESS_MINUTES,
    refreshDays: env.refreshDays ?? stored?.refreshDays ?? DEFAULT_REFRESH_DAYS,
  };
}

export interface SsoSetInput {
  issuer: string;
  clientId: string;
  /** Omitted: keep the saved secret (changing groups needs no secret again). */
  clientSecret?: string;
  allowedGroups?: string[];
  marketingGroups?: string[];
  adminGroups?: string[];
  scopes?: string;
  accessMinutes?: number;
  refreshDays?: number;
}

/** Saves the settings (the secret sealed). Groups given replace the saved lists; omitted ones are kept. */
export async function saveSsoConfig(db: Queryable, box: SecretBox, input: SsoSetInput): Promise<void> {
  const before = (await getMeta(db, SSO_META_KEY)) as StoredSso | undefined;
  const issuer = checkIssuer(input.issuer);
  const clientSecretSealed = input.clientSecret ? box.seal(input.clientSecret, SECRET_BINDING) : before?.clientSecretSealed;
  if (!clientSecretSealed) throw new SsoConfigError('--client-secret is required the first time (the hub keeps it encrypted and never prints it).');
  const scopes = input.scopes ?? before?.scopes ?? DEFAULT_SCOPES;
  if (!scopes.split(/\s+/).includes('openid')) throw new SsoConfigError('--scopes must include openid.');
  const stored: StoredSso = {
    issuer,
    clientId: input.clientId.trim(),
    clientSecretSealed,
    allowedGroups: input.allowedGroups ?? before?.allowedGroups ?? [],
    marketingGroups: input.marketingGroups ?? before?.marketingGroups ?? [],
    adminGroups: input.adminGroups ?? before?.adminGroups ?? [],
    scopes,
    accessMinutes: input.accessMinutes ?? before?.accessMinutes,
    refreshDays: input.refreshDays ?? before?.refreshDays,
    updatedAt: new Date().toISOString(),
  };
  await setMeta(db, SSO_META_KEY, stored);
}

export async function clearSsoConfig(db: Queryable): Promise<void> {
  await db.query('DELETE FROM hub_meta WHERE key = $1', [SSO_META_KEY]);
}

/** What `sso show` prints: everything but the secret. */
export function describeSsoConfig(config: SsoConfig): Omit<SsoConfig, 'clientSecret'> & { clientSecret: '(set)' } {
  return { ...config, clientSecret: '(set)' };
}
