/**
 * The dashboard's numbers, end to end below the page: hub mode against the real hub app on PGlite
 * (in-process, through the extension's own hub client), local mode from the outbox.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validDuring, type UsageEvent } from '../../../lib/contract';
import { generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { recordUsage } from '../../../lib/store/outbox';
import { hubDashboard, localDashboard, resolveRange, weekStart } from '../../../lib/sync/dashboard-data';
import { createHubClient, type HubClient } from '../../../lib/sync/hub-client';
import { createHubApp } from '../../../hub/app';
import type { HubDb } from '../../../hub/db';
import { openHubDb } from '../../../hub/server';
import { addUser, hubImportSink, insertUsage } from '../../../hub/store';
import { dbSink, freshDb } from '../store/test-db';

const NOW = Date.parse('2026-11-25T12:00:00.000Z'); // a Wednesday
const DAY = 24 * 3600 * 1000;
const bundle = generateWorkspace({ prospects: 30, touches: 100, seed: 3 });
const approvedMessages = bundle.messages!.filter((m) => m.status === 'approved');
const approvedAssets = bundle.assets!.filter((a) => a.status === 'approved');
const [m1, m2] = approvedMessages;
const [a1] = approvedAssets;

const event = (type: UsageEvent['type'], daysAgo: number, extra: Partial<UsageEvent> = {}): UsageEvent => ({
  id: randomUUID(),
  type,
  at: new Date(NOW - daysAgo * DAY).toISOString(),
  surface: 'salesforce',
  ...extra,
});

let hubDb: HubDb;
const clients: Record<'rep' | 'marketing', HubClient> = {} as never;

beforeAll(async () => {
  hubDb = await openHubDb({});
  await importBundle(bundle, hubImportSink(hubDb));
  const app = createHubApp({ db: hubDb, rateLimit: false, logError: () => undefined });
  for (const role of ['rep', 'marketing'] as const) {
    const { token } = await addUser(hubDb, `Dash ${role}`, role);
    clients[role] = createHubClient({ url: 'https://hub.example', token, fetch: async (input, init) => app.request(input, init) });
  }
  const ann = (await addUser(hubDb, 'Ann', 'rep')).user.id;
  const ben = (await addUser(hubDb, 'Ben', 'rep')).user.id;
  await insertUsage(hubDb, ann, [
    event('message_copied', 1, { messageId: m1!.id }),
    event('message_inserted', 1, { messageId: m1!.id, surface: 'gmail' }),
    event('message_inserted', 9, { messageId: m1!.id, surface: 'gmail' }),
    event('asset_opened', 16, { assetId: a1!.id }),
    event('message_copied', 60, { messageId: m2!.id }), // outside the default 8 weeks
    // Sent from Gmail: the first as approved, the asset link scheduled and lightly edited around.
    event('message_sent', 1, { messageId: m1!.id, surface: 'gmail', retained: 1, scheduled: false }),
    event('asset_sent', 3, { assetId: a1!.id, surface: 'gmail', retained: 0.92, scheduled: true }),
  ]);
  await insertUsage(hubDb, ben, [
    event('message_copied', 2, { messageId: m1!.id }),
    event('asset_inserted', 2, { assetId: a1!.id }),
    // Ben rewrote half of it before sending.
    event('message_sent', 2, { messageId: m1!.id, surface: 'gmail', retained: 0.5, scheduled: false }),
  ]);
}, 120_000);
afterAll(async () => hubDb?.close());

describe('hub mode', () => {
  it('counts per message and asset, by rep, surface and a chronological week list, with per-row trends and unused content', async () => {
    const db = freshDb();
    await importBundle(bundle, dbSink(db));
    const data = await hubDashboard(db, clients.marketing, {}, NOW);
    expect(data.mode).toBe('hub');
    expect(data.user).toEqual({ name: 'Dash marketing', role: 'marketing' });

    const message = data.messages.find((row) => row.key === m1!.id);
    // Sends are what was sent (not inserts); one of two kept ≥ 90 % of the approved words.
    expect(message).toMatchObject({ copies: 2, inserts: 2, sends: 2, sentAsApproved: 1, medianRetained: 0.75, reps: 2 });
    expect(data.messages.find((row) => row.key === m2!.id)).toBeUndefined();
    expect(data.assets.find((row) => row.key === a1!.id)).toMatchObject({ opens: 1, inserts: 1, sends: 1, sentAsApproved: 1, medianRetained: 0.92, reps: 2 });
    expect(data.reps.map((row) => [row.label, row.sends, row.sentAsApproved, row.medianRetained]).sort()).toEqual([
      ['Ann', 2, 2, 0.96],
      ['Ben', 1, 0, 0.5],
    ]);
    expect(Object.fromEntries(data.surfaces.map((row) => [row.key, row.events]))).toEqual({ salesforce: 4, gmail: 5 });

    // Weeks oldest first, whatever order the hub ranked them in.
    const keys = data.byWeek.map((row) => row.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys.length).toBe(3);

    const trend = data.trends[`message:${m1!.id}`]!;
    expect(trend).toHaveLength(data.weeks.length);
    expect(trend.at(-1)).toBe(3); // this week: copy + insert (Ann) + copy (Ben)
    expect(trend.reduce((sum, n) => sum + n, 0)).toBe(4);
    expect(data.weeks.at(-1)).toBe(new Date(weekStart(NOW)).toISOString().slice(0, 10));

    expect(data.unused.messages.map((m) => m.id)).not.toContain(m1!.id);
    expect(data.unused.messages.map((m) => m.id)).toContain(m2!.id);
    expect(data.unused.assets.map((a) => a.id)).not.toContain(a1!.id);
    expect(data.segments[`message:${m1!.id}`]).toEqual({ personas: m1!.personas ?? [], industries: m1!.industries ?? [] });
  });

  it('a date range narrows every count', async () => {
    const data = await hubDashboard(freshDb(), clients.marketing, { from: new Date(NOW - 5 * DAY).toISOString(), to: new Date(NOW).toISOString() }, NOW);
    expect(data.messages.find((row) => row.key === m1!.id)).toMatchObject({ copies: 2, inserts: 1, sends: 2 });
    expect(data.assets.find((row) => row.key === a1!.id)).toMatchObject({ opens: 0, inserts: 1 });
  });

  it('tells a rep the dashboard is for marketing, with no numbers', async () => {
    const data = await hubDashboard(freshDb(), clients.rep, {}, NOW);
    expect(data.mode).toBe('forbidden');
    expect(data.messages).toEqual([]);
    expect(data.reps).toEqual([]);
  });
});

describe('local mode', () => {
  it("summarizes the rep's own events from the outbox, with content requests by segment and unused approved content", async () => {
    const db = freshDb();
    await importBundle(bundle, dbSink(db));
    const prospect = bundle.prospects![0]!;
    const events = [
      event('message_copied', 1, { messageId: m1!.id }),
      event('message_inserted', 8, { messageId: m1!.id }),
      event('message_sent', 8, { messageId: m1!.id, surface: 'gmail', retained: 0.8, scheduled: false }),
      event('asset_inserted', 4, { assetId: a1!.id, surface: 'gmail' }),
      event('asset_opened', 3, { assetId: a1!.id, surface: 'gmail' }),
      event('content_request', 2, { prospectId: prospect.id, request: 'A case study for logistics' }),
      event('message_copied', 90, { messageId: m2!.id }),
    ];
    for (const e of events) await recordUsage(db, e);
    const data = await localDashboard(db, {}, NOW);
    expect(data.mode).toBe('local');
    // As on the hub: sends are detected sends, not inserts.
    expect(data.messages.find((row) => row.key === m1!.id)).toMatchObject({ copies: 1, inserts: 1, sends: 1, sentAsApproved: 0, medianRetained: 0.8, label: m1!.title });
    expect(data.messages.find((row) => row.key === m2!.id)).toBeUndefined();
    expect(data.assets.find((row) => row.key === a1!.id)).toMatchObject({ opens: 1, inserts: 1, sends: 0, sentAsApproved: 0, medianRetained: null });
    expect(data.contentRequests).toEqual([
      expect.objectContaining({ persona: prospect.persona ?? 'unknown', industry: prospect.industry ?? 'unknown', count: 1, requests: ['A case study for logistics'] }),
    ]);
    // As on the hub: approved content a rep could have used in the period (a bare validUntil
    // covering its whole day), minus what was used. Expired approved messages are not "unused".
    const { fromMs, toMs } = resolveRange({}, NOW);
    const usable = approvedMessages.filter((message) => validDuring(message, fromMs, toMs));
    expect(usable.length).toBeLessThan(approvedMessages.length);
    expect(data.unused.messages.length).toBe(usable.length - 1);
    const expired = approvedMessages.find((message) => !validDuring(message, fromMs, toMs))!;
    expect(data.unused.messages.map((row) => row.id)).not.toContain(expired.id);
    expect(data.byWeek.map((row) => row.key)).toEqual([...data.byWeek.map((row) => row.key)].sort());
  });
});
