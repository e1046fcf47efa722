/**
 * Settings = defaults, then the rep's own settings, then enterprise policy (`storage.managed`) on
 * top. A key set by policy is locked: the UI shows it disabled and a write to it is refused.
 *
 * Where each part lives (decided here, for the reasons given):
 * - Non-secret settings: `storage.local` key `settings`. Content scripts can read storage.local
 *   in Chrome, which is harmless for these (Firefox's sidebar iframe even needs to: it is treated
 *   like a content script and watches storage.local).
 * - The hub token: NOT storage.local (content scripts can read it and its access level cannot be
 *   restricted) and NOT only storage.session (trusted-contexts only, but cleared on every browser
 *   restart: the rep would have to paste the token again every morning). It is kept in the
 *   background's IndexedDB (`meta` row `hubToken`): persistent, and reachable only from our own
 *   origin; a content script's IndexedDB is the web page's. No message ever returns it, not even
 *   to extension pages: they learn `hasToken` only.
 * - Policy can set the token too (`storage.managed.hubToken`): that is the admin's channel.
 */
import { DEFAULT_SETTINGS, SETTING_KEYS, settingSchemas, type PublicSettings, type SettingKey, type Settings } from '../contract';

export interface EffectiveSettings {
  settings: Settings;
  /** Keys set by enterprise policy: shown disabled, writes refused. */
  locked: SettingKey[];
}

function pickValid(source: unknown): Partial<Settings> {
  if (typeof source !== 'object' || source === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = (source as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = settingSchemas[key].safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Partial<Settings>;
}

/** Pure precedence: defaults < user < managed. */
export function mergeSettings(user: unknown, managed: unknown): EffectiveSettings {
  const fromPolicy = pickValid(managed);
  return {
    settings: { ...DEFAULT_SETTINGS, ...pickValid(user), ...fromPolicy },
    locked: SETTING_KEYS.filter((key) => key in fromPolicy),
  };
}

export type HubUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * The hub URL comes from settings only (never from a message of a content script). https is
 * required, except plain http on this machine for a local hub and the tests.
 */
export function checkHubUrl(raw: string): HubUrlCheck {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'No hub URL is set: Cuecard works from imported files only.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL. Use the form https://hub.example.com.` };
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { ok: false, message: 'The hub URL must start with https:// (plain http is only allowed for 127.0.0.1 or localhost).' };
  }
  if (url.username || url.password) return { ok: false, message: 'Put the token in the token field, not in the hub URL.' };
  if (url.search || url.hash) return { ok: false, message: 'The hub URL must not have a query or fragment.' };
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') };
}

export interface SettingsStores {
  /** storage.local */
  readUser(): Promise<unknown>;
  writeUser(values: Record<string, unknown>): Promise<void>;
  /** storage.managed; resolves {} when there is no policy. */
  readManaged(): Promise<unknown>;
  readToken(): Promise<string | undefined>;
  writeToken(token: string): Promise<void>;
}

/**
 * storage.managed.get, with "no policy" told apart: Firefox rejects with "Managed storage
 * manifest not found" when no policy is installed, Chrome resolves {}. `keep` says whether the
 * answer may be cached: "no policy" is an answer, any other failure is not (the next read retries).
 */
export async function readManagedPolicy(get: () => Promise<Record<string, unknown>>): Promise<{ value: unknown; keep: boolean }> {
  try {
    return { value: await get(), keep: true };
  } catch (error) {
    const message = (error as Error)?.message ?? '';
    const noPolicy = /managed storage manifest not found/i.test(message);
    if (!noPolicy) console.warn('[cuecard] storage.managed unreadable:', message);
    return { value: {}, keep: noPolicy };
  }
}

export async function loadSettings(stores: SettingsStores): Promise<EffectiveSettings> {
  const [user, managed, token] = await Promise.all([stores.readUser(), stores.readManaged(), stores.readToken()]);
  const userValues = typeof user === 'object' && user !== null ? { ...(user as object) } : {};
  return mergeSettings({ ...userValues, ...(token ? { hubToken: token } : {}) }, managed);
}

export class SettingsError extends Error {
  constructor(
    readonly code: 'locked' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** Applies a patch of user settings. Locked keys and invalid values are refused as a whole. */
export async function saveSettings(stores: SettingsStores, patch: Partial<Settings>): Promise<EffectiveSettings> {
  const current = await loadSettings(stores);
  const keys = (Object.keys(patch) as SettingKey[]).filter((key) => SETTING_KEYS.includes(key) && patch[key] !== undefined);
  const lockedKeys = keys.filter((key) => current.locked.includes(key) && patch[key] !== current.settings[key]);
  if (lockedKeys.length > 0) throw new SettingsError('locked', `Set by your administrator: ${lockedKeys.join(', ')} cannot be changed here.`);
  const clean: Record<string, unknown> = {};
  for (const key of keys) {
    if (current.locked.includes(key)) continue;
    const parsed = settingSchemas[key].safeParse(patch[key]);
    if (!parsed.success) throw new SettingsError('invalid', `${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    clean[key] = parsed.data;
  }
  if (typeof clean.hubUrl === 'string' && clean.hubUrl !== '') {
    const check = checkHubUrl(clean.hubUrl);
    if (!check.ok) throw new SettingsError('invalid', check.message);
    clean.hubUrl = check.url;
  }
  if ('hubToken' in clean) {
    await stores.writeToken(clean.hubToken as string);
    delete clean.hubToken;
  }
  if (Object.keys(clean).length > 0) {
    const stored = await stores.readUser();
    await stores.writeUser({ ...(typeof stored === 'object' && stored !== null ? stored : {}), ...clean });
  }
  return loadSettings(stores);
}

export function publicSettings(effective: EffectiveSettings): PublicSettings {
  const { hubToken, ...rest } = effective.settings;
  return { settings: rest, hasToken: hubToken.length > 0, locked: effective.locked };
}
