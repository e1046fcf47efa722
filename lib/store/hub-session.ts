/**
 * The company sign-in's tokens (issue 18), in the background's IndexedDB beside the pasted hub
 * token, for the reasons lib/settings/settings.ts gives: persistent, reachable only from our own
 * origin, never returned by a message. A row that does not match the contract reads as none.
 */
import { storedHubSession, type StoredHubSession } from '../contract';
import type { CuecardDb } from './db';
import { writeOwnData } from './evict';
import { HUB_SESSION_META_KEY } from './meta-keys';

export async function readHubSession(db: CuecardDb): Promise<StoredHubSession | undefined> {
  const row = await db.meta.get(HUB_SESSION_META_KEY);
  const parsed = storedHubSession.safeParse(row?.value);
  return parsed.success ? parsed.data : undefined;
}

/** null forgets the sign-in. Like the token, it is the rep's own data: on a full disk, old touches make room. */
export async function writeHubSession(db: CuecardDb, session: StoredHubSession | null): Promise<void> {
  if (session) await writeOwnData(db, () => db.meta.put({ key: HUB_SESSION_META_KEY, value: session }));
  else await db.meta.delete(HUB_SESSION_META_KEY);
}
