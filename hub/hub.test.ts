/**
 * Hub integration tests: the HTTP API against a real database, once on embedded PGlite and once
 * on a PostgreSQL server when CUECARD_TEST_PG_URL is set (hub/ci-postgres.sh starts one and
 * prints the URL). Same SQL, same migrations, same assertions.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meResponse, rowSchemas, syncResponse, usagePostResponse, type Prospect, type Role, type UsageEvent } from '../lib/contract';
import { generateWorkspace } from '../lib/demo/generate';
import { createHubApp, ROUTE_ROLES, type HubRoute } from './app';
import type { HubDb } from './db';
import { migrate, MIGRATIONS } from './migrations';
import { usageReportResponse } from './report';
import { leadsReportResponse } from './leads-report';
import { startHub } from './server';
import { addUser, upsertRows } from './store';
import { backends } from './test-backends';
import { ROLES, useTestHub } from './test-hub';
import { secretBoxFromKey } from './secret-box';

function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return { id: randomUUID(), type: 'message_copied', at: '2026-11-18T10:00:00.000Z', surface: 'salesforce', messageId: 'm-1', ...overrides };
}

const SMALL_BUNDLE = () => generateWorkspace({ prospects: 20, touches: 120, seed: 7 });

/** Connector routes in the role matrix: a throwaway key, and a HubSpot double that signs in without a network. */
const MATRIX_CONNECTORS = {
  secrets: secretBoxFromKey(randomBytes(32)),
  adapters: { hubspot: () => ({ streams: [], test: async () => 'Signed in (matrix double).' }) },
};

