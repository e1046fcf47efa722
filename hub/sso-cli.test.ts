/**
 * The commands an admin types (README, "Single sign-on"): `sso set` keeps the client secret
 * encrypted and never prints it, `sso show` prints the rest as one JSON line, `scim token` prints
 * only the token on stdout. Run as the real CLI, on a PGlite folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hubSecretBox } from './secret-box';
import { openHubDb } from './server';
import { readSsoConfig } from './sso/config';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'cuecard-sso-cli-'));
const hub = (...args: string[]) => run(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'hub/cli.ts'), ...args, '--data', dataDir], { env: { ...process.env, CUECARD_SECRET_KEY: '', DATABASE_URL: '' } });
/** The CLI with `stdin` piped in (a secret given as "-"). */
const hubWithStdin = (stdin: string, ...args: string[]) => {
  const pending = hub(...args);
  pending.child.stdin?.end(stdin);
  return pending;
};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every byte under the data folder, for "the secret is not stored in the clear". */
function folderText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('npm run hub -- sso / scim', () => {
  it('sso set saves the provider with the secret sealed; sso show prints everything but the secret', async () => {
    const secret = 'okta-secret-Zx81-never-printed';
    const set = await hub('sso', 'set', '--issuer', 'https://acme.okta.com', '--client-id', '0oa1cuecard', '--client-secret', secret, '--allowed-group', 'Cuecard Users', '--marketing-group', 'Cuecard Marketing', '--admin-group', 'Cuecard Admins', '--admin-group', 'IT');
    expect(set.stdout + set.stderr).not.toContain(secret);
    expect(set.stderr).toMatch(/chromiumapp\.org.*extensions\.allizom\.org/);
    const shown = await hub('sso', 'show');
    expect(JSON.parse(shown.stdout)).toEqual({
      issuer: 'https://acme.okta.com',
      clientId: '0oa1cuecard',
      clientSecret: '(set)',
      allowedGroups: ['Cuecard Users'],
      marketingGroups: ['Cuecard Marketing'],
      adminGroups: ['Cuecard Admins', 'IT'],
      scopes: 'openid email profile',
      accessMinutes: 60,
      refreshDays: 30,
    });
    expect(statSync(path.join(dataDir, 'connector-secret.key')).mode & 0o777).toBe(0o600);
    expect(folderText(dataDir)).not.toContain(secret);
    // Changing the groups later needs no secret again.
    await hub('sso', 'set', '--issuer', 'https://acme.okta.com', '--client-id', '0oa1cuecard', '--marketing-group', 'Field Marketing');
    expect(JSON.parse((await hub('sso', 'show')).stdout)).toMatchObject({ marketingGroups: ['Field Marketing'], adminGroups: ['Cuecard Admins', 'IT'], clientSecret: '(set)' });
    await expect(hub('sso', 'set', '--issuer', 'http://acme.okta.com', '--client-id', 'x')).rejects.toMatchObject({ stderr: expect.stringMatching(/must start with https/) });
  }, 90_000);

  it('sso set --client-secret - reads the secret from stdin (out of the process list), sealed with the hub’s one key', async () => {
    const secret = 'entra-secret~from.stdin_42';
    const set = await hubWithStdin(`${secret}\n`, 'sso', 'set', '--issuer', 'https://login.microsoftonline.com/tenant/v2.0', '--client-id', 'app-id', '--client-secret', '-');
    expect(set.stdout + set.stderr).not.toContain(secret);
    expect(folderText(dataDir)).not.toContain(secret);
    // The connectors' key file opens it: one key per hub (hub/secret-box.ts).
    const db = await openHubDb({ dataDir });
    try {
      expect((await readSsoConfig(db, hubSecretBox({ dataDir, env: {} })))?.clientSecret).toBe(secret);
    } finally {
      await db.close();
    }
    await expect(hubWithStdin('', 'sso', 'set', '--issuer', 'https://acme.okta.com', '--client-id', 'x', '--client-secret', '-')).rejects.toMatchObject({
      stderr: expect.stringMatching(/stdin had no line for it/),
    });
  }, 90_000);

  it('scim token prints one new token on stdout', async () => {
    const first = (await hub('scim', 'token')).stdout.trim();
    expect(first).toMatch(/^ccs_[A-Za-z0-9_-]{43}$/);
    const second = (await hub('scim', 'token')).stdout.trim();
    expect(second).not.toBe(first);
  }, 60_000);
});
