/**
 * Secrets at rest, the hub's one scheme (connector credentials and the identity provider's client
 * secret): AES-256-GCM, the key from CUECARD_SECRET_KEY or a 0600 key file made on first use,
 * ciphertexts bound to what they belong to, and redaction of every form a secret takes in a message.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubSecretBox, KEY_FILE_NAME, redactSecrets, SECRET_KEY_ENV, secretBoxFromKey, SecretKeyError } from './secret-box';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cuecard-secret-box-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the secret box', () => {
  it('seals with AES-256-GCM: the text is not in the ciphertext, each seal differs, and it opens only for what it is bound to', () => {
    const box = secretBoxFromKey(randomBytes(32));
    const sealed = box.seal('okta-client-secret-value', 'sso:client_secret');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('client-secret');
    expect(box.seal('okta-client-secret-value', 'sso:client_secret')).not.toBe(sealed);
    expect(box.open(sealed, 'sso:client_secret')).toBe('okta-client-secret-value');
    expect(() => box.open(sealed, 'connector:c_1')).toThrow(SecretKeyError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from(Buffer.from(parts[3]!, 'base64').map((byte, i) => (i === 0 ? byte ^ 1 : byte))).toString('base64');
    expect(() => box.open(parts.join('.'), 'sso:client_secret')).toThrow(SecretKeyError);
  });

  it("seals connector credentials bound to their connector: copied onto another connector's row, they do not open", () => {
    const box = secretBoxFromKey(randomBytes(32));
    const secret = JSON.stringify({ token: 'pat-na1-very-secret-token' });
    const sealed = box.seal(secret, 'c_1');
    expect(sealed).not.toContain('very-secret');
    expect(box.open(sealed, 'c_1')).toBe(secret);
    expect(() => box.open(sealed, 'c_2')).toThrow(SecretKeyError);
    expect(() => box.open(sealed, 'sso:client_secret')).toThrow(SecretKeyError);
  });

  it('without CUECARD_SECRET_KEY, creates a key file with mode 0600 in the data folder on first use only', () => {
    const dir = tempDir();
    const box = hubSecretBox({ dataDir: dir, env: {} });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(existsSync(file)).toBe(false);
    const sealed = box.seal('hello', 'sso:client_secret');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(box.source).toBe(`the key file ${file}`);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(hubSecretBox({ dataDir: dir, env: {} }).open(sealed, 'sso:client_secret')).toBe('hello');
  });

  it('with CUECARD_SECRET_KEY, uses it and writes no file; a wrong key says where the key came from', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const sealed = hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: key.toString('hex') } }).seal('hello', 'x');
    expect(existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
    expect(hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: key.toString('base64') } }).open(sealed, 'x')).toBe('hello');
    const other = hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: randomBytes(32).toString('hex') } });
    expect(() => other.open(sealed, 'x')).toThrow(/does not decrypt with the key from CUECARD_SECRET_KEY/);
    expect(() => other.open('v2.a.b.c', 'x')).toThrow(/unknown format/);
    expect(() => hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: 'too-short' } })).toThrow(/32 random bytes/);
  });

  it('redacts a secret as given, URL-encoded and base64-encoded', () => {
    const secret = 'p@ss/word+1';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')} d`;
    expect(redactSecrets(text, [secret])).toBe('a [secret] b [secret] c [secret] d');
    // Too short to redact without mangling the message: left alone.
    expect(redactSecrets('a b c', ['b'])).toBe('a b c');
  });
});
