/**
 * Connector credentials at rest: AES-256-GCM, the key from CUECARD_SECRET_KEY or a 0600 key file
 * made on first use, ciphertexts bound to their connector, and redaction of every form a secret
 * takes in a message.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubSecretBox, KEY_FILE_NAME, redactSecrets, SECRET_KEY_ENV, secretBoxFromKey, SecretKeyError } from './secrets';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cuecard-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('connector secrets', () => {
  it('seals with AES-256-GCM: the text is not in the ciphertext, each seal differs, and it opens only for its connector', () => {
    const box = secretBoxFromKey(randomBytes(32));
    const secret = JSON.stringify({ token: 'pat-na1-very-secret-token' });
    const sealed = box.seal(secret, 'c_1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('very-secret');
    expect(box.seal(secret, 'c_1')).not.toBe(sealed);
    expect(box.open(sealed, 'c_1')).toBe(secret);
    // Copied onto another connector's row, it does not open.
    expect(() => box.open(sealed, 'c_2')).toThrow(SecretKeyError);
    // Tampered with, it does not open.
    const parts = sealed.split('.');
    parts[3] = Buffer.from(Buffer.from(parts[3]!, 'base64').map((byte, i) => (i === 0 ? byte ^ 1 : byte))).toString('base64');
    expect(() => box.open(parts.join('.'), 'c_1')).toThrow(SecretKeyError);
  });

  it('without CUECARD_SECRET_KEY, creates a key file with mode 0600 in the data folder on first use only', () => {
    const dir = tempDir();
    const box = hubSecretBox({ dataDir: dir, env: {} });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(existsSync(file)).toBe(false);
    const sealed = box.seal('hello', 'c_1');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(box.source).toBe(`the key file ${file}`);
    // A hub started again finds the same key.
    expect(hubSecretBox({ dataDir: dir, env: {} }).open(sealed, 'c_1')).toBe('hello');
  });

  it('with CUECARD_SECRET_KEY, uses it and writes no file; a wrong key says where the key came from', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const box = hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: key.toString('hex') } });
    const sealed = box.seal('hello', 'c_1');
    expect(existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
    expect(hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: key.toString('base64') } }).open(sealed, 'c_1')).toBe('hello');
    const other = hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: randomBytes(32).toString('hex') } });
    expect(() => other.open(sealed, 'c_1')).toThrow(/do not decrypt with the key from CUECARD_SECRET_KEY/);
    expect(() => hubSecretBox({ dataDir: dir, env: { [SECRET_KEY_ENV]: 'too-short' } })).toThrow(/32 random bytes/);
  });

  it('redacts a secret as given, URL-encoded and base64-encoded', () => {
    const secret = 'p@ss/word+1';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')} d`;
    expect(redactSecrets(text, [secret])).toBe('a [secret] b [secret] c [secret] d');
  });
});
