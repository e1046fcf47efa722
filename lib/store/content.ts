/** Marketing's content as the background reads it: approved messages and assets by the status index. */
import type { Asset, Message } from '../contract';
import type { CuecardDb } from './db';

export async function approvedMessages(db: CuecardDb): Promise<Message[]> {
  return db.messages.where('status').equals('approved').toArray();
}

export async function approvedAssets(db: CuecardDb): Promise<Asset[]> {
  return db.assets.where('status').equals('approved').toArray();
}

/** Every message and asset, whatever its status (the dashboard names and tags what events point at). */
export async function allContent(db: CuecardDb): Promise<{ messages: Message[]; assets: Asset[] }> {
  const [messages, assets] = await Promise.all([db.messages.toArray(), db.assets.toArray()]);
  return { messages, assets };
}
