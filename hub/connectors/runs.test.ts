/**
 * Connector runs as the hub lives them: the routes (admin writes, marketing reads, secrets never
 * answered), one run per connector across hub instances (leases), the schedule, and a hub process
 * SIGKILLed in the middle of a run (`connector run` in a child process) whose next run resumes
 * from the cursor with nothing lost or doubled. On PGlite and on a Postgres server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditResponse, connectorListResponse, connectorResponse, hubError } from '../../lib/contract';
import { createHubApp } from '../app';
import type { HubDb } from '../db';
import { openHubDb } from '../server';
import { addUser } from '../store';
import { FakeHubspot, seedHubspotPortal } from './fakes/hubspot';
import { leaseOwner } from './lease';
import { createConnector, getConnectorView } from './registry';
import { runConnector } from './runtime';
import { startConnectorScheduler } from './scheduler';
import { SECRET_KEY_ENV } from '../secret-box';
import { BACKENDS, adminApp, hubspotScenario, resetDb, storedCursors, TEST_KEY, testSecrets, workspace } from './test-kit';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run hub -- …` as a child process (node with the tsx loader: one process, so SIGKILL kills the hub itself). */
function hubCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'hub/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, done, output: () => ({ stdout, stderr }) };
}

for (const backend of BACKENDS) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `connector runs on ${backend.name}`, () => {
    let db: HubDb;
    let url: string | undefined;
    let cleanup: () => Promise<void>;
    const secrets = testSecrets();
    let fake: FakeHubspot;
    beforeAll(async () => {
      ({ db, url, cleanup } = await backend.open());
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });
    beforeEach(async () => {
      await resetDb(db);
      fake = new FakeHubspot();
      await fake.start();
    });
    afterEach(async () => {
      await fake.close();
    });

    it('routes: admins create, change, test, run and remove connectors; marketing reads; no answer or log line carries a secret', async () => {
      const logs: string[] = [];
      const { call } = await adminApp(db, { log: (line) => logs.push(line), logError: (error) => logs.push(String(error)) });
      const token = fake.issueToken();
      fake.addContact({ email: 'ana@acme.example', firstname: 'Ana' });
      const answers: string[] = [];
      const send = async (method: string, route: string, body?: unknown) => {
        const answer = await call(method, route, body);
        answers.push(answer.text);
        return answer;
      };

      const created = await send('POST', '/v1/connectors', { vendor: 'hubspot', name: 'Acme HubSpot', baseUrl: fake.url, credentials: { token } });
      expect(created.status).toBe(201);
      const connector = connectorResponse.parse(created.json).connector;
      expect(connector).toMatchObject({ vendor: 'hubspot', auth: 'private-app-token', baseUrl: fake.url, state: 'idle', quotaShare: 0.25 });
      expect((await send('POST', '/v1/connectors', { vendor: 'hubspot', name: 'acme hubspot', credentials: { token } })).status).toBe(409);
      const missing = await send('POST', '/v1/connectors', { vendor: 'marketo', name: 'No secret', baseUrl: 'https://123-abc-456.mktorest.com', credentials: { clientId: 'x' } });
      expect(hubError.parse(missing.json).error.message).toMatch(/credentials: Marketo needs the LaunchPoint service’s clientId and clientSecret/);
      const insecure = await send('POST', '/v1/connectors', { vendor: 'hubspot', name: 'Plain HTTP', baseUrl: 'http://hubapi.example', credentials: { token } });
      expect(insecure.status).toBe(400);

      const tested = await send('POST', `/v1/connectors/${connector.id}/run`, { dryRun: true });
      expect(tested.json).toEqual({ ok: true, message: 'Signed in to HubSpot (private app); the portal has 1 contact.' });
      const ran = await send('POST', `/v1/connectors/${connector.id}/run`, { wait: true });
      expect(ran.json).toEqual({ people: 1, touches: 0, deleted: 0 });

      // A new URL without the credentials again is refused: stored secrets never follow a new host.
      const moved = await send('PATCH', `/v1/connectors/${connector.id}`, { baseUrl: 'https://attacker.example' });
      expect(moved.status).toBe(400);
      expect(hubError.parse(moved.json).error.message).toMatch(/send the credentials again with a new URL/);
      const tuned = await send('PATCH', `/v1/connectors/${connector.id}`, { quotaShare: 0.1, name: 'HubSpot (prod)' });
      expect(connectorResponse.parse(tuned.json).connector).toMatchObject({ name: 'HubSpot (prod)', quotaShare: 0.1 });
      const rotated = fake.issueToken();
      expect((await send('PATCH', `/v1/connectors/${connector.id}`, { credentials: { token: rotated } })).status).toBe(200);
      fake.validTokens.delete(token);
      const retested = await send('POST', `/v1/connectors/${connector.id}/run`, { dryRun: true });
      expect(retested.json).toMatchObject({ ok: true });

      // Background run: 202 at once, the outcome in the list.
      const lastStart = connectorListResponse.parse((await send('GET', '/v1/connectors')).json).connectors[0]!.lastRun?.startedAt;
      const started = await send('POST', `/v1/connectors/${connector.id}/run`);
      expect(started.status).toBe(202);
      expect(started.json).toMatchObject({ started: true });
      await expect
        .poll(async () => connectorListResponse.parse((await send('GET', '/v1/connectors')).json).connectors[0]!.lastRun?.startedAt, { timeout: 10_000 })
        .not.toBe(lastStart);

      // Marketing reads, may not write.
      const { token: marketing } = await addUser(db, 'Mo Marketing', 'marketing');
      const app = createHubApp({ db, rateLimit: false, connectors: { secrets } });
      const asMarketing = (method: string, route: string) => app.request(route, { method, headers: { Authorization: `Bearer ${marketing}` } });
      const read = await asMarketing('GET', '/v1/connectors');
      expect(read.status).toBe(200);
      answers.push(await read.text());
      expect((await asMarketing('DELETE', `/v1/connectors/${connector.id}`)).status).toBe(403);

      // A vendor that echoes the token in an error: the stored status and the answers say [secret].
      fake.inject({ match: (request) => request.path === '/crm/v3/objects/contacts/search', responses: [{ status: 400, body: { status: 'error', message: `invalid token ${rotated}` } }] });
      const echoed = await send('POST', `/v1/connectors/${connector.id}/run`, { wait: true });
      expect(String(echoed.json.error)).toContain('[secret]');
      answers.push((await send('GET', '/v1/connectors')).text);

      const removed = await send('DELETE', `/v1/connectors/${connector.id}`);
      expect(removed.json).toEqual({ id: connector.id, deleted: true });
      expect((await send('DELETE', `/v1/connectors/${connector.id}`)).status).toBe(404);
      expect((await send('POST', `/v1/connectors/${connector.id}/run`, {})).status).toBe(404);
      // The prospect it wrote stays: removing a connector is not deleting workspace data.
      expect((await workspace(db)).prospects.size).toBe(1);

      for (const secret of [token, rotated]) {
        for (const answer of answers) expect(answer).not.toContain(secret);
        for (const line of logs) expect(line).not.toContain(secret);
      }
    });

    it('the change log: each connector change and each run someone asked for is an audit row with who and what, never a secret', async () => {
      const { call } = await adminApp(db);
      const token = fake.issueToken();
      fake.addContact({ email: 'ana@acme.example', firstname: 'Ana' });
      const created = connectorResponse.parse((await call('POST', '/v1/connectors', { vendor: 'hubspot', name: 'Acme HubSpot', baseUrl: fake.url, credentials: { token } })).json).connector;
      // Refused changes leave no row: a taken name rolls the insert and its audit row back together.
      expect((await call('POST', '/v1/connectors', { vendor: 'hubspot', name: 'ACME hubspot', baseUrl: fake.url, credentials: { token } })).status).toBe(409);
      expect((await call('PATCH', `/v1/connectors/${created.id}`, { baseUrl: 'https://elsewhere.example' })).status).toBe(400);
      await call('PATCH', `/v1/connectors/${created.id}`, { name: 'Acme HubSpot (prod)', quotaShare: 0.1 });
      await call('PATCH', `/v1/connectors/${created.id}`, { enabled: false });
      // Nothing changes: no row.
      await call('PATCH', `/v1/connectors/${created.id}`, { enabled: false, name: 'Acme HubSpot (prod)' });
      await call('PATCH', `/v1/connectors/${created.id}`, { enabled: true });
      const rotated = fake.issueToken();
      await call('PATCH', `/v1/connectors/${created.id}`, { baseUrl: fake.url, credentials: { token: rotated } });
      // A credentials test changes nothing: no row.
      expect((await call('POST', `/v1/connectors/${created.id}/run`, { dryRun: true })).json).toMatchObject({ ok: true });
      expect((await call('POST', `/v1/connectors/${created.id}/run`, { wait: true })).json).toEqual({ people: 1, touches: 0, deleted: 0 });
      expect((await call('POST', `/v1/connectors/${created.id}/run`)).status).toBe(202);
      await expect.poll(async () => (await getConnectorView(db, created.id))?.state, { timeout: 10_000 }).not.toBe('running');
      expect((await call('DELETE', `/v1/connectors/${created.id}`)).status).toBe(200);

      const answer = await call('GET', '/v1/audit?kind=connectors');
      const entries = auditResponse.parse(answer.json).entries.reverse();
      expect(entries.map(({ action, targetKind, targetId, fields, note, actor }) => ({ action, targetKind, targetId, fields, note, actor: actor?.name }))).toEqual([
        { action: 'connector_added', targetKind: 'connector', targetId: created.id, fields: ['vendor', 'name', 'baseUrl', 'credentials'], note: 'Acme HubSpot (HubSpot)', actor: 'Test admin' },
        {
          action: 'connector_updated',
          targetKind: 'connector',
          targetId: created.id,
          fields: ['name', 'quotaShare'],
          note: 'Acme HubSpot (prod): renamed from "Acme HubSpot", quota share 10 % of the daily limit per run',
          actor: 'Test admin',
        },
        { action: 'connector_updated', targetKind: 'connector', targetId: created.id, fields: ['enabled'], note: 'Acme HubSpot (prod): paused', actor: 'Test admin' },
        { action: 'connector_updated', targetKind: 'connector', targetId: created.id, fields: ['enabled'], note: 'Acme HubSpot (prod): resumed', actor: 'Test admin' },
        { action: 'connector_updated', targetKind: 'connector', targetId: created.id, fields: ['credentials'], note: 'Acme HubSpot (prod): new credentials', actor: 'Test admin' },
        { action: 'connector_run', targetKind: 'connector', targetId: created.id, fields: [], note: 'Acme HubSpot (prod): 1 person, 0 touches, 0 deleted', actor: 'Test admin' },
        { action: 'connector_run', targetKind: 'connector', targetId: created.id, fields: [], note: 'Acme HubSpot (prod) (in the background)', actor: 'Test admin' },
        { action: 'connector_removed', targetKind: 'connector', targetId: created.id, fields: [], note: 'Acme HubSpot (prod) (HubSpot)', actor: 'Test admin' },
      ]);
      // Marketing reads the connector entries too (the change log's "Connectors" filter).
      const { token: marketing } = await addUser(db, 'Mo Marketing', 'marketing');
      const app = createHubApp({ db, rateLimit: false, connectors: { secrets } });
      const forMarketing = auditResponse.parse(await (await app.request('/v1/audit?kind=connectors', { headers: { Authorization: `Bearer ${marketing}` } })).json());
      expect(forMarketing.entries).toHaveLength(entries.length);
      const stored = JSON.stringify((await db.query('SELECT * FROM audit_log')).rows);
      for (const secret of [token, rotated]) {
        expect(answer.text).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
    });

    it('without a key to seal credentials with, the connector routes say so', async () => {
      const { token } = await addUser(db, 'Admin', 'admin');
      const app = createHubApp({ db, rateLimit: false });
      const answer = await app.request('/v1/connectors', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(answer.status).toBe(503);
      expect(hubError.parse(await answer.json()).error.code).toBe('connectors_unavailable');
    });

    it('one run per connector at a time, across hub instances', async () => {
      // A second instance: on a server its own connection pool, as another machine would have.
      const other = url ? await openHubDb({ databaseUrl: url }) : db;
      try {
        const scenario = hubspotScenario();
        await scenario.fake.start();
        scenario.seed(120, 3);
        const connectorId = (await createConnector(db, secrets, scenario.create('Shared'))).id;
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let firstPage!: () => void;
        const onFirstPage = new Promise<void>((resolve) => (firstPage = resolve));
        const first = runConnector({
          db,
          secrets,
          connectorId,
          trigger: 'schedule',
          owner: leaseOwner('instance-a'),
          beforeCommit: async () => {
            firstPage();
            await gate;
          },
        });
        await onFirstPage;
        // Instance B asks while A holds the run (A sits inside a page transaction on the server;
        // on PGlite the one session is busy with it, so B asks once A's page is through).
        const secondPromise = runConnector({ db: other, secrets, connectorId, trigger: 'manual', owner: leaseOwner('instance-b') });
        if (url) {
          const second = await secondPromise;
          release();
          expect(second).toMatchObject({ busy: true, people: 0 });
          expect(second.error).toMatch(/in progress already/);
        } else {
          release();
          const second = await secondPromise;
          expect(second).toMatchObject({ busy: true });
        }
        expect((await first).error).toBeUndefined();
        const runs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM connector_runs WHERE connector_id = $1', [connectorId]);
        expect(Number(runs.rows[0]!.n)).toBe(1);
        // Once A is done, B may run.
        expect((await runConnector({ db: other, secrets, connectorId, trigger: 'manual', owner: leaseOwner('instance-b') })).busy).toBeUndefined();
        await scenario.fake.close();
      } finally {
        if (other !== db) await other.close();
      }
    });

    it('a lease left by a killed instance does not block the next run', async () => {
      const connectorId = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Orphan', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
      // What a SIGKILLed hub leaves: a lease far from expiry, owned by a process that is gone.
      await db.query(`UPDATE connectors SET lease_owner = 'other-host:4242:deadbeef#scheduler-1', lease_until = now() + interval '9 minutes' WHERE id = $1`, [connectorId]);
      expect((await getConnectorView(db, connectorId))!.state).toBe('running');
      const result = await runConnector({ db, secrets, connectorId, trigger: 'manual' });
      expect(result.busy).toBeUndefined();
      expect(result.error).toBeUndefined();
    });

    it('the schedule: due connectors run, paused ones wait, next runs and pauses live in the table', async () => {
      fake.addContact({ email: 'ana@acme.example' });
      const due = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Due', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
      const paused = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Paused', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
      await db.query(`UPDATE connectors SET paused_until = now() + interval '1 hour' WHERE id = $1`, [paused]);
      const other = url ? await openHubDb({ databaseUrl: url }) : db;
      // Two instances tick at the same moment: the connector runs once.
      const a = startConnectorScheduler({ db, secrets, intervalMinutes: 15, tickMs: 3_600_000, label: 'a' });
      const b = startConnectorScheduler({ db: other, secrets, intervalMinutes: 15, tickMs: 3_600_000, label: 'b' });
      try {
        await Promise.all([a.tick(), b.tick()]);
        await a.stop();
        await b.stop();
        const runs = await db.query<{ connector_id: string; trigger: string }>('SELECT connector_id, trigger FROM connector_runs');
        expect(runs.rows).toEqual([{ connector_id: due, trigger: 'schedule' }]);
        const view = (await getConnectorView(db, due))!;
        const next = Date.parse(view.nextRunAt!) - Date.parse(view.lastRun!.finishedAt!);
        expect(next).toBe(15 * 60_000);
        expect((await getConnectorView(db, paused))!.lastRun).toBeNull();
        // Not due again until the interval has passed.
        const again = startConnectorScheduler({ db, secrets, intervalMinutes: 15, tickMs: 3_600_000, label: 'c' });
        await again.tick();
        await again.stop();
        expect((await db.query('SELECT 1 FROM connector_runs')).rows).toHaveLength(1);
      } finally {
        if (other !== db) await other.close();
      }
    });

    it('a hub killed (SIGKILL) mid-run resumes from the cursor: nothing lost, nothing twice', async () => {
      seedHubspotPortal(fake, { contacts: 600, events: 12_000, seed: 7, days: 199 });
      const token = fake.issueToken();
      const dataDir = url ? undefined : mkdtempSync(path.join(tmpdir(), 'cuecard-kill-'));
      const env: Record<string, string> = { [SECRET_KEY_ENV]: TEST_KEY.toString('hex'), ...(url ? { DATABASE_URL: url } : {}) };
      const dataArgs = dataDir ? ['--data', dataDir] : [];
      // The folder belongs to one process at a time: the child gets it, this process waits.
      let local = db;
      if (dataDir) local = await openHubDb({ dataDir });
      try {
        const connectorId = (await createConnector(local, secrets, { vendor: 'hubspot', name: 'Killed', baseUrl: fake.url, credentials: { token }, backfillDays: 200 })).id;
        if (dataDir) await local.close();
        let eventPages = 0;
        // About 14 pages (7 windows of about 1,800 events, 1,000 a page, 3 in 4 of them touches). The
        // first 5,000-row transaction (pages 1-7) has committed before page 10 is asked for: the next
        // page is fetched only one ahead of the one being written.
        const killAt = 10 + Math.floor(Math.random() * 3);
        const cli = hubCli(['connector', 'run', 'Killed', ...dataArgs], env);
        fake.onAnswered = (request) => {
          if (request.path === '/email/public/v1/events' && ++eventPages === killAt) cli.child.kill('SIGKILL');
        };
        const t0 = Date.now();
        const exit = await cli.done;
        console.log(`killed after ${Date.now() - t0} ms`);
        fake.onAnswered = undefined;
        expect(exit.signal, cli.output().stderr).toBe('SIGKILL');
        if (dataDir) local = await openHubDb({ dataDir });
        const cursors = await storedCursors(local, connectorId);
        const partial = await workspace(local);
        expect(partial.prospects.size).toBe(600);
        expect(partial.touches.size).toBeGreaterThan(0);
        // The resumed run must start where the killed one committed last.
        const events = cursors.get('email-events') as { start: number; offset: string | null };
        fake.expectEventsCursor({ start: events.start, offset: events.offset });
        if (dataDir) await local.close();

        const resumed = hubCli(['connector', 'run', 'Killed', ...dataArgs], env);
        const t1 = Date.now();
        const resumedExit = await resumed.done;
        console.log(`resumed in ${Date.now() - t1} ms`, resumed.output().stdout);
        expect(resumedExit.code, resumed.output().stderr).toBe(0);
        const lines = resumed.output().stdout.trim().split('\n');
        expect(lines).toHaveLength(1);
        const summary = JSON.parse(lines[0]!) as { people: number; touches: number; deleted: number; error?: string };
        expect(summary.error).toBeUndefined();
        expect(fake.failures).toEqual([]);
        expect(fake.unmetExpectations()).toEqual([]);

        const list = hubCli(['connector', 'list', ...dataArgs], env);
        await list.done;
        const listed = list.output().stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ name: 'Killed', vendor: 'hubspot', status: 'idle', counts: { people: 600 } });
        expect(list.output().stdout).not.toContain(token);

        if (dataDir) local = await openHubDb({ dataDir });
        const final = await workspace(local);
        expect(fake.requests.filter((request) => request.path === '/email/public/v1/events').length).toBeGreaterThan(killAt);
        // Every OPEN and CLICK of the portal (6 of every 8 seeded events) is a touch: none lost.
        expect(final.touches.size).toBe(12_000 * (6 / 8));
        // None twice: the resumed run wrote exactly the touches the killed one had not committed.
        expect(summary.touches + partial.touches.size).toBe(final.touches.size);
        expect(final.prospects.size).toBe(600);
      } finally {
        if (dataDir) {
          await local.close().catch(() => undefined);
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }, 120_000);
  });
}
