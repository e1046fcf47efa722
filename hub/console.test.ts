/**
 * The console's routes against a real database (PGlite, and Postgres with CUECARD_TEST_PG_URL):
 * the content library (filters, versions, conflicts, history), needs attention, users (add, role,
 * expiry, rotate, revoke), sessions and their CSRF rules, the audit log, and the static console.
 * The role table itself is walked for every route and role in hub.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  attentionResponse,
  auditResponse,
  itemHistoryResponse,
  itemListResponse,
  itemPutResponse,
  meResponse,
  syncResponse,
  TOKEN_EXPIRED,
  TOKEN_REVOKED,
  userResponse,
  usersResponse,
  userTokenResponse,
  type Role,
  type UsageEvent,
} from '../lib/contract';
import { createHubApp } from './app';
import { backends } from './test-backends';
import { useTestHub } from './test-hub';

const ORIGIN = 'http://localhost';
const DAY = 86_400_000;
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();

for (const backend of backends) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `console routes on ${backend.name}`, () => {
    const testHub = useTestHub(backend, {
      truncate: ['changes', 'usage_events', 'users', 'hub_meta', 'console_sessions', 'audit_log'],
      app: { rateLimit: false, logError: () => undefined, consoleDir: null },
    });
    const { tokens, userIds, call, as, importAs, expectError } = testHub;
    const list = async (query: string, role: Role = 'marketing') => {
      const response = await call('GET', `/v1/items/${query}`, as(role));
      expect(response.status).toBe(200);
      return itemListResponse.parse(await response.json());
    };
    const put = (kind: string, id: string, row: unknown, role: Role = 'marketing') => call('PUT', `/v1/items/${kind}/${id}`, { ...as(role), body: row });
    const syncFrom = async (cursor: number) => syncResponse.parse(await (await call('GET', `/v1/sync?cursor=${cursor}&limit=5000`, as('rep'))).json());
    const signIn = async (role: Role, headers: Record<string, string> = { Origin: ORIGIN }, target = testHub.app) => {
      const response = await call('POST', '/v1/session', { body: { token: tokens[role] }, headers }, target);
      return { response, cookie: /^((?:__Host-)?cuecard_session=[^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1] };
    };
    const usage = async (events: Partial<UsageEvent>[]) => {
      const full = events.map((event) => ({ id: randomUUID(), at: new Date().toISOString(), surface: 'gmail', type: 'message_copied', ...event }));
      expect((await call('POST', '/v1/usage', { ...as('rep'), body: { events: full } })).status).toBe(200);
    };

    describe('content library', () => {
      beforeEach(async () => {
        await importAs({
          format: 'cuecard/v1',
          messages: [
            { id: 'm-cfo', title: 'CFO fuel-cost note', body: 'Hi {{first_name}}, fuel is 30 % of cost.', status: 'approved', personas: ['finance'], industries: ['Logistics'], stages: ['mql'] },
            { id: 'm-draft', title: 'Draft for ops', body: 'x', status: 'draft', personas: ['operations'] },
            { id: 'm-old', title: 'Retired pricing', body: 'old', status: 'retired' },
            { id: 'm-soon', title: 'Expiring offer', body: 'x', status: 'approved', validUntil: isoIn(10).slice(0, 10) },
            { id: 'm-later', title: 'Later offer', body: 'x', status: 'approved', validUntil: isoIn(120) },
          ],
          assets: [{ id: 'a-1', title: 'TCO guide', url: 'https://example.com/tco', kind: 'guide', status: 'approved', personas: ['finance'] }],
        });
      });

      it('lists the newest change first and filters by words, status, segment, expiry and use', async () => {
        const all = await list('message');
        expect(all.items.map((item) => item.id)).toEqual(['m-later', 'm-soon', 'm-old', 'm-draft', 'm-cfo']);
        expect(all.items[0]).toMatchObject({ kind: 'message', changedBy: null, lastUsedAt: null });
        expect((await list('message?q=FUEL')).items.map((item) => item.id)).toEqual(['m-cfo']);
        expect((await list('message?status=draft')).items.map((item) => item.id)).toEqual(['m-draft']);
        expect((await list('message?persona=Finance')).items.map((item) => item.id)).toEqual(['m-cfo']);
        expect((await list('message?industry=logistics&stage=mql')).items.map((item) => item.id)).toEqual(['m-cfo']);
        expect((await list('message?expiringWithinDays=30')).items.map((item) => item.id)).toEqual(['m-soon']);
        expect((await list('asset?persona=finance')).items.map((item) => item.id)).toEqual(['a-1']);

        await usage([{ type: 'message_inserted', messageId: 'm-cfo' }, { type: 'message_copied', messageId: 'm-soon', at: new Date(Date.now() - 120 * DAY).toISOString() }]);
        const unused = await list('message?status=approved&unusedForDays=90');
        expect(unused.items.map((item) => item.id)).toEqual(['m-later', 'm-soon']);
        const used = (await list('message?q=cfo')).items[0]!;
        expect(used.lastUsedAt).not.toBeNull();

        for (const bad of ['status=live', 'limit=0', 'limit=201', 'cursor=-1', 'expiringWithinDays=1e3', 'persona=']) {
          await expectError(await call('GET', `/v1/items/message?${bad}`, as('admin')), 400, 'invalid_request');
        }
        await expectError(await call('GET', '/v1/items/campaign', as('admin')), 400, 'invalid_request');
      });

      it('pages with a cursor: every item once, in order', async () => {
        const first = await list('message?limit=2');
        expect(first.items).toHaveLength(2);
        expect(first.hasMore).toBe(true);
        const second = await list(`message?limit=2&cursor=${first.cursor}`);
        const third = await list(`message?limit=2&cursor=${second.cursor}`);
        expect(third.hasMore).toBe(false);
        expect(third.cursor).toBeNull();
        expect([...first.items, ...second.items, ...third.items].map((item) => item.id)).toEqual(['m-later', 'm-soon', 'm-old', 'm-draft', 'm-cfo']);
      });

      it('a saved change is a new version after every client cursor, with who saved it and what changed', async () => {
        const { cursor } = await syncFrom(0);
        const created = await put('message', 'm-new', { title: 'New ROI note', body: 'Hi {{first_name}}', status: 'draft', personas: ['finance'] });
        expect(created.status).toBe(200);
        const v1 = itemPutResponse.parse(await created.json());
        expect(v1).toMatchObject({ changed: true, item: { kind: 'message', id: 'm-new', changedBy: 'Test marketing', data: { version: 1, status: 'draft' } } });

        const approved = itemPutResponse.parse(await (await put('message', 'm-new', { ...v1.item.data, status: 'approved' }, 'admin')).json());
        expect(approved.item.data).toMatchObject({ version: 2, status: 'approved' });
        expect(approved.item.changedBy).toBe('Test admin');
        expect(approved.item.seq).toBeGreaterThan(v1.item.seq);

        // Reps get exactly the latest version at their next sync.
        const after = await syncFrom(cursor);
        expect(after.changes).toEqual([{ seq: approved.item.seq, kind: 'message', op: 'upsert', id: 'm-new', data: approved.item.data }]);

        // Saving the same row again changes nothing and reps download nothing.
        const same = itemPutResponse.parse(await (await put('message', 'm-new', approved.item.data)).json());
        expect(same.changed).toBe(false);
        expect(same.item.seq).toBe(approved.item.seq);
        expect((await syncFrom(after.cursor)).changes).toEqual([]);

        const history = itemHistoryResponse.parse(await (await call('GET', '/v1/items/message/m-new/history', as('marketing'))).json());
        expect(history.entries.map((entry) => [entry.action, entry.actor?.name, entry.version, entry.fields, entry.note])).toEqual([
          ['item_updated', 'Test admin', 2, ['status'], 'approved'],
          ['item_created', 'Test marketing', 1, [], 'draft'],
        ]);
      });

      it('refuses a save made from an older version, naming who saved the newer one', async () => {
        const v1 = itemPutResponse.parse(await (await put('message', 'm-race', { title: 'Race', body: 'one', status: 'draft' })).json());
        expect((await put('message', 'm-race', { ...v1.item.data, body: 'two' }, 'admin')).status).toBe(200);
        const stale = await put('message', 'm-race', { ...v1.item.data, body: 'three' });
        const body = await expectError(stale, 409, 'version_conflict');
        expect(body.error.message).toMatch(/Version 2 was saved by Test admin/);
        // A save that names no version (a script) is last-write-wins.
        const { version: _version, ...unversioned } = v1.item.data as { version?: number };
        const forced = itemPutResponse.parse(await (await put('message', 'm-race', { ...unversioned, body: 'four' })).json());
        expect(forced.item.data).toMatchObject({ body: 'four', version: 3 });
      });

      it('validates every save with the contract and keeps the path id', async () => {
        await expectError(await put('asset', 'a-2', { title: 'Bad link', url: 'javascript:alert(1)', kind: 'guide', status: 'approved' }), 400, 'invalid_request');
        await expectError(await put('message', 'm-x', { title: 'No body', status: 'draft' }), 400, 'invalid_request');
        await expectError(await put('message', 'm-x', { id: 'm-other', title: 'T', body: 'B', status: 'draft' }), 400, 'invalid_request');
        await expectError(await put('message', 'm-x', [1, 2]), 400, 'invalid_request');
        await expectError(await call('PUT', '/v1/items/message/m-x', { ...as('marketing'), raw: '{"title":', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_json');
        expect((await list('message?q=m-x')).items).toEqual([]);
        await expectError(await call('GET', '/v1/items/message/m-x', as('marketing')), 404, 'not_found');
      });

      it('deleting an item and importing are in the change log; marketing sees content, not user changes', async () => {
        await call('DELETE', '/v1/items/message/m-old', as('marketing'));
        await call('POST', '/v1/users', { ...as('admin'), body: { name: 'New rep', role: 'rep' } });
        const forAdmin = auditResponse.parse(await (await call('GET', '/v1/audit', as('admin'))).json());
        expect(forAdmin.entries.map((entry) => `${entry.action}:${entry.targetKind}`)).toEqual(['user_added:user', 'item_deleted:message', 'import:import']);
        expect(forAdmin.entries[2]!.note).toBe('cuecard/v1: 5 messages, 1 assets');
        expect(forAdmin.entries[2]!.actor?.name).toBe('Test marketing');
        const forMarketing = auditResponse.parse(await (await call('GET', '/v1/audit', as('marketing'))).json());
        expect(forMarketing.entries.map((entry) => entry.action)).toEqual(['item_deleted', 'import']);
        const usersOnly = auditResponse.parse(await (await call('GET', '/v1/audit?kind=users', as('marketing'))).json());
        expect(usersOnly.entries).toEqual([]);
      });

      it('needs attention: expiring within 30 days, approved and unused for 90 days, and what reps asked for', async () => {
        await usage([
          { type: 'message_copied', messageId: 'm-cfo' },
          { type: 'asset_opened', assetId: 'a-1' },
          { type: 'content_request', request: 'A Spanish TCO deck [persona=finance, industry=Logistics]' },
          { type: 'content_request', request: 'Old ask', at: new Date(Date.now() - 100 * DAY).toISOString() },
        ]);
        const response = await call('GET', '/v1/attention', as('marketing'));
        expect(response.status).toBe(200);
        const attention = attentionResponse.parse(await response.json());
        expect(attention.expiring.map((item) => item.id)).toEqual(['m-soon']);
        expect(attention.unused.map((item) => item.id).sort()).toEqual(['m-later', 'm-soon']);
        expect(attention.requests).toMatchObject([{ persona: 'finance', industry: 'Logistics', count: 1, requests: ['A Spanish TCO deck [persona=finance, industry=Logistics]'] }]);
      });
    });

    describe('users', () => {
      it('adds a user whose token works at once and is stored only as its hash', async () => {
        const response = await call('POST', '/v1/users', { ...as('admin'), body: { name: 'Dana Rep', role: 'rep', email: 'dana@northwind-demo.example' } });
        expect(response.status).toBe(200);
        const added = userTokenResponse.parse(await response.json());
        expect(added.user).toMatchObject({ name: 'Dana Rep', role: 'rep', email: 'dana@northwind-demo.example', revokedAt: null, tokenExpiresAt: null });
        expect(meResponse.parse(await (await call('GET', '/v1/me', { token: added.token })).json()).user.id).toBe(added.user.id);
        const listed = usersResponse.parse(await (await call('GET', '/v1/users', as('admin'))).json());
        expect(listed.users.map((user) => user.name)).toEqual(['Test admin', 'Test marketing', 'Dana Rep', 'Test rep']);
        expect(JSON.stringify(listed)).not.toContain(added.token);
        expect(JSON.stringify((await testHub.db.query('SELECT * FROM users')).rows)).not.toContain(added.token);
        await expectError(await call('POST', '/v1/users', { ...as('admin'), body: { name: 'Twin', role: 'rep', email: 'DANA@northwind-demo.example' } }), 409, 'email_taken');
        await expectError(await call('POST', '/v1/users', { ...as('admin'), body: { name: ' ', role: 'rep' } }), 400, 'invalid_request');
        await expectError(await call('POST', '/v1/users', { ...as('admin'), body: { name: 'X', role: 'owner' } }), 400, 'invalid_request');
        await expectError(await call('POST', '/v1/users', { ...as('admin'), body: { name: 'X', role: 'rep', tokenExpiresAt: isoIn(-1) } }), 400, 'invalid_request');
      });

      it('a role change holds from the next request on', async () => {
        await expectError(await call('GET', '/v1/attention', as('rep')), 403, 'forbidden');
        const changed = userResponse.parse(await (await call('PATCH', `/v1/users/${userIds.rep}`, { ...as('admin'), body: { role: 'marketing' } })).json());
        expect(changed.user.role).toBe('marketing');
        expect((await call('GET', '/v1/attention', as('rep'))).status).toBe(200);
        await expectError(await call('PATCH', `/v1/users/${userIds.admin}`, { ...as('admin'), body: { role: 'rep' } }), 409, 'own_role');
        await expectError(await call('PATCH', `/v1/users/${userIds.rep}`, { ...as('admin'), body: {} }), 400, 'invalid_request');
        await expectError(await call('PATCH', '/v1/users/u_nobody', { ...as('admin'), body: { role: 'rep' } }), 404, 'not_found');
        const audit = auditResponse.parse(await (await call('GET', '/v1/audit?kind=users', as('admin'))).json());
        expect(audit.entries[0]).toMatchObject({ action: 'user_updated', fields: ['role'], note: 'rep → marketing', actor: { name: 'Test admin' } });
      });

      it('rotating answers a new token once; the old one is refused from then on', async () => {
        const rotated = userTokenResponse.parse(await (await call('POST', `/v1/users/${userIds.rep}/rotate`, as('admin'))).json());
        expect(rotated.token).not.toBe(tokens.rep);
        await expectError(await call('GET', '/v1/me', as('rep')), 401, 'unauthorized');
        expect((await call('GET', '/v1/me', { token: rotated.token })).status).toBe(200);
      });

      it('revoking is refused from the next request on, in words, and ends the user’s console sessions', async () => {
        const { cookie } = await signIn('marketing');
        expect((await call('GET', '/v1/me', { headers: { Cookie: cookie! } })).status).toBe(200);
        for (const role of ['rep', 'marketing'] as const) {
          const revoked = userResponse.parse(await (await call('DELETE', `/v1/users/${userIds[role]}`, as('admin'))).json());
          expect(revoked.user.revokedAt).not.toBeNull();
        }
        const refused = await expectError(await call('GET', '/v1/sync', as('rep')), 401, TOKEN_REVOKED);
        expect(refused.error.message).toMatch(/access to this hub was revoked/);
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: cookie! } }), 401, 'unauthorized');
        expect((await testHub.db.query('SELECT 1 FROM console_sessions')).rows).toEqual([]);
        // Nor can the revoked token sign in again.
        await expectError((await signIn('marketing')).response, 401, TOKEN_REVOKED);
        await expectError(await call('DELETE', `/v1/users/${userIds.admin}`, as('admin')), 409, 'own_account');
        await expectError(await call('POST', `/v1/users/${userIds.rep}/rotate`, as('admin')), 409, 'revoked');
      });

      it('a token past its expiry is refused as expired; clearing the expiry lets it in again', async () => {
        const expiring = userResponse.parse(await (await call('PATCH', `/v1/users/${userIds.rep}`, { ...as('admin'), body: { tokenExpiresAt: isoIn(30) } })).json());
        expect(Date.parse(expiring.user.tokenExpiresAt!)).toBeGreaterThan(Date.now());
        expect((await call('GET', '/v1/me', as('rep'))).status).toBe(200);
        await testHub.db.query("UPDATE users SET token_expires_at = now() - interval '1 minute' WHERE id = $1", [userIds.rep]);
        const refused = await expectError(await call('GET', '/v1/sync', as('rep')), 401, TOKEN_EXPIRED);
        expect(refused.error.message).toMatch(/expired/);
        await call('PATCH', `/v1/users/${userIds.rep}`, { ...as('admin'), body: { tokenExpiresAt: null } });
        expect((await call('GET', '/v1/me', as('rep'))).status).toBe(200);
      });
    });

    describe('sessions', () => {
      it('signing in sets an HttpOnly, SameSite=Strict cookie (no token in it) and signing out ends it', async () => {
        const { response, cookie } = await signIn('marketing');
        expect(response.status).toBe(200);
        const setCookie = response.headers.get('Set-Cookie')!;
        expect(setCookie).toMatch(/^cuecard_session=[A-Za-z0-9_-]{43}; Max-Age=4320\d; Path=\/; HttpOnly; SameSite=Strict$/);
        expect(setCookie).not.toContain(tokens.marketing);
        const stored = await testHub.db.query<{ id_hash: string }>('SELECT id_hash FROM console_sessions');
        expect(stored.rows).toHaveLength(1);
        expect(stored.rows[0]!.id_hash).not.toBe(cookie!.split('=')[1]);
        expect(meResponse.parse(await (await call('GET', '/v1/me', { headers: { Cookie: cookie! } })).json()).user.role).toBe('marketing');

        const out = await call('DELETE', '/v1/session', { headers: { Cookie: cookie!, Origin: ORIGIN } });
        expect(await out.json()).toEqual({ ended: true });
        expect(out.headers.get('Set-Cookie')).toMatch(/^cuecard_session=; Max-Age=0/);
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: cookie! } }), 401, 'unauthorized');
        expect((await testHub.db.query('SELECT 1 FROM console_sessions')).rows).toEqual([]);
      });

      it('over https (behind the TLS proxy) the cookie is Secure with the __Host- prefix', async () => {
        const proxied = createHubApp({ db: testHub.db, rateLimit: false, trustProxy: true, consoleDir: null });
        const headers = { Origin: 'https://hub.example.com', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'hub.example.com' };
        const { response, cookie } = await signIn('admin', headers, proxied);
        expect(response.status).toBe(200);
        expect(response.headers.get('Set-Cookie')).toMatch(/^__Host-cuecard_session=[^;]+; Max-Age=4320\d; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
        expect((await call('GET', '/v1/users', { headers: { Cookie: cookie! } }, proxied)).status).toBe(200);
        // Without the proxy's word the same origin is plain http, and the https page is another origin.
        expect((await signIn('admin', { Origin: 'https://hub.example.com' })).response.status).toBe(403);
      });

      it('a write with the cookie must come from the console’s own origin (CSRF); reads need no Origin', async () => {
        const { cookie } = await signIn('admin');
        const write = (headers: Record<string, string>) => call('POST', '/v1/users', { headers: { Cookie: cookie!, ...headers }, body: { name: `Csrf ${randomUUID()}`, role: 'rep' } });
        const crossOrigin: Record<string, string>[] = [{}, { Origin: 'https://evil.example' }, { Origin: 'null' }, { Origin: 'http://localhost:8080' }, { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-site' }];
        for (const headers of crossOrigin) {
          await expectError(await write(headers), 403, 'cross_origin');
        }
        expect((await write({ Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
        expect((await call('GET', '/v1/users', { headers: { Cookie: cookie! } })).status).toBe(200);
        expect((await testHub.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE name LIKE 'Csrf %'")).rows[0]!.n).toBe(1);
        // Sign-in itself is refused from elsewhere (login CSRF), and a Bearer write needs no Origin.
        await expectError((await signIn('admin', { Origin: 'https://evil.example' })).response, 403, 'cross_origin');
        expect((await call('POST', '/v1/users', { ...as('admin'), body: { name: 'Script', role: 'rep' } })).status).toBe(200);
      });

      it('an expired or made-up session is a 401; a bad token cannot sign in', async () => {
        const { cookie } = await signIn('marketing');
        await testHub.db.query("UPDATE console_sessions SET expires_at = now() - interval '1 second'");
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: cookie! } }), 401, 'unauthorized');
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: `cuecard_session=${'A'.repeat(43)}` } }), 401, 'unauthorized');
        await expectError(await call('GET', '/v1/me', { headers: { Cookie: "cuecard_session=' OR 1=1 --" } }), 401, 'unauthorized');
        await expectError(await call('POST', '/v1/session', { body: { token: 'cch_made-up' }, headers: { Origin: ORIGIN } }), 401, 'unauthorized');
        await expectError(await call('POST', '/v1/session', { body: { token: 'has space' }, headers: { Origin: ORIGIN } }), 400, 'invalid_request');
      });
    });

    describe('the console app', () => {
      let dir: string;
      beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'cuecard-console-'));
        mkdirSync(path.join(dir, 'console-assets'));
        writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Cuecard console</title><script type="module" src="/console-assets/app-abc123.js"></script>');
        writeFileSync(path.join(dir, 'console-assets', 'app-abc123.js'), 'console.log(1)');
        writeFileSync(path.join(tmpdir(), 'cuecard-secret.txt'), 'secret');
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('is served at / and at its views with a strict CSP, no framing and nosniff; scripts are cached by hash', async () => {
        const served = createHubApp({ db: testHub.db, rateLimit: false, consoleDir: dir });
        for (const url of ['/', '/library', '/library/message/m-1', '/users']) {
          const response = await served.request(url);
          expect(response.status, url).toBe(200);
          expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
          expect(await response.text()).toContain('<title>Cuecard console</title>');
          const csp = response.headers.get('Content-Security-Policy')!;
          expect(csp).toContain("script-src 'self'");
          expect(csp).toContain("frame-ancestors 'none'");
          expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
          expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
          expect(response.headers.get('X-Frame-Options')).toBe('DENY');
          expect(response.headers.get('Cache-Control')).toBe('no-store');
        }
        const script = await served.request('/console-assets/app-abc123.js');
        expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
        expect(script.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
        for (const url of ['/console-assets/..%2F..%2Fcuecard-secret.txt', '/console-assets/../../cuecard-secret.txt', '/console-assets/missing.js', '/elsewhere']) {
          expect((await served.request(url)).status, url).toBe(404);
        }
        // The API keeps answering JSON beside it.
        expect((await served.request('/v1/nothing')).status).toBe(404);
      });

      it('says so when it is not built', async () => {
        const unbuilt = createHubApp({ db: testHub.db, rateLimit: false, consoleDir: path.join(dir, 'missing') });
        await expectError(await unbuilt.request('/'), 503, 'console_not_built');
      });
    });
  });
}
