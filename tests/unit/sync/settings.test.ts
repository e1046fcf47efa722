import { describe, expect, it } from 'vitest';
import { checkHubUrl, loadSettings, mergeSettings, publicSettings, saveSettings, type SettingsStores } from '../../../lib/settings/settings';
import { createHubClient, HubRequestError } from '../../../lib/sync/hub-client';

function memoryStores(managed: unknown = {}) {
  const state: { user: unknown; token?: string } = { user: undefined };
  const stores: SettingsStores = {
    readUser: async () => state.user,
    writeUser: async (values) => void (state.user = values),
    readManaged: async () => managed,
    readToken: async () => state.token,
    writeToken: async (token) => void (state.token = token || undefined),
  };
  return { state, stores };
}

describe('settings precedence', () => {
  it('defaults, then the rep’s settings, then enterprise policy on top (locked)', () => {
    const merged = mergeSettings({ hubUrl: 'https://mine.example', repName: 'Ann', usageConsent: false }, { hubUrl: 'https://corp.example', usageConsent: true });
    expect(merged.settings).toMatchObject({ hubUrl: 'https://corp.example', repName: 'Ann', usageConsent: true, disabledSites: [] });
    expect(merged.locked.sort()).toEqual(['hubUrl', 'usageConsent']);
  });

  it('ignores a bad policy value for that key only', () => {
    const merged = mergeSettings({ usageConsent: true }, { usageConsent: 'yes', repName: 'Policy Name' });
    expect(merged.settings.usageConsent).toBe(true);
    expect(merged.locked).toEqual(['repName']);
  });

  it('refuses to change a key set by the administrator', async () => {
    const { stores } = memoryStores({ hubUrl: 'https://corp.example' });
    await expect(saveSettings(stores, { hubUrl: 'https://other.example' })).rejects.toThrow(/Set by your administrator/);
    const saved = await saveSettings(stores, { repName: 'Ann' });
    expect(saved.settings).toMatchObject({ hubUrl: 'https://corp.example', repName: 'Ann' });
  });

  it('keeps the token out of the user settings area and out of what pages see', async () => {
    const { state, stores } = memoryStores();
    await saveSettings(stores, { hubUrl: 'http://127.0.0.1:8787/', hubToken: 'cch_secret' });
    expect(JSON.stringify(state.user)).not.toContain('cch_secret');
    expect(state.token).toBe('cch_secret');
    const effective = await loadSettings(stores);
    expect(effective.settings.hubUrl).toBe('http://127.0.0.1:8787');
    const shown = publicSettings(effective);
    expect(JSON.stringify(shown)).not.toContain('cch_secret');
    expect(shown.hasToken).toBe(true);
  });
});

describe('hub URL and client', () => {
  it('requires https except for a hub on this machine', () => {
    expect(checkHubUrl('https://hub.example.com/').ok).toBe(true);
    expect(checkHubUrl('http://127.0.0.1:8787').ok).toBe(true);
    expect(checkHubUrl('http://localhost:8787').ok).toBe(true);
    expect(checkHubUrl('http://hub.example.com').ok).toBe(false);
    expect(checkHubUrl('http://127.0.0.1.evil.example').ok).toBe(false);
    expect(checkHubUrl('https://user:pw@hub.example.com').ok).toBe(false);
  });

  it('turns JSON errors and bad answers into typed errors in words', async () => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => async () =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
    const client = (fetch: () => Promise<Response>) => createHubClient({ url: 'https://hub.example.com', token: 't', fetch });
    await expect(client(answer(401, { error: { code: 'unauthorized', message: 'This hub token is not valid.' } })).me()).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('This hub token is not valid.'),
    });
    // A revoked or expired token says so, instead of asking the rep to check a token that was fine.
    const revoked = await client(answer(401, { error: { code: 'token_revoked', message: 'Your access to this hub was revoked on Mon, 16 Nov 2026.' } })).sync(0, 10).catch((e: unknown) => e);
    expect(revoked).toMatchObject({ code: 'unauthorized', retryable: false });
    expect((revoked as Error).message).toMatch(/^Your access was revoked by your hub admin/);
    expect((revoked as Error).message).not.toMatch(/check it/);
    await expect(client(answer(401, { error: { code: 'token_expired', message: 'This hub token expired on Mon, 16 Nov 2026.' } })).me()).rejects.toMatchObject({
      message: expect.stringMatching(/^Your hub token has expired: ask your admin for a new one\. The hub said: This hub token expired on Mon, 16 Nov 2026\.$/),
    });
    await expect(client(answer(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '3' })).me()).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_000,
    });
    await expect(client(answer(200, { user: { id: 1 } })).me()).rejects.toMatchObject({ code: 'bad_response' });
    await expect(client(() => Promise.reject(new TypeError('Failed to fetch'))).me()).rejects.toMatchObject({ code: 'offline' });
    const slow = () => new Promise<Response>((_resolve, reject) => setTimeout(() => reject(Object.assign(new Error('t'), { name: 'TimeoutError' })), 5));
    const error = await client(slow).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubRequestError);
    expect((error as HubRequestError).retryable).toBe(true);
  });
});