for (const backend of backends) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `hub on ${backend.name}`, () => {
    const testHub = useTestHub(backend, {
      truncate: ['changes', 'usage_events', 'users', 'hub_meta', 'connectors'],
      app: { rateLimit: false, logError: () => undefined, connectors: MATRIX_CONNECTORS },
    });
    const { tokens, userIds, call, as, importAs, expectError } = testHub;
    const syncAll = async (cursor = 0, limit = 1000) => {
      const changes = [];
      for (;;) {
        const response = await call('GET', `/v1/sync?cursor=${cursor}&limit=${limit}`, as('rep'));
        expect(response.status).toBe(200);
        const page = syncResponse.parse(await response.json());
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return { changes, cursor };
      }
    };

    it('records migrations once: a second run applies nothing', async () => {
      expect(await migrate(testHub.db)).toEqual([]);
      const recorded = await testHub.db.query<{ id: number }>('SELECT id FROM hub_migrations ORDER BY id');
      expect(recorded.rows.map((row) => Number(row.id))).toEqual(MIGRATIONS.map((migration) => migration.id).sort((a, b) => a - b));
    });

    it('GET /v1/me names the user and role behind the token; only the token hash is stored', async () => {
      for (const role of ROLES) {
        const response = await call('GET', '/v1/me', as(role));
        expect(response.status).toBe(200);
        const me = meResponse.parse(await response.json());
        expect(me.user).toEqual({ id: userIds[role], name: `Test ${role}`, role, email: null });
      }
      // A rep added with their address gets it back: their waiting leads are found by it.
      const withEmail = await addUser(testHub.db, 'Dana Rep', 'rep', ' Dana.Rep@Northwind-Demo.example ');
      const me = meResponse.parse(await (await call('GET', '/v1/me', { token: withEmail.token })).json());
      expect(me.user.email).toBe('Dana.Rep@Northwind-Demo.example');
      // One user per address, whatever its case.
      await expect(addUser(testHub.db, 'Twin', 'rep', 'dana.rep@northwind-demo.example')).rejects.toThrow();
      const stored = await testHub.db.query<{ token_hash: string }>('SELECT token_hash FROM users WHERE id = $1', [userIds.rep]);
      expect(stored.rows[0]!.token_hash).toBe(createHash('sha256').update(tokens.rep).digest('hex'));
      const dump = JSON.stringify((await testHub.db.query('SELECT * FROM users')).rows);
      for (const role of ROLES) expect(dump).not.toContain(tokens[role]);
    });

    it('sync pages through every imported row in seq order, with cursor and hasMore, and resumes mid-way', async () => {
      const bundle = SMALL_BUNDLE();
      const total = bundle.prospects!.length + bundle.touches!.length + bundle.messages!.length + bundle.assets!.length;
      expect((await importAs(bundle)).status).toBe(200);

      const first = syncResponse.parse(await (await call('GET', '/v1/sync?cursor=0&limit=7', as('rep'))).json());
      expect(first.changes).toHaveLength(7);
      expect(first.hasMore).toBe(true);
      expect(first.cursor).toBe(first.changes[6]!.seq);

      const { changes, cursor } = await syncAll(0, 7);
      expect(changes).toHaveLength(total);
      const seqs = changes.map((change) => change.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(total);
      expect(cursor).toBe(seqs[seqs.length - 1]);
      const collectionOf = { prospect: 'prospects', touch: 'touches', message: 'messages', asset: 'assets' } as const;
      for (const change of changes) {
        expect(change.op).toBe('upsert');
        expect(rowSchemas[collectionOf[change.kind as keyof typeof collectionOf]].safeParse(change.data).success).toBe(true);
      }
      // Parents first (the import order), so a client mid-sync never holds orphan touches.
      expect(changes.findIndex((c) => c.kind === 'touch')).toBeGreaterThan(changes.findLastIndex((c) => c.kind === 'prospect'));

      // Resuming from a cursor in the middle yields exactly the rest.
      const middle = changes[40]!.seq;
      const rest = await syncAll(middle, 13);
      expect(rest.changes.map((c) => c.seq)).toEqual(seqs.filter((seq) => seq > middle));

      // At the end: no changes, same cursor, no more.
      const end = syncResponse.parse(await (await call('GET', `/v1/sync?cursor=${cursor}`, as('rep'))).json());
      expect(end).toEqual({ changes: [], cursor, hasMore: false });
    });

    it('a cursor never skips a change whose transaction commits after a later one started', async () => {
      // Transaction A takes a seq and stays open; B writes meanwhile; a client syncs in between.
      // Without the writers' lock B commits seq 2 first, the client's cursor passes 1 and A is lost.
      let releaseA!: () => void;
      const gate = new Promise<void>((resolve) => (releaseA = resolve));
      let aHasSeq!: () => void;
      const aStarted = new Promise<void>((resolve) => (aHasSeq = resolve));
      const a = testHub.db.transaction(async (tx) => {
        await upsertRows(tx, 'prospect', [{ id: 'p-a', email: 'a@x.com' } as Prospect]);
        aHasSeq();
        await gate;
      });
      await aStarted;
      const b = testHub.db.transaction((tx) => upsertRows(tx, 'prospect', [{ id: 'p-b', email: 'b@x.com' } as Prospect]));
      setTimeout(releaseA, 300);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const early = syncResponse.parse(await (await call('GET', '/v1/sync?cursor=0', as('rep'))).json());
      await Promise.all([a, b]);
      const late = await syncAll(early.cursor);
      const ids = [...early.changes, ...late.changes].map((change) => change.id).sort();
      expect(ids).toEqual(['p-a', 'p-b']);
    });

    it('sync limit defaults to 1000, allows 5000, and refuses 0, 5001 and non-digits', async () => {
      const prospects = Array.from({ length: 1_200 }, (_, i) => ({ id: `p-${i}`, email: `p${i}@example.com` }));
      await importAs({ format: 'cuecard/v1', prospects });
      const byDefault = syncResponse.parse(await (await call('GET', '/v1/sync', as('rep'))).json());
      expect(byDefault.changes).toHaveLength(1_000);
      expect(byDefault.hasMore).toBe(true);
      const max = syncResponse.parse(await (await call('GET', '/v1/sync?limit=5000', as('rep'))).json());
      expect(max.changes).toHaveLength(1_200);
      expect(max.hasMore).toBe(false);
      for (const query of ['limit=0', 'limit=5001', 'limit=-1', 'limit=1e3', 'limit=%201', 'cursor=-1', 'cursor=abc', 'cursor=1.5']) {
        await expectError(await call('GET', `/v1/sync?${query}`, as('rep')), 400, 'invalid_request');
      }
    });

    it('an updated row reappears once after the cursor with a new seq; re-importing unchanged rows adds no changes', async () => {
      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com', name: 'Ann' }, { id: 'p-2', email: 'b@x.com' }] });
      const { cursor, changes } = await syncAll();
      expect(changes).toHaveLength(2);

      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com', name: 'Ann' }, { id: 'p-2', email: 'b@x.com' }] });
      expect((await syncAll(cursor)).changes).toEqual([]);

      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com', name: 'Ann Lee' }] });
      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com', name: 'Ann Lee-Park' }] });
      const after = await syncAll(cursor);
      expect(after.changes).toHaveLength(1);
      expect(after.changes[0]).toMatchObject({ kind: 'prospect', id: 'p-1', op: 'upsert', data: { name: 'Ann Lee-Park' } });
      expect(after.changes[0]!.seq).toBeGreaterThan(cursor);
      // A full sync from zero still has one row per entity.
      expect((await syncAll()).changes).toHaveLength(2);
    });

    it('DELETE /v1/items writes a tombstone that syncs after the cursor; deleting again changes nothing', async () => {
      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com' }, { id: 'p-2', email: 'b@x.com' }] });
      const { cursor } = await syncAll();
      const deleted = await call('DELETE', '/v1/items/prospect/p-1', as('marketing'));
      expect(deleted.status).toBe(200);
      const tombstone = (await deleted.json()) as { seq: number };
      expect(tombstone).toMatchObject({ kind: 'prospect', id: 'p-1', op: 'delete' });

      const after = await syncAll(cursor);
      expect(after.changes).toEqual([{ seq: tombstone.seq, kind: 'prospect', op: 'delete', id: 'p-1' }]);
      const again = (await (await call('DELETE', '/v1/items/prospect/p-1', as('admin'))).json()) as { seq: number };
      expect(again.seq).toBe(tombstone.seq);
      expect((await syncAll(after.cursor)).changes).toEqual([]);

      // Re-importing a deleted row brings it back as an upsert.
      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com' }] });
      expect((await syncAll(after.cursor)).changes).toMatchObject([{ id: 'p-1', op: 'upsert' }]);
      await expectError(await call('DELETE', '/v1/items/campaign/p-1', as('admin')), 400, 'invalid_request');
    });

    it('an import can carry a deletes list, applied after its rows', async () => {
      await importAs({ format: 'cuecard/v1', messages: [{ id: 'm-1', title: 'Old', body: 'x', status: 'approved' }] });
      const response = await importAs({
        format: 'cuecard/v1',
        assets: [{ id: 'a-1', title: 'Guide', url: 'https://example.com/g', kind: 'deck', status: 'approved' }],
        deletes: [{ kind: 'message', id: 'm-1' }],
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ imported: { assets: 1 }, deleted: 1, rejected: 0 });
      const { changes } = await syncAll();
      expect(changes.map((c) => `${c.kind}:${c.id}:${c.op}`)).toEqual(['asset:a-1:upsert', 'message:m-1:delete']);
      await expectError(await importAs({ format: 'cuecard/v1', deletes: [{ kind: 'nope', id: 'x' }] }), 400, 'invalid_request');
    });

    it('import reports rejected rows and still imports the good ones; a non-bundle is a 400', async () => {
      const response = await importAs({
        format: 'cuecard/v1',
        workspace: 'Acme',
        prospects: [{ id: 'p-1', email: 'a@x.com' }, { id: 'p-2', email: 'not an email' }],
        assets: [{ id: 'a-1', title: 'Bad link', url: 'javascript:alert(1)', kind: 'deck', status: 'approved' }],
      });
      expect(response.status).toBe(200);
      const report = (await response.json()) as { imported: Record<string, number>; rejected: number; errors: unknown[] };
      expect(report.imported).toEqual({ prospects: 1, touches: 0, messages: 0, assets: 0 });
      expect(report.rejected).toBe(2);
      expect(report.errors).toHaveLength(2);
      const me = meResponse.parse(await (await call('GET', '/v1/me', as('rep'))).json());
      expect(me.workspace).toMatchObject({ name: 'Acme' });
      await expectError(await importAs({ format: 'other/v9' }), 400, 'invalid_bundle');
    });

    describe('CSV imports (the extension\'s pipeline and presets, matched to the hub\'s prospects)', () => {
      const csvAs = (text: string, query = '', role: Role = 'marketing') =>
        call('POST', `/v1/import${query}`, { ...as(role), raw: text, headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
      const sample = (name: string) => readFileSync(new URL(`../tests/fixtures/imports/${name}`, import.meta.url), 'utf8');
      const upserts = async (kind: string) => {
        const { changes } = await syncAll();
        return new Map(changes.filter((c) => c.kind === kind && c.op === 'upsert').map((c) => [c.id, c.data as Record<string, unknown>]));
      };

      it.each([
        // file, preset the hub detects, collection, imported, skipped (same numbers as the extension: tests/unit/import/preset-samples.test.ts)
        ['hubspot-contacts.csv', 'hubspot-contacts', 'prospects', 7, 0],
        ['hubspot-email-events.csv', 'hubspot-email-events', 'touches', 6, 4],
        ['marketo-activity-log.csv', 'marketo-activity-log', 'touches', 10, 4],
        ['marketo-bulk-leads.csv', 'marketo-bulk-leads', 'prospects', 5, 0],
        ['marketo-bulk-activities.csv', 'marketo-bulk-activities', 'touches', 11, 4],
        ['salesforce-contacts-report.csv', 'salesforce-contacts-report', 'prospects', 5, 8],
        ['salesforce-leads-report.csv', 'salesforce-leads-report', 'prospects', 4, 0],
        ['salesforce-campaign-members.csv', 'salesforce-campaign-members', 'touches', 6, 9],
        ['cuecard-prospects.csv', 'cuecard-prospects', 'prospects', 6, 0],
        ['cuecard-touches.csv', 'cuecard-touches', 'touches', 7, 0],
        ['cuecard-messages.csv', 'cuecard-messages', 'messages', 3, 0],
        ['cuecard-assets.csv', 'cuecard-assets', 'assets', 4, 0],
      ] as const)('%s is detected as %s and its %s reach sync', async (name, presetId, collection, imported, skipped) => {
        const response = await csvAs(sample(name));
        expect(response.status).toBe(200);
        const report = (await response.json()) as { presetId: string; imported: Record<string, number>; rejected: number; skipped: number; errors: unknown[] };
        expect(report).toMatchObject({ presetId, rejected: 0, skipped, errors: [] });
        expect(report.imported[collection]).toBe(imported);
        const kind = { prospects: 'prospect', touches: 'touch', messages: 'message', assets: 'asset' }[collection];
        const rows = await upserts(kind);
        expect(rows.size).toBe(imported);
        for (const data of rows.values()) expect(rowSchemas[collection].safeParse(data).success).toBe(true);
        // Re-importing the same export changes nothing, so no client downloads it again.
        const before = (await syncAll()).cursor;
        expect((await csvAs(sample(name))).status).toBe(200);
        expect((await syncAll(before)).changes).toEqual([]);
      });

      it('attaches vendor touches to the prospects already on the hub (email, plus-address, Salesforce id) and updates them in place', async () => {
        expect((await importAs(SMALL_BUNDLE())).status).toBe(200);
        const prospectsBefore = (await upserts('prospect')).size;

        expect((await csvAs(sample('hubspot-email-events.csv'))).status).toBe(200);
        const touches = await upserts('touch');
        const click = [...touches.values()].find((t) => t.title === "Clicked: The CFO's guide to freight spend" && String(t.id).startsWith('t-hs'));
        expect(click?.prospectId).toBe('p-dana');

        expect((await csvAs(sample('salesforce-campaign-members.csv'))).status).toBe(200);
        expect((await upserts('touch')).get('t-sfcm-00vDn00001aB3cDEAF-webinar')?.prospectId).toBe('p-dana');

        const plus = 'Recipient,Event type,Event date,Email name,Email subject,Campaign,URL,Filtered event\n' +
          'Dana.Whitfield+events@northwind-logistics.com,Click,2026-11-20 09:00,Plus test,Plus test,Plus,https://example.com/x,false\n';
        expect((await csvAs(plus)).status).toBe(200);
        expect([...(await upserts('touch')).values()].find((t) => t.campaign === 'Plus')?.prospectId).toBe('p-dana');

        expect((await csvAs(sample('hubspot-contacts.csv'))).status).toBe(200);
        const prospects = await upserts('prospect');
        expect(prospects.get('p-dana')).toMatchObject({ persona: 'finance', industry: 'Logistics', stage: 'sql', crmIds: { salesforce: '003Dn00000QxAbcIAF', hubspot: '51234001' } });
        // Known people were updated, not twinned; the export's other people are new.
        expect([...prospects.values()].filter((p) => p.email === 'dana.whitfield@northwind-logistics.com')).toHaveLength(1);
        expect(prospects.size).toBeLessThan(prospectsBefore + 7);
      });

      it('a Campaign Members report into an empty hub makes its members known, each written before their touches', async () => {
        const response = await csvAs(sample('salesforce-campaign-members.csv'));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ imported: { prospects: 7, touches: 6 }, rejected: 0, skippedReasons: { 'report footer': 7 } });
        const { changes } = await syncAll();
        const prospectSeq = new Map(changes.filter((c) => c.kind === 'prospect').map((c) => [c.id, c.seq]));
        const prospects = await upserts('prospect');
        const dana = [...prospects.values()].find((p) => p.email === 'dana.whitfield@northwind-logistics.com');
        expect(dana).toMatchObject({ name: 'Dana Whitfield', crmIds: { salesforce: '003Dn00000QxAbcIAF' } });
        for (const change of changes.filter((c) => c.kind === 'touch')) {
          const owner = (change.data as { prospectId: string }).prospectId;
          expect(prospectSeq.get(owner), `${change.id} after its prospect`).toBeLessThan(change.seq);
        }
        // A second import finds them on the hub: nothing changes.
        const cursor = (await syncAll()).cursor;
        expect((await csvAs(sample('salesforce-campaign-members.csv'))).status).toBe(200);
        expect((await syncAll(cursor)).changes).toEqual([]);
      });

      it('Marketo bulk extract: activities and leads in either order end as one prospect per lead, also for a known person', async () => {
        const state = async () => {
          const rows = (kind: string) => upserts(kind).then((map) => [...map.values()].sort((a, b) => String(a.id).localeCompare(String(b.id))));
          return { prospects: await rows('prospect'), touches: await rows('touch') };
        };
        const run = async (order: string[]) => {
          await testHub.db.query('TRUNCATE changes RESTART IDENTITY');
          expect((await importAs(SMALL_BUNDLE())).status).toBe(200);
          for (const name of order) expect((await csvAs(sample(name))).status).toBe(200);
          return state();
        };
        const activitiesFirst = await run(['marketo-bulk-activities.csv', 'marketo-bulk-leads.csv']);
        const leadsFirst = await run(['marketo-bulk-leads.csv', 'marketo-bulk-activities.csv']);
        expect(leadsFirst).toEqual(activitiesFirst);
        const dana = activitiesFirst.prospects.filter((p) => p.email === 'dana.whitfield@northwind-logistics.com');
        expect(dana).toMatchObject([{ id: 'p-dana', crmIds: { salesforce: '003Dn00000QxAbcIAF', marketo: '1021877' } }]);
        const danasActivities = activitiesFirst.touches.filter((t) => String(t.id).startsWith('t-mkto-') && t.prospectId === 'p-dana');
        expect(danasActivities.map((t) => t.id).sort()).toEqual(['t-mkto-884119502', 't-mkto-884119655', 't-mkto-884119657', 't-mkto-884119870', 't-mkto-884120102', 't-mkto-884120331']);
        expect(activitiesFirst.touches.filter((t) => t.prospectId === 'p-marketo-1021877')).toEqual([]);
        // A lead the workspace did not know is written under its lead id, holding its activities.
        expect(activitiesFirst.prospects.find((p) => p.id === 'p-marketo-1022877')).toMatchObject({ email: 'hana.kobayashi@orbit-cold-chain.jp' });
        expect(activitiesFirst.touches.find((t) => t.id === 't-mkto-884120512')?.prospectId).toBe('p-marketo-1022877');
        expect(activitiesFirst.touches.find((t) => t.id === 't-mkto-884119600')?.automated).toBe(true);
      });

      it('refuses a file it cannot place, naming what to send, and imports nothing', async () => {
        const doubtful = await expectError(await csvAs('id,email\np-9,a@x.com\n'), 400, 'preset_required');
        expect(doubtful.error.message).toMatch(/"salesforce-contacts-report".*\?preset=/);
        const chosen = await csvAs('id,email\np-9,a@x.com\n', '?preset=cuecard-prospects');
        expect(chosen.status).toBe(200);
        expect(await chosen.json()).toMatchObject({ presetId: 'cuecard-prospects', imported: { prospects: 1 } });

        const cursor = (await syncAll()).cursor;
        await expectError(await csvAs('foo,bar\n1,2\n'), 400, 'invalid_csv');
        await expectError(await csvAs(''), 400, 'invalid_csv');
        await expectError(await csvAs('id,email\n1,a@x.com', '?preset=nope'), 400, 'invalid_request');
        await expectError(await csvAs('id,email\n1,a@x.com', '?preset=cuecard-touches'), 400, 'invalid_csv');
        const ambiguous = 'id,prospectId,type,occurredAt\nt-1,p-dana,webinar,03/04/2026\n';
        const dates = await expectError(await csvAs(ambiguous), 400, 'date_order_required');
        expect(dates.error.message).toMatch(/dateOrder=us.*dateOrder=eu/);
        await expectError(await csvAs(ambiguous, '?dateOrder=xx'), 400, 'invalid_request');
        expect((await syncAll(cursor)).changes).toEqual([]);

        expect((await csvAs(ambiguous, '?dateOrder=eu')).status).toBe(200);
        expect((await upserts('touch')).get('t-1')?.occurredAt).toMatch(/^2026-04-03/);
      });

      it('reports bad rows by spreadsheet row and still imports the good ones; a rep may not import', async () => {
        const text = 'id,title,url,kind,status\na-1,Good,https://example.com/a,deck,approved\na-2,Bad link,javascript:alert(1),deck,approved\na-3,<img src=x onerror=alert(1)>,https://example.com/c,deck,approved\n';
        const response = await csvAs(text, '?preset=cuecard-assets');
        expect(response.status).toBe(200);
        const report = (await response.json()) as { imported: Record<string, number>; rejected: number; errors: { row: number; field: string }[] };
        expect(report.imported.assets).toBe(2);
        expect(report.rejected).toBe(1);
        expect(report.errors).toMatchObject([{ row: 3, field: 'url' }]);
        expect((await upserts('asset')).get('a-3')?.title).toBe('<img src=x onerror=alert(1)>');
        await expectError(await csvAs(text, '?preset=cuecard-assets', 'rep'), 403, 'forbidden');
      });
    });

    it('usage is idempotent on event id: the same batch twice is accepted once, then counted as duplicates', async () => {
      const events = Array.from({ length: 50 }, (_, i) => event({ type: i % 2 ? 'message_copied' : 'asset_opened', assetId: 'a-1' }));
      const first = usagePostResponse.parse(await (await call('POST', '/v1/usage', { ...as('rep'), body: { events } })).json());
      expect(first).toEqual({ accepted: 50, duplicates: 0 });
      const second = usagePostResponse.parse(await (await call('POST', '/v1/usage', { ...as('rep'), body: { events } })).json());
      expect(second).toEqual({ accepted: 0, duplicates: 50 });
      const mixed = [...events.slice(0, 10), event(), event()];
      expect(await (await call('POST', '/v1/usage', { ...as('rep'), body: { events: mixed } })).json()).toEqual({ accepted: 2, duplicates: 10 });
      const repeated = event();
      expect(await (await call('POST', '/v1/usage', { ...as('rep'), body: { events: [repeated, repeated] } })).json()).toEqual({
        accepted: 1,
        duplicates: 1,
      });
      const count = await testHub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events');
      expect(count.rows[0]!.n).toBe(53);
    });

    it('usage takes the rep from the token, never from the event', async () => {
      const forged = { ...event(), repId: userIds.admin, rep_id: userIds.admin };
      expect((await call('POST', '/v1/usage', { ...as('rep'), body: { events: [forged] } })).status).toBe(200);
      const stored = await testHub.db.query<{ rep_id: string }>('SELECT rep_id FROM usage_events WHERE id = $1', [forged.id]);
      expect(stored.rows[0]!.rep_id).toBe(userIds.rep);
      await expectError(await call('POST', '/v1/usage', { ...as('rep'), body: { events: [{ ...event(), id: 'not-a-uuid' }] } }), 400, 'invalid_request');
      await expectError(await call('POST', '/v1/usage', { ...as('rep'), body: { events: Array.from({ length: 1001 }, () => event()) } }), 400);
    });

    it('the role table is the documented one', () => {
      expect(ROUTE_ROLES).toEqual({
        'GET /v1/me': ['rep', 'marketing', 'admin'],
        'GET /v1/sync': ['rep', 'marketing', 'admin'],
        'POST /v1/usage': ['rep', 'marketing', 'admin'],
        'GET /v1/reports/usage': ['marketing', 'admin'],
        'GET /v1/reports/leads': ['marketing', 'admin'],
        'POST /v1/import': ['marketing', 'admin'],
        'DELETE /v1/items/:kind/:id': ['marketing', 'admin'],
        'POST /v1/session': ['marketing', 'admin'],
        'DELETE /v1/session': ['marketing', 'admin'],
        'GET /v1/items/:kind': ['marketing', 'admin'],
        'GET /v1/items/:kind/:id': ['marketing', 'admin'],
        'PUT /v1/items/:kind/:id': ['marketing', 'admin'],
        'GET /v1/items/:kind/:id/history': ['marketing', 'admin'],
        'GET /v1/attention': ['marketing', 'admin'],
        'GET /v1/audit': ['marketing', 'admin'],
        'GET /v1/users': ['admin'],
        'POST /v1/users': ['admin'],
        'PATCH /v1/users/:id': ['admin'],
        'POST /v1/users/:id/rotate': ['admin'],
        'DELETE /v1/users/:id': ['admin'],
        'GET /v1/connectors': ['marketing', 'admin'],
        'POST /v1/connectors': ['admin'],
        'PATCH /v1/connectors/:id': ['admin'],
        'POST /v1/connectors/:id/run': ['admin'],
        'DELETE /v1/connectors/:id': ['admin'],
        'GET /v1/lookup': ['rep', 'marketing', 'admin'],
        'GET /v1/scope': ['rep', 'marketing', 'admin'],
        'GET /v1/users/:id/scope': ['admin'],
        'PUT /v1/users/:id/scope': ['admin'],
        'POST /v1/scim/token': ['admin'],
      });
    });

    /** The console's origin as app.request sees it (http://localhost). */
    const ORIGIN = 'http://localhost';
    /** Signs in as `role` through POST /v1/session and answers the Cookie header to send. */
    const signIn = async (role: Role) => {
      const response = await call('POST', '/v1/session', { body: { token: tokens[role] }, headers: { Origin: ORIGIN } });
      expect(response.status).toBe(200);
      const cookie = /^(cuecard_session=[^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1];
      expect(cookie).toBeDefined();
      return cookie!;
    };

    /** One request per route whose target exists, so a call the table allows succeeds. */
    const matrixRequests = async (): Promise<Record<HubRoute, () => Promise<[string, string, unknown?]>>> => {
      await importAs({ format: 'cuecard/v1', messages: [{ id: 'm-matrix', title: 'Matrix', body: 'x', status: 'draft' }] });
      const freshUser = async () => (await addUser(testHub.db, `Matrix target ${randomUUID().slice(0, 8)}`, 'rep')).user.id;
      const connector = async () =>
        ((await (await call('POST', '/v1/connectors', { ...as('admin'), body: { vendor: 'hubspot', name: `Matrix ${randomUUID()}`, credentials: { token: 'pat-matrix' } } })).json()) as { connector: { id: string } }).connector.id;
      const existing = await connector();
      return {
        'GET /v1/me': async () => ['GET', '/v1/me'],
        'GET /v1/sync': async () => ['GET', '/v1/sync?cursor=0&limit=10'],
        'POST /v1/usage': async () => ['POST', '/v1/usage', { events: [event()] }],
        'GET /v1/reports/usage': async () => ['GET', '/v1/reports/usage?groupBy=rep'],
        'GET /v1/reports/leads': async () => ['GET', '/v1/reports/leads?groupBy=rep'],
        'POST /v1/import': async () => ['POST', '/v1/import', { format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com' }] }],
        'DELETE /v1/items/:kind/:id': async () => ['DELETE', '/v1/items/prospect/p-1'],
        'POST /v1/session': async () => ['POST', '/v1/session'],
        'DELETE /v1/session': async () => ['DELETE', '/v1/session'],
        'GET /v1/items/:kind': async () => ['GET', '/v1/items/message?limit=5'],
        'GET /v1/items/:kind/:id': async () => ['GET', '/v1/items/message/m-matrix'],
        'PUT /v1/items/:kind/:id': async () => ['PUT', '/v1/items/message/m-matrix', { title: 'Matrix', body: `x ${randomUUID()}`, status: 'draft' }],
        'GET /v1/items/:kind/:id/history': async () => ['GET', '/v1/items/message/m-matrix/history'],
        'GET /v1/attention': async () => ['GET', '/v1/attention'],
        'GET /v1/audit': async () => ['GET', '/v1/audit'],
        'GET /v1/users': async () => ['GET', '/v1/users'],
        'POST /v1/users': async () => ['POST', '/v1/users', { name: `Matrix added ${randomUUID().slice(0, 8)}`, role: 'rep' }],
        'PATCH /v1/users/:id': async () => ['PATCH', `/v1/users/${await freshUser()}`, { role: 'marketing' }],
        'POST /v1/users/:id/rotate': async () => ['POST', `/v1/users/${await freshUser()}/rotate`],
        'DELETE /v1/users/:id': async () => ['DELETE', `/v1/users/${await freshUser()}`],
        'GET /v1/connectors': async () => ['GET', '/v1/connectors'],
        'POST /v1/connectors': async () => ['POST', '/v1/connectors', { vendor: 'marketo', name: `Matrix Marketo ${randomUUID()}`, baseUrl: 'https://123-abc-456.mktorest.com', credentials: { clientId: 'id', clientSecret: 'secret' } }],
        'PATCH /v1/connectors/:id': async () => ['PATCH', `/v1/connectors/${existing}`, { quotaShare: 0.1 }],
        // dryRun: the credentials test answers at once (the matrix's adapter double signs in without a network).
        'POST /v1/connectors/:id/run': async () => ['POST', `/v1/connectors/${existing}/run`, { dryRun: true }],
        'DELETE /v1/connectors/:id': async () => ['DELETE', `/v1/connectors/${await connector()}`],
        'GET /v1/lookup': async () => ['GET', '/v1/lookup?email=a%40x.com'],
        'GET /v1/scope': async () => ['GET', '/v1/scope'],
        'GET /v1/users/:id/scope': async () => ['GET', `/v1/users/${await freshUser()}/scope`],
        'PUT /v1/users/:id/scope': async () => ['PUT', `/v1/users/${await freshUser()}/scope`, { regions: ['EMEA'] }],
        'POST /v1/scim/token': async () => ['POST', '/v1/scim/token'],
      };
    };
    /** What a call the table allows answers, where it is not 200. */
    const SUCCESS: Partial<Record<HubRoute, number>> = { 'POST /v1/connectors': 201 };

    it('every route × every role (and no token, a bad token): 401, 403 or success as the role table says', async () => {
      const requests = await matrixRequests();
      const seen: string[] = [];
      for (const route of Object.keys(ROUTE_ROLES) as HubRoute[]) {
        for (const caller of ['none', 'bad', ...ROLES] as const) {
          const [method, path, body] = await requests[route]();
          const token = caller === 'none' ? null : caller === 'bad' ? 'cch_not-a-real-token' : tokens[caller];
          const allowed = caller !== 'none' && caller !== 'bad' && (ROUTE_ROLES[route] as readonly string[]).includes(caller);
          let response: Response;
          let expected = caller === 'none' || caller === 'bad' ? 401 : allowed ? (SUCCESS[route] ?? 200) : 403;
          if (route === 'POST /v1/session') {
            // Signing in takes the token in the body; with none there is nothing to check.
            response = await call(method, path, { body: token ? { token } : {}, headers: { Origin: ORIGIN } });
            if (caller === 'none') expected = 400;
          } else {
            response = await call(method, path, { token, body });
          }
          seen.push(`${route} ${caller} ${response.status}`);
          expect(`${route} ${caller} ${response.status}`).toBe(`${route} ${caller} ${expected}`);
          if (expected === 401 || expected === 403) await expectError(response, expected, expected === 401 ? 'unauthorized' : 'forbidden');
        }
      }
      expect(seen).toHaveLength(Object.keys(ROUTE_ROLES).length * 5);
      await expectError(await call('GET', '/v1/me', { headers: { Authorization: `Basic ${tokens.admin}` } }), 401);
      await expectError(await call('GET', '/v1/me', { headers: { Authorization: `Bearer  ${tokens.admin}` } }), 401);
    });

    it('every route × every role with the console session cookie: the same table, and a rep gets no session', async () => {
      const requests = await matrixRequests();
      const refused = await call('POST', '/v1/session', { body: { token: tokens.rep }, headers: { Origin: ORIGIN } });
      const body = await expectError(refused, 403, 'forbidden');
      expect(body.error.message).toMatch(/console is for marketing and admins/);
      expect(refused.headers.get('Set-Cookie')).toBeNull();
      // Signing out ends the session, so it goes last.
      const routes = (Object.keys(ROUTE_ROLES) as HubRoute[]).sort((a, b) => Number(a === 'DELETE /v1/session') - Number(b === 'DELETE /v1/session'));
      for (const role of ['marketing', 'admin'] as const) {
        const cookie = await signIn(role);
        for (const route of routes) {
          const [method, path, requestBody] = await requests[route]();
          const allowed = (ROUTE_ROLES[route] as readonly string[]).includes(role);
          const response = await call(method, path, {
            body: route === 'POST /v1/session' ? { token: tokens[role] } : requestBody,
            headers: { Cookie: cookie, ...(method === 'GET' ? {} : { Origin: ORIGIN }) },
          });
          expect(`${route} ${role} ${response.status}`).toBe(`${route} ${role} ${allowed ? (SUCCESS[route] ?? 200) : 403}`);
        }
        // Signed out: the cookie opens nothing any more.
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: cookie } }), 401, 'unauthorized');
      }
    });

    it('refuses bodies over the limit with 413 (usage 1 MB by default, import as configured)', async () => {
      const big = JSON.stringify({ events: [event({ request: 'x'.repeat(500) })] }).padEnd(1024 * 1024 + 1, ' ');
      await expectError(await call('POST', '/v1/usage', { ...as('rep'), raw: big, headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
      const small = createHubApp({ db: testHub.db, rateLimit: false, limits: { importBytes: 1000 } });
      const bundle = JSON.stringify({ format: 'cuecard/v1', prospects: Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, email: `p${i}@x.com` })) });
      const response = await call('POST', '/v1/import', { ...as('admin'), raw: bundle }, small);
      await expectError(response, 413, 'payload_too_large');
      expect((await syncAll()).changes).toEqual([]);
    });

    it('answers malformed JSON with 400 invalid_json, and unknown routes with a JSON 404', async () => {
      for (const path of ['/v1/usage', '/v1/import']) {
        await expectError(await call('POST', path, { ...as('admin'), raw: '{"events": [', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_json');
      }
      await expectError(await call('POST', '/v1/usage', { ...as('rep'), raw: '' }), 400, 'invalid_json');
      await expectError(await call('POST', '/v1/usage', { ...as('rep'), body: [1, 2] }), 400, 'invalid_request');
      await expectError(await call('GET', '/v1/nothing', as('rep')), 404, 'not_found');
      await expectError(await call('PUT', '/v1/me', as('rep')), 404, 'not_found');
    });

    it('treats SQL-injection strings in every parameter as data or as a 400, never as SQL', async () => {
      const attacks = [
        "1; DROP TABLE users; --",
        "0 OR 1=1",
        "' OR '1'='1",
        "1) UNION SELECT token_hash FROM users --",
        "message; DELETE FROM usage_events",
        "2026-01-01T00:00:00Z' OR '1'='1",
        '$1',
        '\\x00',
      ];
      await importAs({ format: 'cuecard/v1', prospects: [{ id: 'p-1', email: 'a@x.com' }] });
      for (const attack of attacks) {
        const q = encodeURIComponent(attack);
        await expectError(await call('GET', `/v1/sync?cursor=${q}`, as('rep')), 400);
        await expectError(await call('GET', `/v1/sync?limit=${q}`, as('rep')), 400);
        await expectError(await call('GET', `/v1/reports/usage?groupBy=${q}`, as('admin')), 400);
        await expectError(await call('GET', `/v1/reports/usage?from=${q}`, as('admin')), 400);
        await expectError(await call('GET', `/v1/reports/usage?to=${q}`, as('admin')), 400);
        await expectError(await call('GET', `/v1/reports/leads?groupBy=${q}`, as('admin')), 400);
        await expectError(await call('GET', `/v1/reports/leads?from=${q}`, as('admin')), 400);
        await expectError(await call('DELETE', `/v1/items/${q}/p-1`, as('admin')), attack.includes('/') ? 404 : 400);
        const deleted = await call('DELETE', `/v1/items/touch/${q}`, as('admin'));
        expect(deleted.status).toBe(200);
        expect(await deleted.json()).toMatchObject({ kind: 'touch', id: attack.trim(), op: 'delete' });
        const stored = event({ prospectId: attack, messageId: attack, assetId: attack, request: attack, reasons: [attack] });
        expect(await (await call('POST', '/v1/usage', { ...as('rep'), body: { events: [stored] } })).json()).toEqual({ accepted: 1, duplicates: 0 });
        const row = await testHub.db.query<{ prospect_id: string; request: string; reasons: string[] }>(
          'SELECT prospect_id, request, reasons FROM usage_events WHERE id = $1',
          [stored.id],
        );
        expect(row.rows[0]).toEqual({ prospect_id: attack, request: attack, reasons: [attack] });
      }
      const report = usageReportResponse.parse(await (await call('GET', '/v1/reports/usage?groupBy=message', as('admin'))).json());
      expect(report.rows.map((r) => r.key).sort()).toEqual([...attacks].sort());
      const users = await testHub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(users.rows[0]!.n).toBe(3);
      expect((await syncAll()).changes.filter((c) => c.op === 'upsert')).toHaveLength(1);
    });

    it('CORS answers extension origins only; web origins get no Access-Control-Allow-Origin', async () => {
      const origins = {
        'chrome-extension://abcdefghijklmnopabcdefghijklmnop': true,
        'moz-extension://1b2c3d4e-0000-4a4a-9b9b-0123456789ab': true,
        'https://evil.example': false,
        'http://localhost:3000': false,
        'null': false,
        'chrome-extension://abc.evil.example': false,
      };
      for (const [origin, allowed] of Object.entries(origins)) {
        const preflight = await call('OPTIONS', '/v1/sync', {
          headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
        });
        expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(allowed ? origin : null);
        const get = await call('GET', '/v1/me', { ...as('rep'), headers: { Origin: origin } });
        expect(get.status).toBe(200);
        expect(get.headers.get('Access-Control-Allow-Origin')).toBe(allowed ? origin : null);
      }
    });

    it('rate-limits per token with 429 and Retry-After, without touching other tokens', async () => {
      const limited = createHubApp({ db: testHub.db, rateLimit: { burst: 3, perSecond: 0.5 } });
      for (let i = 0; i < 3; i++) expect((await call('GET', '/v1/me', as('rep'), limited)).status).toBe(200);
      const refused = await call('GET', '/v1/me', as('rep'), limited);
      await expectError(refused, 429, 'rate_limited');
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect((await call('GET', '/v1/me', as('admin'), limited)).status).toBe(200);
    });

    it('a 500 says only "internal", never the cause', async () => {
      const fail = (sql: string) => {
        if (sql.includes('FROM changes WHERE seq')) throw new Error('relation "secret_table" password=hunter2');
      };
      // The feed reads inside a transaction (one snapshot per page): its queries fail there too.
      const broken: HubDb = {
        ...testHub.db,
        query: async (sql, params) => {
          fail(sql);
          return testHub.db.query(sql, params);
        },
        transaction: (fn) =>
          testHub.db.transaction((tx) =>
            fn({
              query: async (sql, params) => {
                fail(sql);
                return tx.query(sql, params);
              },
            }),
          ),
      };
      const logged: unknown[] = [];
      const brokenApp = createHubApp({ db: broken, rateLimit: false, logError: (error) => logged.push(error) });
      const response = await call('GET', '/v1/sync', as('rep'), brokenApp);
      const body = await expectError(response, 500, 'internal');
      expect(JSON.stringify(body)).not.toMatch(/secret|hunter2|relation/);
      expect(logged).toHaveLength(1);
    });

    it('reports usage by message, asset, rep, surface and week, with unused content and content requests', async () => {
      await importAs({
        format: 'cuecard/v1',
        prospects: [{ id: 'p-1', email: 'a@x.com', persona: 'finance', industry: 'Logistics' }],
        messages: [
          { id: 'm-1', title: 'ROI note', body: 'x', status: 'approved' },
          { id: 'm-2', title: 'Never used', body: 'x', status: 'approved' },
          { id: 'm-3', title: 'Draft', body: 'x', status: 'draft' },
          { id: 'm-4', title: 'Expired', body: 'x', status: 'approved', validUntil: '2020-01-01T00:00:00Z' },
          // A bare date: valid through the whole of 1 November (lib/contract/validity.ts).
          { id: 'm-5', title: 'Through 1 Nov', body: 'x', status: 'approved', validUntil: '2026-11-01' },
        ],
        assets: [
          { id: 'a-1', title: 'Case study', url: 'https://x.example/c', kind: 'case_study', status: 'approved' },
          { id: 'a-2', title: 'Unused deck', url: 'https://x.example/d', kind: 'deck', status: 'approved' },
        ],
      });
      const repEvents = [
        event({ type: 'message_copied', messageId: 'm-1', at: '2026-11-16T09:00:00Z' }),
        event({ type: 'message_inserted', messageId: 'm-1', at: '2026-11-17T09:00:00Z', surface: 'gmail' }),
        event({ type: 'asset_opened', messageId: undefined, assetId: 'a-1', at: '2026-11-18T09:00:00Z' }),
        event({ type: 'asset_inserted', messageId: undefined, assetId: 'a-1', at: '2026-11-24T09:00:00Z', surface: 'gmail' }),
        event({ type: 'content_request', messageId: undefined, prospectId: 'p-1', request: 'A CFO one-pager on fuel costs', at: '2026-11-18T10:00:00Z' }),
        event({ type: 'content_request', messageId: undefined, request: 'Spanish deck', at: '2026-11-18T11:00:00Z' }),
        event({ type: 'message_copied', messageId: 'm-2', at: '2025-01-01T00:00:00Z' }),
        // What was actually sent from Gmail: m-1 once as approved; the asset scheduled, mostly rewritten around.
        event({ type: 'message_sent', messageId: 'm-1', at: '2026-11-17T09:05:00Z', surface: 'gmail', retained: 1, scheduled: false }),
        event({ type: 'asset_sent', messageId: undefined, assetId: 'a-1', at: '2026-11-24T09:05:00Z', surface: 'gmail', retained: 0.35, scheduled: true }),
      ];
      const marketingEvents = [
        event({ type: 'message_copied', messageId: 'm-1', at: '2026-11-18T12:00:00Z', surface: 'hubspot' }),
        // Another sender of m-1 kept 80 % of it: 1 of 2 sends as approved, median 0.9.
        event({ type: 'message_sent', messageId: 'm-1', at: '2026-11-18T12:30:00Z', surface: 'outlook', retained: 0.8, scheduled: false }),
      ];
      await call('POST', '/v1/usage', { ...as('rep'), body: { events: repEvents } });
      await call('POST', '/v1/usage', { ...as('marketing'), body: { events: marketingEvents } });
      const report = async (query: string) => {
        const response = await call('GET', `/v1/reports/usage?${query}`, as('marketing'));
        expect(response.status).toBe(200);
        return usageReportResponse.parse(await response.json());
      };
      const period = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

      const byMessage = await report(`${period}&groupBy=message`);
      expect(byMessage.rows).toEqual([
        {
          key: 'm-1', label: 'ROI note', events: 5, copies: 2, inserts: 1, sends: 2, sentAsApproved: 1, medianRetained: 0.9,
          opens: 0, dismissals: 0, reps: 2, lastUsedAt: '2026-11-18T12:30:00.000Z',
        },
      ]);
      expect(byMessage.unused.messages).toEqual([
        { id: 'm-2', title: 'Never used' },
        { id: 'm-5', title: 'Through 1 Nov' },
      ]);
      // A period starting at noon on its last day still finds it usable, hence unused.
      const fromNoon = await report('from=2026-11-01T12:00:00Z&to=2026-12-01T00:00:00Z&groupBy=message');
      expect(fromNoon.unused.messages.map((m) => m.id)).toContain('m-5');
      const fromNextDay = await report('from=2026-11-02T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=message');
      expect(fromNextDay.unused.messages.map((m) => m.id)).not.toContain('m-5');
      expect(byMessage.unused.assets).toEqual([{ id: 'a-2', title: 'Unused deck', kind: 'deck' }]);
      expect(byMessage.contentRequests).toEqual([
        { segment: 'finance · Logistics', persona: 'finance', industry: 'Logistics', count: 1, lastAt: '2026-11-18T10:00:00.000Z', requests: ['A CFO one-pager on fuel costs'] },
        { segment: 'unknown · unknown', persona: 'unknown', industry: 'unknown', count: 1, lastAt: '2026-11-18T11:00:00.000Z', requests: ['Spanish deck'] },
      ]);

      const byAsset = await report(`${period}&groupBy=asset`);
      expect(byAsset.rows).toMatchObject([{ key: 'a-1', label: 'Case study', opens: 1, inserts: 1, sends: 1, sentAsApproved: 0, medianRetained: 0.35, reps: 1 }]);
      const byRep = await report(`${period}&groupBy=rep`);
      expect(byRep.rows.map((r) => [r.label, r.events, r.sends, r.sentAsApproved, r.medianRetained])).toEqual([
        ['Test rep', 8, 2, 1, 0.675],
        ['Test marketing', 2, 1, 0, 0.8],
      ]);
      const bySurface = await report(`${period}&groupBy=surface`);
      expect(Object.fromEntries(bySurface.rows.map((r) => [r.key, r.events]))).toEqual({ salesforce: 4, gmail: 4, hubspot: 1, outlook: 1 });
      const byWeek = await report(`${period}&groupBy=week`);
      expect(byWeek.rows.map((r) => [r.key, r.events]).sort()).toEqual([
        ['2026-11-16', 8],
        ['2026-11-23', 2],
      ]);
      // Only ids and numbers were stored for the sends; events of other types have no retained.
      const stored = await testHub.db.query<{ type: string; retained: number | null; scheduled: boolean | null }>(
        "SELECT type, retained, scheduled FROM usage_events WHERE type IN ('message_sent', 'asset_sent', 'message_inserted') ORDER BY at",
      );
      expect(stored.rows).toEqual([
        { type: 'message_inserted', retained: null, scheduled: null },
        { type: 'message_sent', retained: 1, scheduled: false },
        { type: 'message_sent', retained: 0.8, scheduled: false },
        { type: 'asset_sent', retained: 0.35, scheduled: true },
      ]);
      // With no period, the 2025 event on m-2 counts and m-2 is no longer unused.
      const allTime = await report('groupBy=message');
      expect(allTime.rows.map((r) => r.key)).toEqual(['m-1', 'm-2']);
      expect(allTime.unused.messages).toEqual([]);
      await expectError(await call('GET', '/v1/reports/usage?from=yesterday', as('admin')), 400, 'invalid_request');
    });

    it('reports the leads marketing handed over: followed up within 1 / 3 days or never, median hours, the latest feedback, by campaign, source, reason and rep', async () => {
      const ann = await addUser(testHub.db, 'Ann Rep', 'rep', 'Ann.Rep@northwind-demo.example');
      const ben = await addUser(testHub.db, 'Ben Rep', 'rep', 'ben.rep@northwind-demo.example');
      const T0 = Date.parse('2026-11-02T09:00:00.000Z');
      const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
      const lead = (id: string, fields: Partial<Prospect>): Prospect => ({ id, email: `${id}@buyer.example`, owner: 'ann.rep@northwind-demo.example', qualifiedAt: at(0), ...fields });
      await importAs({
        format: 'cuecard/v1',
        prospects: [
          lead('p-w1', { source: 'Webinar X' }),
          lead('p-w2', { source: 'Webinar X' }),
          lead('p-w3', { source: 'Webinar X' }),
          lead('p-w4', { source: 'Webinar X', owner: 'ben.rep@northwind-demo.example' }),
          lead('p-w5', { source: 'Webinar X', owner: 'left.the.company@northwind-demo.example' }),
          lead('p-nurtured', {}),
          // A date Date.parse reads and the contract allows: read in JS, never cast by Postgres.
          lead('p-odd-date', { qualifiedAt: 'Tue, 03 Nov 2026 10:00:00 GMT' }),
          lead('p-october', { source: 'Webinar X', qualifiedAt: '2026-10-20T09:00:00.000Z' }),
          { id: 'p-no-owner', email: 'no-owner@buyer.example', qualifiedAt: at(0), source: 'Webinar X' },
        ],
        touches: [
          { id: 't-2', prospectId: 'p-nurtured', type: 'webinar', occurredAt: '2026-10-01T10:00:00.000Z', campaign: 'Newer Webinar' },
          { id: 't-1', prospectId: 'p-nurtured', type: 'email_click', occurredAt: '2026-09-01T10:00:00.000Z', campaign: 'Old Nurture' },
          { id: 't-3', prospectId: 'p-nurtured', type: 'page_view', occurredAt: '2026-08-01T10:00:00.000Z' },
        ],
      });
      const annEvents = [
        event({ type: 'message_copied', prospectId: 'p-w2', at: at(-5) }),
        event({ type: 'sidebar_opened', messageId: undefined, prospectId: 'p-w1', at: at(2) }),
        event({ type: 'lead_feedback', messageId: undefined, prospectId: 'p-w1', reason: 'no_budget', at: at(3) }),
        event({ type: 'lead_feedback', messageId: undefined, prospectId: 'p-w1', reason: 'good_fit', at: at(4) }),
        event({ type: 'message_copied', prospectId: 'p-w2', at: at(50) }),
        event({ type: 'lead_feedback', messageId: undefined, prospectId: 'p-w3', reason: 'bad_timing', at: at(100) }),
        // Ann looking at Ben's lead is not Ben following it up.
        event({ type: 'sidebar_opened', messageId: undefined, prospectId: 'p-w4', at: at(1) }),
        event({ type: 'sidebar_opened', messageId: undefined, prospectId: 'p-nurtured', at: at(10) }),
      ];
      expect(await (await call('POST', '/v1/usage', { token: ann.token, body: { events: annEvents } })).json()).toEqual({ accepted: 8, duplicates: 0 });
      await call('POST', '/v1/usage', { token: ben.token, body: { events: [event({ type: 'sidebar_opened', messageId: undefined, prospectId: 'p-w4', at: at(30) })] } });
      const stored = await testHub.db.query<{ reason: string | null; message_id: string | null }>('SELECT reason, message_id FROM usage_events WHERE id = $1', [annEvents[3]!.id]);
      expect(stored.rows[0]).toEqual({ reason: 'good_fit', message_id: null });

      const report = async (groupBy: string) => {
        const response = await call('GET', `/v1/reports/leads?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=${groupBy}`, as('marketing'));
        expect(response.status).toBe(200);
        return leadsReportResponse.parse(await response.json());
      };
      const counts = (row: { handedOver: number; followedUp: number; within1Day: number; within3Days: number; never: number; medianHoursToFollowUp: number | null }) =>
        [row.handedOver, row.followedUp, row.within1Day, row.within3Days, row.never, row.medianHoursToFollowUp];

      const byCampaign = await report('campaign');
      // "Webinar X: 5 handed over, 1 good fit, 1 bad timing": followed up after 2, 50, 100 and 30 hours; one never.
      const webinar = byCampaign.rows.find((row) => row.key === 'Webinar X')!;
      expect(counts(webinar)).toEqual([5, 4, 1, 3, 1, 40]);
      expect(webinar.withFeedback).toBe(2);
      expect(Object.entries(webinar.feedback).filter(([, n]) => n > 0)).toEqual([
        ['good_fit', 1],
        ['bad_timing', 1],
      ]);
      expect(byCampaign.rows.map((row) => [row.key, row.handedOver])).toEqual([
        ['Webinar X', 5],
        ['(none)', 1],
        ['Old Nurture', 1],
      ]);
      expect(counts(byCampaign.rows.find((row) => row.key === 'Old Nurture')!)).toEqual([1, 1, 1, 1, 0, 10]);
      expect(counts(byCampaign.totals)).toEqual([7, 5, 2, 4, 2, 30]);

      const bySource = await report('source');
      expect(bySource.rows.map((row) => [row.key, row.handedOver])).toEqual([
        ['Webinar X', 5],
        ['(none)', 2],
      ]);
      const byReason = await report('reason');
      expect(byReason.rows.map((row) => [row.key, row.handedOver])).toEqual([
        ['(none)', 5],
        ['bad_timing', 1],
        ['good_fit', 1],
      ]);
      const byRep = await report('rep');
      expect(byRep.rows.map((row) => [row.key, row.label, ...counts(row)])).toEqual([
        ['ann.rep@northwind-demo.example', 'Ann Rep', 5, 4, 2, 3, 1, 30],
        ['ben.rep@northwind-demo.example', 'Ben Rep', 1, 1, 0, 1, 0, 30],
        ['left.the.company@northwind-demo.example', null, 1, 0, 0, 0, 1, null],
      ]);
      // With no period, October's handover counts too.
      const allTime = leadsReportResponse.parse(await (await call('GET', '/v1/reports/leads', as('admin'))).json());
      expect(allTime.groupBy).toBe('campaign');
      expect(allTime.totals.handedOver).toBe(8);
      await expectError(await call('GET', '/v1/reports/leads?groupBy=message', as('admin')), 400, 'invalid_request');
      await expectError(await call('GET', '/v1/reports/leads', as('rep')), 403, 'forbidden');
    });

    it('serves the same API over real HTTP, including a streamed oversize body', async () => {
      const server = await startHub({ db: testHub.db, rateLimit: false });
      try {
        const me = await fetch(`${server.url}/v1/me`, { headers: { Authorization: `Bearer ${tokens.rep}` } });
        expect(meResponse.parse(await me.json()).user.role).toBe('rep');
        // No Content-Length: the limit must hold while streaming, not only on the header.
        const chunks = new ReadableStream<Uint8Array>({
          start(controller) {
            const piece = new TextEncoder().encode(' '.repeat(64 * 1024));
            for (let i = 0; i < 20; i++) controller.enqueue(piece);
            controller.close();
          },
        });
        const response = await fetch(`${server.url}/v1/usage`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens.rep}`, 'Content-Type': 'application/json' },
          body: chunks,
          duplex: 'half',
        } as RequestInit);
        await expectError(response, 413, 'payload_too_large');
      } finally {
        await server.close();
      }
    });
  });
}
