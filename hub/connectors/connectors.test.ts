/**
 * Every connector against its loopback fake, driven through the official client (HubSpot, jsforce)
 * or plain HTTP (Marketo, Mautic) as in production, on PGlite and on a Postgres server
 * (CUECARD_TEST_PG_URL): backfill with progress, incremental runs that must send the stored cursor
 * (the fake fails the test otherwise), updates, deletes, bot flags, rate limits with back-off,
 * daily quotas, expired and revoked credentials, a run broken at a random page, and secrets that
 * never reach an answer or a log line.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTOR_VENDORS, connectorListResponse, type ConnectorVendor } from '../../lib/contract';
import type { HubDb } from '../db';
import { nextCentralMidnight } from './marketo';
import { createConnector, getConnectorView } from './registry';
import { runConnector, type RunOptions, type RunResult } from './runtime';
import { BACKENDS, resetDb, SCENARIOS, storedCursors, testSecrets, workspace, type Scenario } from './test-kit';

/** Waits are recorded, not slept: the tests prove the connector asked for them, not that time passed. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep: NonNullable<RunOptions['sleep']> = async (ms) => {
    waits.push(ms);
  };
  return { waits, sleep };
}

for (const backend of BACKENDS) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `connectors on ${backend.name}`, () => {
    let db: HubDb;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });

    for (const vendor of CONNECTOR_VENDORS) {
      describe(vendor, () => {
        let scenario: Scenario;
        let connectorId: string;
        const logs: string[] = [];
        const secrets = testSecrets();
        const run = (extra: Partial<RunOptions> = {}): Promise<RunResult> =>
          runConnector({ db, secrets, connectorId, trigger: 'manual', sleep: recordingSleep().sleep, log: (line) => logs.push(line), ...extra });
        const view = async () => (await getConnectorView(db, connectorId))!;

        beforeEach(async () => {
          await resetDb(db);
          logs.length = 0;
          scenario = SCENARIOS[vendor]();
          await scenario.fake.start();
          connectorId = (await createConnector(db, secrets, scenario.create(`${vendor} test`))).id;
        });
        afterEach(async () => {
          await scenario.fake.close();
        });

        it('backfills people and their activity on the first run, with progress as it goes', async () => {
          scenario.seed(230, 4);
          // What each page's transaction leaves for readers: its stream's progress and the run's lease.
          const progress: { phase: string; rows_done: unknown; rows_estimate: unknown; running: boolean }[] = [];
          // Small transactions, so a 920-touch backfill shows its progress page by page.
          const result = await run({
            commitRows: 100,
            beforeCommit: async (stream, _page, tx) => {
              const row = await tx.query<{ phase: string; rows_done: unknown; rows_estimate: unknown; running: boolean }>(
                `SELECT s.phase, s.rows_done, s.rows_estimate, c.lease_owner IS NOT NULL AS running
                 FROM connector_streams s JOIN connectors c ON c.id = s.connector_id WHERE s.connector_id = $1 AND s.stream = $2`,
                [connectorId, stream],
              );
              progress.push(row.rows[0]!);
            },
          });
          expect(result.error).toBeUndefined();
          expect(scenario.fake.failures).toEqual([]);
          const { prospects, touches } = await workspace(db);
          expect(prospects.size).toBe(230);
          const expected = scenario.expectedTouchIds();
          expect(new Set(touches.keys())).toEqual(expected);
          expect(result).toMatchObject({ people: 230, touches: expected.size, deleted: 0 });
          // Every touch hangs on the prospect of its person, found by vendor id or email.
          const byEmail = new Map([...prospects.values()].map((p) => [p.email, p.id]));
          for (const touch of touches.values()) expect([...prospects.keys()]).toContain(touch.prospectId);
          expect(byEmail.get(scenario.email(3))).toBeDefined();
          const person = prospects.get(byEmail.get(scenario.email(3))!)!;
          expect(person).toMatchObject({ email: scenario.email(3), name: 'Person3 Test', title: 'Buyer' });
          expect(Object.keys(person.crmIds ?? {})).toContain(vendor);
          // Progress was there for readers while the backfill ran: rows so far, and the vendor's total
          // where it gives one (Marketo's activity feed does not).
          expect(progress.some((row) => row.running && row.phase === 'backfill' && Number(row.rows_done) > 0)).toBe(true);
          if (vendor !== 'marketo') expect(progress.some((row) => row.phase === 'backfill' && Number(row.rows_estimate ?? 0) > Number(row.rows_done))).toBe(true);
          const after = await view();
          expect(after).toMatchObject({ state: 'idle', counts: { people: 230, touches: expected.size, deleted: 0 } });
          expect(after.streams.every((stream) => stream.phase === 'incremental')).toBe(true);
          expect(after.status).toMatch(/^Up to date as of/);
        });

        it('an incremental run starts from the stored cursors and brings a new click, an edit and a delete', async () => {
          scenario.seed(30, 2);
          expect((await run()).error).toBeUndefined();
          const before = await workspace(db);
          const click = scenario.addClick(5);
          scenario.update(6, 'Chief Financial Officer');
          await scenario.remove(7, db, connectorId);
          scenario.expectStoredCursors(await storedCursors(db, connectorId));
          const requestsBefore = scenario.fake.requests.length;
          const result = await run();
          expect(scenario.fake.failures).toEqual([]);
          expect(scenario.fake.unmetExpectations()).toEqual([]);
          expect(result.error).toBeUndefined();
          const after = await workspace(db);
          // Only what changed travelled: a handful of requests, a handful of new changes.
          expect(scenario.fake.requests.length - requestsBefore).toBeLessThan(30);
          const prospectOf = (i: number) => [...before.prospects.values()].find((p) => p.email === scenario.email(i))!;
          expect(after.touches.get(click)).toMatchObject({ type: 'email_click', prospectId: prospectOf(5).id });
          // Salesforce campaign members carry no link; the marketing platforms name the clicked URL.
          if (vendor !== 'salesforce') expect(after.touches.get(click)?.url).toBe('https://northwind.example/pricing');
          expect(after.prospects.get(prospectOf(6).id)?.title).toBe('Chief Financial Officer');
          // The deleted person and their touches are tombstones for every rep's next sync.
          const gone = prospectOf(7);
          expect(after.prospects.has(gone.id)).toBe(false);
          expect(after.deleted).toContain(`prospect:${gone.id}`);
          expect([...after.touches.values()].filter((t) => t.prospectId === gone.id)).toEqual([]);
          expect(result.deleted).toBeGreaterThanOrEqual(1);
          expect(after.seq - before.seq).toBeLessThan(20);
          // A third run with nothing new at the vendor changes nothing on the hub.
          scenario.expectStoredCursors(await storedCursors(db, connectorId));
          const idle = await run();
          expect(scenario.fake.failures).toEqual([]);
          expect(idle).toMatchObject({ people: 0, touches: 0, deleted: 0 });
          expect((await workspace(db)).seq).toBe(after.seq);
        });

        it(vendor === 'hubspot' || vendor === 'marketo' ? "marks the vendor's bot events automated and keeps its raw flag" : 'has no vendor bot flag: no touch is marked automated', async () => {
          scenario.seed(5, 2);
          const bot = scenario.addBotOpen?.(1);
          const human = scenario.addClick(2);
          expect((await run()).error).toBeUndefined();
          const { touches } = await workspace(db);
          if (bot) {
            expect(touches.get(bot.id)).toMatchObject({ type: 'email_open', automated: true, botFlag: bot.botFlag });
            expect(touches.get(human)?.automated).toBe(false);
          } else {
            expect([...touches.values()].some((touch) => touch.automated !== undefined || touch.botFlag !== undefined)).toBe(false);
          }
        });

        it('backs off on a rate limit (Retry-After when sent), shows "paused until", and finishes the run', async () => {
          scenario.seed(10, 1);
          const expectedWait = scenario.rateLimitNext();
          const statuses: string[] = [];
          const waits: number[] = [];
          const result = await run({
            sleep: async (ms) => {
              waits.push(ms);
              statuses.push((await view()).status);
            },
          });
          expect(result.error).toBeUndefined();
          expect(waits[0]).toBe(expectedWait);
          expect(statuses[0]).toMatch(/^Paused until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: .+; then it continues\.$/);
          // Never hammered: the limited request was retried once, after the wait.
          expect((await workspace(db)).prospects.size).toBe(10);
          expect((await view()).pausedUntil).toBeNull();
        });

        if (vendor !== 'mautic') {
          it('stops at a spent daily quota and pauses until it resets, saying so', async () => {
            scenario.seed(10, 1);
            scenario.dailyQuotaNext!();
            const before = new Date();
            const result = await run();
            const after = new Date();
            expect(result.error).toMatch(/quota|allocation|limit/i);
            expect(result.error).toMatch(/Paused until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
            const paused = await view();
            expect(paused.state).toBe('paused');
            if (vendor === 'marketo') {
              // Marketo's quota resets at midnight US Central, which may be minutes away when the test runs.
              const resets = [nextCentralMidnight(before), nextCentralMidnight(after)].map((at) => at.toISOString());
              expect(resets).toContain(new Date(paused.pausedUntil!).toISOString());
            } else {
              expect(Date.parse(paused.pausedUntil!)).toBeGreaterThan(Date.now() + 30 * 60_000);
            }
            expect(paused.status).toMatch(/^Paused until/);
            expect(Date.parse(paused.nextRunAt!)).toBeGreaterThanOrEqual(Date.parse(paused.pausedUntil!));
          });
        }

        it('spends at most its share of the daily quota per run, then continues next run', async () => {
          scenario.seed(230, 1);
          await db.query(`UPDATE connectors SET config = config || '{"dailyQuota": 100, "quotaShare": 0.05}' WHERE id = $1`, [connectorId]);
          if (vendor === 'salesforce') (scenario.fake as import('./fakes/salesforce').FakeSalesforce).apiLimit = 100;
          const first = await run();
          expect(first.error).toBeUndefined();
          expect(first.apiCalls).toBeLessThanOrEqual(5);
          expect((await view()).status).toMatch(/^Stopped after 5 API calls: 5 % of .+ 100 a day, the most one run may use\. The next run continues from here\.$/);
          // Each run starts where the last one ran out (its stream first), so even 5 calls a run get everything in.
          const expected = scenario.expectedTouchIds();
          const complete = async () => {
            const { prospects, touches } = await workspace(db);
            return prospects.size === 230 && [...expected].every((id) => touches.has(id));
          };
          let runs = 1;
          while (!(await complete()) && runs < 60) {
            const next = await run();
            expect(next.error).toBeUndefined();
            expect(next.apiCalls).toBeLessThanOrEqual(5);
            runs++;
          }
          expect(runs).toBeGreaterThanOrEqual(2);
          expect(await complete()).toBe(true);
          expect((await workspace(db)).touches.size).toBe(expected.size);
        });

        it('refreshes expired credentials once and goes on; revoked ones end the run with the reason in words', async () => {
          scenario.seed(60, 2);
          scenario.expireAfterNextAnswer();
          const refreshed = await run();
          expect(refreshed.error).toBeUndefined();
          expect((await workspace(db)).prospects.size).toBe(60);
          scenario.revoke();
          scenario.addClick(1);
          const revoked = await run();
          expect(revoked.error).toMatch(/refused/i);
          expect((await view()).state).toBe('error');
          expect((await view()).status).toMatch(/^Stopped: .*refused/i);
        });

        it('a run broken at a random page resumes from the cursor: no touch lost, none twice', async () => {
          scenario.seed(230, 4);
          const expected = scenario.expectedTouchIds();
          let pages = 0;
          const counting = await run({ commitRows: 100, beforeCommit: () => void pages++, connectorId: (await createConnector(db, secrets, scenario.create(`${vendor} count`))).id });
          expect(counting.error).toBeUndefined();
          await resetDb(db);
          connectorId = (await createConnector(db, secrets, scenario.create(`${vendor} test`))).id;
          const breakAt = 1 + Math.floor(Math.random() * Math.max(1, pages - 1));
          let page = 0;
          const broken = await run({
            commitRows: 100,
            beforeCommit: () => {
              if (++page === breakAt) throw new Error(`simulated crash at page ${breakAt} of ${pages}`);
            },
          });
          expect(broken.error, `broke at page ${breakAt} of ${pages}`).toMatch(/simulated crash/);
          const resumed = await run();
          expect(resumed.error).toBeUndefined();
          const { prospects, touches } = await workspace(db);
          expect(new Set(touches.keys()), `broke at page ${breakAt} of ${pages}`).toEqual(expected);
          expect(prospects.size).toBe(230);
          const emails = [...prospects.values()].map((p) => p.email);
          expect(new Set(emails).size).toBe(emails.length);
        });

        it('never lets a secret reach a status, an error, a log line or a route answer', async () => {
          scenario.seed(5, 1);
          // A vendor answer that echoes every secret the connector holds.
          const echo = scenario.secretValues().join(' ');
          scenario.fake.inject({ match: (request) => scenario.dataPaths.test(request.path), after: 1, responses: [{ status: 400, body: { message: `bad request from ${echo}`, status: 'error', errorCode: 'BAD', errors: [{ code: '1003', message: `bad ${echo}` }] } }] });
          const result = await run();
          expect(result.error).toBeDefined();
          // Access tokens the run was given count too: they are secrets as much as the stored ones.
          const collected = new Set(scenario.secretValues());
          scenario.revoke();
          await run();
          for (const secret of scenario.secretValues()) collected.add(secret);
          const rows = await db.query<{ dump: string }>(`SELECT row_to_json(c)::text AS dump FROM connectors c`);
          const runs = await db.query<{ dump: string }>(`SELECT coalesce(json_agg(r), '[]')::text AS dump FROM connector_runs r`);
          const streams = await db.query<{ dump: string }>(`SELECT coalesce(json_agg(s), '[]')::text AS dump FROM connector_streams s`);
          const visible = [JSON.stringify(result), ...logs, JSON.stringify(await view()), runs.rows[0]!.dump, streams.rows[0]!.dump].join('\n');
          const all = [...collected].filter((secret) => secret.length >= 6);
          expect(all.length).toBeGreaterThan(0);
          for (const secret of all) {
            expect(visible).not.toContain(secret);
            // At rest the row holds them sealed, never as text.
            expect(rows.rows[0]!.dump).not.toContain(secret);
          }
          expect(visible).toContain('[secret]');
        });
      });
    }

    it('GET /v1/connectors lists every vendor with progress, in the contract’s shape', async () => {
      await resetDb(db);
      const secrets = testSecrets();
      const scenarios = CONNECTOR_VENDORS.map((vendor) => SCENARIOS[vendor as ConnectorVendor]());
      try {
        for (const scenario of scenarios) {
          await scenario.fake.start();
          scenario.seed(3, 1);
          const id = (await createConnector(db, secrets, scenario.create(`${scenario.vendor} listed`))).id;
          expect((await runConnector({ db, secrets, connectorId: id, trigger: 'manual' })).error).toBeUndefined();
        }
        const { adminApp } = await import('./test-kit');
        const { call } = await adminApp(db);
        const listed = await call('GET', '/v1/connectors');
        expect(listed.status).toBe(200);
        const parsed = connectorListResponse.parse(listed.json);
        expect(parsed.connectors.map((c) => c.vendor).sort()).toEqual([...CONNECTOR_VENDORS].sort());
        for (const connector of parsed.connectors) expect(connector.counts.people).toBe(3);
      } finally {
        for (const scenario of scenarios) await scenario.fake.close();
      }
    });
  });
}
