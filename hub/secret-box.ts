/**
 * Secrets the hub must be able to read back (an identity provider's client secret; connector
 * credentials use the same scheme): AES-256-GCM, one random 96-bit IV per write, and what the
 * secret belongs to as associated data (a ciphertext copied onto another row does not decrypt).
 *
 * The key comes from CUECARD_SECRET_KEY (32 bytes as 64 hex digits or base64), else from a key
 * file in the hub's data folder, created with mode 0600 on first use. With DATABASE_URL the data
 * folder still holds the key file (`--data DIR`, default ./hub-data): every hub instance sharing
 * one Postgres database needs the same key, so production sets CUECARD_SECRET_KEY.
 *
 * The one scheme of the hub: connector credentials (bound to the connector id) and the identity
 * provider's client secret (bound to `sso:client_secret`) are sealed here with one key, so a hub has
 * one key to back up whichever of the two stored a secret first.
 *
 * Invariants
 * - Plaintext secrets exist only in memory, for the request that needs them.
 * - Nothing here logs; errors name the key's source, never a key or a secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const SECRET_KEY_ENV = 'CUECARD_SECRET_KEY';
/** Named for the connectors, which made it first: one key file per hub, whatever it protects. */
export const KEY_FILE_NAME = 'connector-secret.key';
const VERSION = 'v1';

export interface SecretBox {
  /** Where the key came from, for messages ("the key file /srv/hub-data/connector-secret.key"). */
  readonly source: string;
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

export class SecretKeyError extends Error {}

function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const hex = /^[0-9a-f]{64}$/i.test(trimmed);
  const key = hex ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!hex && key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, ''))) {
    throw new SecretKeyError(`${source} must hold 32 random bytes as 64 hex digits or base64 (e.g. \`openssl rand -hex 32\`).`);
  }
  return key;
}

export function secretBoxFromKey(key: Buffer, source = 'a key given in code'): SecretBox {
  if (key.length !== 32) throw new SecretKeyError('An AES-256 key is 32 bytes.');
  return {
    source,
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    open(sealed, boundTo) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretKeyError('The stored secret is in an unknown format.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(
          `The stored secret does not decrypt with the key from ${source}: the hub runs with another key than the one it was saved with. Restore that key, or enter the secret again (a connector's credentials: PATCH /v1/connectors/:id; the identity provider's client secret: npm run hub -- sso set).`,
        );
      }
    },
  };
}

/**
 * The hub's key: CUECARD_SECRET_KEY, else `<dataDir>/connector-secret.key` (created on first use,
 * mode 0600). Read lazily, so a hub that stores no secret never creates a key file.
 */
export function hubSecretBox(options: { dataDir: string; env?: NodeJS.ProcessEnv }): SecretBox {
  const env = options.env ?? process.env;
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return secretBoxFromKey(parseKey(fromEnv, SECRET_KEY_ENV), SECRET_KEY_ENV);
  const file = join(resolve(options.dataDir), KEY_FILE_NAME);
  let box: SecretBox | undefined;
  const load = (): SecretBox => {
    if (box) return box;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(file), { recursive: true });
      text = randomBytes(32).toString('hex');
      // 'wx': two hubs starting at once must not both write a key; the loser reads the winner's.
      try {
        writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
        text = readFileSync(file, 'utf8');
      }
    }
    box = secretBoxFromKey(parseKey(text, `the key file ${file}`), `the key file ${file}`);
    return box;
  };
  return {
    source: `the key file ${file}`,
    seal: (plaintext, boundTo) => load().seal(plaintext, boundTo),
    open: (sealed, boundTo) => load().open(sealed, boundTo),
  };
}

/**
 * Replaces every occurrence of a secret (and its URL-encoded and base64 forms) in text bound for a
 * log line, a status or an answer. Vendor error messages sometimes echo what was sent.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64')])) {
      result = result.split(form).join('[secret]');
    }
  }
  return result;
}
