/**
 * SCIM 2.0 at /scim/v2 with the requests Okta and Microsoft Entra ID actually send (bodies as in
 * their documentation), on PGlite and on Postgres (CUECARD_TEST_PG_URL):
 * - Okta: https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20 (user create/check/
 *   PUT update/PATCH deactivate without a path; groups: create, rename by replace, members add and
 *   remove by filter path).
 * - Entra ID: https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 *   (enterprise extension schema, capitalised ops, emails[type eq "work"].value, addMember/removeMember
 *   with path "members"), and the "False" string of
 *   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
 * Also: who may call it (the SCIM token only), the role a group gives, uniqueness, and that a
 * disabled or deleted user's next request is refused in words.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubError, TOKEN_DISABLED, TOKEN_REVOKED, type Role } from '../lib/contract';
import { createHubApp } from './app';
import type { HubDb } from './db';
import { secretBoxFromKey } from './secret-box';
import { saveSsoConfig } from './sso/config';
import { addUser } from './store';
import { backends } from './test-backends';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  displayName: string;
  name: { formatted?: string; givenName?: string; familyName?: string };
  emails: { value: string; primary: boolean }[];
  active: boolean;
  roles: { value: Role }[];
  groups: { value: string; display: string }[];
  meta: { resourceType: string; location: string };
}
interface ScimGroup {
  id: string;
  displayName: string;
  externalId?: string;
  members?: { value: string; display: string }[];
  meta: { location: string };
}
interface ListResponse<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

for (const backend of backends) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `SCIM on ${backend.name}`, () => {
    let db: HubDb;
    let cleanup: () => Promise<void>;
    let app: ReturnType<typeof createHubApp>;
    const secrets = secretBoxFromKey(randomBytes(32));
    let scimToken = '';
    const tokens: Record<Role, string> = { rep: '', marketing: '', admin: '' };

    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
      app = createHubApp({ db, rateLimit: false, logError: () => undefined, consoleDir: null, secrets, env: {} });
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });
    beforeEach(async () => {
      await db.query('TRUNCATE changes, usage_events, users, hub_meta, console_sessions, audit_log, sso_logins, sso_tokens, scim_groups RESTART IDENTITY CASCADE');
      for (const role of ['rep', 'marketing', 'admin'] as const) tokens[role] = (await addUser(db, `Test ${role}`, role)).token;
      // Role groups come from the SSO settings (the provider itself is not contacted by SCIM).
      await saveSsoConfig(db, secrets, {
        issuer: 'https://acme.okta.example',
        clientId: 'cuecard',
        clientSecret: 'secret',
        marketingGroups: ['Cuecard Marketing', '5c1d6b3e-0000-4000-8000-00000000a11c'],
        adminGroups: ['Cuecard Admins'],
      });
      const issued = await app.request('/v1/scim/token', { method: 'POST', headers: { Authorization: `Bearer ${tokens.admin}` } });
      expect(issued.status).toBe(200);
      scimToken = ((await issued.json()) as { token: string }).token;
    });

    const scim = async <T = unknown>(method: string, path: string, body?: unknown, token: string | null = scimToken): Promise<{ status: number; body: T; response: Response }> => {
      const response = await app.request(`/scim/v2${path}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/scim+json', Accept: 'application/scim+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, response };
    };
    const scimError = (body: unknown) => body as { schemas: string[]; status: string; scimType?: string; detail: string };
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const auditOf = async (action: string) =>
      (await db.query<{ actor_name: string; note: string }>('SELECT actor_name, note FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;

    it('takes the SCIM token only: no token, and every role’s hub token, are refused; the SCIM token opens no /v1 route', async () => {
      const none = await scim('GET', '/Users', undefined, null);
      expect(none.status).toBe(401);
      expect(scimError(none.body)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      expect(none.response.headers.get('Content-Type')).toMatch(/^application\/scim\+json/);
      for (const role of ['rep', 'marketing', 'admin'] as const) {
        const refused = await scim('GET', '/Users', undefined, tokens[role]);
        expect(`${role} ${refused.status}`).toBe(`${role} 401`);
        expect(scimError(refused.body).detail).toMatch(/not a user's hub token/);
      }
      expect((await app.request('/v1/me', bearer(scimToken))).status).toBe(401);
      expect((await app.request('/v1/sync', bearer(scimToken))).status).toBe(401);
      // Only an admin issues it; a new one ends the old.
      for (const role of ['rep', 'marketing'] as const) {
        expect((await app.request('/v1/scim/token', { method: 'POST', ...bearer(tokens[role]) })).status).toBe(403);
      }
      const old = scimToken;
      const reissued = (await (await app.request('/v1/scim/token', { method: 'POST', ...bearer(tokens.admin) })).json()) as { token: string };
      expect(reissued.token).toMatch(/^ccs_[A-Za-z0-9_-]{43}$/);
      expect((await scim('GET', '/Users', undefined, old)).status).toBe(401);
      expect((await scim('GET', '/Users', undefined, reissued.token)).status).toBe(200);
      expect((await auditOf('scim_token_issued')).map((row) => row.actor_name)).toEqual(['Test admin', 'Test admin']);
    });

    describe('Okta', () => {
      const oktaUser = {
        schemas: [USER_SCHEMA],
        userName: 'test.user@okta.local',
        name: { givenName: 'Test', familyName: 'User' },
        emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
        displayName: 'Test User',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        groups: [],
        password: '1mz050nq',
        active: true,
      };

      it('test connection, check, create, read, PUT update, PATCH deactivate and reactivate', async () => {
        const probe = await scim<ListResponse<ScimUser>>('GET', '/Users?startIndex=1&count=2');
        expect(probe.status).toBe(200);
        expect(probe.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], startIndex: 1, itemsPerPage: 2, totalResults: 3 });
        const check = await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
        expect(check.body.totalResults).toBe(0);
        expect(check.body.Resources).toEqual([]);

        const created = await scim<ScimUser>('POST', '/Users', oktaUser);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          userName: 'test.user@okta.local',
          externalId: '00ujl29u0le5T6Aj10h7',
          displayName: 'Test User',
          name: { givenName: 'Test', familyName: 'User' },
          emails: [{ value: 'test.user@okta.local', primary: true }],
          active: true,
          roles: [{ value: 'rep' }],
        });
        expect(created.response.headers.get('Location')).toBe(`http://localhost/scim/v2/Users/${created.body.id}`);
        expect(JSON.stringify(created.body)).not.toContain('1mz050nq');
        const id = created.body.id;
        expect((await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent('userName eq "Test.User@okta.local"')}`)).body.Resources.map((u) => u.id)).toEqual([id]);
        expect((await scim<ScimUser>('GET', `/Users/${id}`)).body.userName).toBe('test.user@okta.local');

        const put = await scim<ScimUser>('PUT', `/Users/${id}`, { ...oktaUser, id, name: { givenName: 'Tess', familyName: 'User' }, displayName: 'Tess User' });
        expect(put.status).toBe(200);
        expect(put.body.displayName).toBe('Tess User');

        // Deactivation as Okta sends it: replace without a path.
        const off = await scim<ScimUser>('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
        expect(off.status).toBe(200);
        expect(off.body.active).toBe(false);
        const row = await db.query<{ disabled_at: unknown }>('SELECT disabled_at FROM users WHERE id = $1', [id]);
        expect(row.rows[0]!.disabled_at).not.toBeNull();
        expect((await auditOf('user_disabled')).map((entry) => entry.actor_name)).toEqual(['Identity provider (SCIM)']);

        const on = await scim<ScimUser>('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
        expect(on.body.active).toBe(true);
      });

      it('deactivating refuses the user’s next request with a reason; reactivating does not bring a pasted token back', async () => {
        const repId = (await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'rep'")).rows[0]!.id;
        expect((await app.request('/v1/sync', bearer(tokens.rep))).status).toBe(200);
        await scim('PATCH', `/Users/${repId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
        const refused = hubError.parse(await (await app.request('/v1/sync', bearer(tokens.rep))).json());
        expect(refused.error.code).toBe(TOKEN_DISABLED);
        expect(refused.error.message).toMatch(/Your company's identity provider turned off your Cuecard access on .+\. Ask your IT admin/);
        await scim('PATCH', `/Users/${repId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
        expect(hubError.parse(await (await app.request('/v1/sync', bearer(tokens.rep))).json()).error.code).toBe('unauthorized');
      });

      it('groups: create, add members (the role follows), rename, remove by filter path, delete', async () => {
        const user = (await scim<ScimUser>('POST', '/Users', oktaUser)).body;
        const group = await scim<ScimGroup>('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Cuecard Marketing', members: [] });
        expect(group.status).toBe(201);
        const gid = group.body.id;
        const added = await scim<ScimGroup>('PATCH', `/Groups/${gid}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: user.id, display: 'test.user@okta.local' }] }],
        });
        expect(added.body.members).toEqual([{ value: user.id, display: 'Test User', $ref: `http://localhost/scim/v2/Users/${user.id}` }]);
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles).toEqual([{ value: 'marketing', primary: true }]);
        expect((await auditOf('user_updated')).map((row) => row.note)).toContain('rep → marketing (group membership)');

        // Okta renames with a replace that repeats the id; the group stops being the marketing group.
        const renamed = await scim<ScimGroup>('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: 'Sales EMEA' } }] });
        expect(renamed.body.displayName).toBe('Sales EMEA');
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('rep');
        await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: 'Cuecard Marketing' } }] });
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('marketing');

        const removed = await scim<ScimGroup>('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }] });
        expect(removed.body.members).toEqual([]);
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('rep');

        await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] });
        expect((await scim('DELETE', `/Groups/${gid}`)).status).toBe(204);
        expect((await scim('GET', `/Groups/${gid}`)).status).toBe(404);
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('rep');
      });
    });

    describe('Microsoft Entra ID', () => {
      const entraUser = {
        schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
        active: true,
        emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
        meta: { resourceType: 'User' },
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
        roles: [],
      };

      it('query, create, query by externalId, PATCH with capitalised ops and emails[type eq "work"].value, disable with "False", delete', async () => {
        const query = await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')}`);
        expect(query.body.totalResults).toBe(0);
        const created = await scim<ScimUser>('POST', '/Users', entraUser);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ userName: entraUser.userName, externalId: entraUser.externalId, displayName: 'givenName familyName', active: true });
        expect(created.body.emails[0]!.value).toBe('Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com');
        const id = created.body.id;
        const byExternal = await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent(`externalId eq "${entraUser.externalId}"`)}`);
        expect(byExternal.body.Resources.map((user) => user.id)).toEqual([id]);

        const patched = await scim<ScimUser>('PATCH', `/Users/${id}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
            { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
            // Attributes the hub does not keep are accepted and ignored.
            { op: 'Add', path: 'title', value: 'Account Executive' },
          ],
        });
        expect(patched.status).toBe(200);
        expect(patched.body.emails[0]!.value).toBe('updatedEmail@microsoft.com');
        expect(patched.body.name).toMatchObject({ familyName: 'updatedFamilyName', givenName: 'givenName' });
        expect((await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "updatedemail@microsoft.com"')}`)).body.totalResults).toBe(1);

        // Entra's documented quirk: the boolean as a string.
        const off = await scim<ScimUser>('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
        expect(off.body.active).toBe(false);

        expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
        expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
        expect((await scim<ListResponse<ScimUser>>('GET', `/Users?filter=${encodeURIComponent(`userName eq "${entraUser.userName}"`)}`)).body.totalResults).toBe(0);
        // The provider may create the same person again later.
        expect((await scim('POST', '/Users', entraUser)).status).toBe(201);
      });

      it('a deleted user’s token is refused as revoked; the row stays (usage names them)', async () => {
        const repId = (await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'rep'")).rows[0]!.id;
        expect((await scim('DELETE', `/Users/${repId}`)).status).toBe(204);
        const refused = hubError.parse(await (await app.request('/v1/me', bearer(tokens.rep))).json());
        expect(refused.error.code).toBe(TOKEN_REVOKED);
        expect((await db.query('SELECT 1 FROM users WHERE id = $1', [repId])).rows).toHaveLength(1);
        expect((await auditOf('user_revoked')).map((row) => row.note)).toEqual(['Test rep (rep), deleted by the identity provider']);
      });

      it('groups: create with the Entra schema, find without members, addMember/removeMember with path members', async () => {
        const user = (await scim<ScimUser>('POST', '/Users', entraUser)).body;
        const created = await scim<ScimGroup>('POST', '/Groups', {
          schemas: [GROUP_SCHEMA, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
          externalId: '5c1d6b3e-0000-4000-8000-00000000a11c',
          displayName: 'Marketing (EMEA)',
          meta: { resourceType: 'Group' },
        });
        expect(created.status).toBe(201);
        const gid = created.body.id;
        const found = await scim<ListResponse<ScimGroup>>('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Marketing (EMEA)"')}`);
        expect(found.body.Resources.map((group) => group.id)).toEqual([gid]);
        expect(found.body.Resources[0]!.members).toBeUndefined();

        await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ name: 'addMember', op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] }] });
        // The group's externalId is one of the configured marketing groups (Entra names groups by object id).
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('marketing');
        await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ name: 'removeMember', op: 'Remove', path: 'members', value: [{ $ref: null, value: user.id }] }] });
        expect((await scim<ScimUser>('GET', `/Users/${user.id}`)).body.roles[0]!.value).toBe('rep');
      });
    });

    it('the role table: admin group over marketing group over rep; users in no role group are reps', async () => {
      const make = async (userName: string) => (await scim<ScimUser>('POST', '/Users', { schemas: [USER_SCHEMA], userName, emails: [{ value: userName, primary: true }] })).body.id;
      const [both, marketing, plain] = [await make('both@acme.example'), await make('mkt@acme.example'), await make('plain@acme.example')];
      await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Cuecard Marketing', members: [{ value: both }, { value: marketing }] });
      await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'cuecard admins', members: [{ value: both }] });
      await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Everyone', members: [{ value: both }, { value: marketing }, { value: plain }] });
      const roles = await db.query<{ email: string; role: Role }>('SELECT email, role FROM users WHERE id = ANY($1::text[]) ORDER BY email', [[both, marketing, plain]]);
      expect(roles.rows).toEqual([
        { email: 'both@acme.example', role: 'admin' },
        { email: 'mkt@acme.example', role: 'marketing' },
        { email: 'plain@acme.example', role: 'rep' },
      ]);
      // The users' own SCIM view shows the role and the groups.
      const view = (await scim<ScimUser>('GET', `/Users/${both}`)).body;
      expect(view.roles).toEqual([{ value: 'admin', primary: true }]);
      expect(view.groups.map((group) => group.display).sort()).toEqual(['Cuecard Marketing', 'Everyone', 'cuecard admins']);
    });

    it('answers SCIM errors: uniqueness, a filter it cannot read, an unknown user or member, a bad body', async () => {
      await scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'dup@acme.example' });
      const duplicate = await scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'DUP@acme.example' });
      expect(duplicate.status).toBe(409);
      expect(scimError(duplicate.body)).toMatchObject({ status: '409', scimType: 'uniqueness' });
      const badFilter = await scim('GET', `/Users?filter=${encodeURIComponent('userName co "x"')}`);
      expect(badFilter.status).toBe(400);
      expect(scimError(badFilter.body).scimType).toBe('invalidFilter');
      expect((await scim('GET', '/Users/u_nobody')).status).toBe(404);
      expect((await scim('PATCH', '/Users/u_nobody', { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(404);
      const group = (await scim<ScimGroup>('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'G' })).body;
      const unknownMember = await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u_nobody' }] }] });
      expect(unknownMember.status).toBe(400);
      expect(scimError(unknownMember.body).scimType).toBe('invalidValue');
      expect((await scim('POST', '/Users', { schemas: [USER_SCHEMA] })).status).toBe(400);
      expect((await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'members' }] })).status).toBe(400);
      const notJson = await app.request('/scim/v2/Users', { method: 'POST', headers: { Authorization: `Bearer ${scimToken}` }, body: '{' });
      expect(notJson.status).toBe(400);
      expect((await scim('GET', '/Nope')).status).toBe(404);
    });
  });
}
