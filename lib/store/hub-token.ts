/**
 * The hub token, in the background's IndexedDB (lib/settings/settings.ts says why there). No
 * message ever returns it.
 */
import type { CuecardDb } from './db';
import { writeOwnData } from './evict';
import { HUB_TOKEN_META_KEY } from './meta-keys';

export async function readHubToken(db: CuecardDb): Promise<string | undefined> {
  const row = await db.meta.get(HUB_TOKEN_META_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

/** An empty value forgets the token. The token is the rep's own data: on a full disk, old touches make room for it. */
export async function writeHubToken(db: CuecardDb, value: string): Promise<void> {
  if (value) await writeOwnData(db, () => db.meta.put({ key: HUB_TOKEN_META_KEY, value }));
  else await db.meta.delete(HUB_TOKEN_META_KEY);
}
