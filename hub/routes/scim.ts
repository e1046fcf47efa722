/**
 * SCIM 2.0 (RFC 7643/7644) at /scim/v2 for the company's identity provider (Okta, Microsoft Entra
 * ID): it creates, updates, disables (active:false) and deletes users, and pushes groups whose
 * members become marketing or admin. Base URL to enter at the provider: https://<hub>/scim/v2.
 *
 * - Authorization: `Bearer <SCIM token>` only (POST /v1/scim/token or `npm run hub -- scim token`);
 *   a user's hub token, whatever its role, is refused, and the SCIM token opens no /v1 route.
 * - Answers are application/scim+json; errors carry SCIM's {schemas, status, scimType, detail}
 *   and the hub's own { error: { code, message } }.
 * - Failed token checks count against the client address's failed sign-in limit.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HubError, readJson, type HubEnv } from '../http';
import { parseFilter, groupFromBody, groupPatch, patchOperations, ScimError, scimErrorBody, SCHEMA_LIST, userFromBody, userPatch } from '../scim/protocol';
import { createGroup, createUser, deleteGroup, deleteUser, getGroup, getUser, groupResource, listGroups, listUsers, updateGroup, updateUser, userResource } from '../scim/store';
import { isScimToken, issueScimToken } from '../scim/token';
import { requestOrigin } from '../session-cookie';
import type { RegisterRoutes } from './index';

export const SCIM_BASE = '/scim/v2';
/** Group PATCHes carry up to a few thousand members; 1 MB is far above what Okta or Entra send at once. */
export const SCIM_BODY_BYTES = 1024 * 1024;
const PAGE_MAX = 200;

const SCIM_JSON = 'application/scim+json; charset=utf-8';

function scimJson(c: Context<HubEnv>, body: unknown, status: 200 | 201 = 200) {
  return c.body(JSON.stringify(body), status, { 'Content-Type': SCIM_JSON });
}

function paging(c: Context<HubEnv>): { startIndex: number; count: number } {
  const startRaw = c.req.query('startIndex');
  const countRaw = c.req.query('count');
  // RFC 7644 §3.4.2.4: values below 1 mean 1 (startIndex) or 0 (count).
  const startIndex = startRaw && /^-?\d{1,9}$/.test(startRaw) ? Math.max(1, Number(startRaw)) : 1;
  const count = countRaw && /^-?\d{1,9}$/.test(countRaw) ? Math.min(PAGE_MAX, Math.max(0, Number(countRaw))) : 100;
  return { startIndex, count };
}

const idParam = (c: Context<HubEnv>) => {
  const id = c.req.param('id') ?? '';
  if (!/^[\w.:@-]{1,200}$/.test(id)) throw new ScimError(404, 'No such resource.', 'noTarget');
  return id;
};

export const registerScimRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;

  const scimAuth = async (c: Context<HubEnv>): Promise<void> => {
    kit.rateLimit(`scim:${kit.clientAddress(c)}`);
    kit.failedSignIns.check(c);
    const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(c.req.header('Authorization') ?? '');
    if (!match || !(await isScimToken(db, match[1]!))) {
      kit.failedSignIns.note(c);
      const detail = match?.[1]?.startsWith('cch_')
        ? "SCIM takes the hub's SCIM token, not a user's hub token. An admin issues it with `npm run hub -- scim token` or in the console's Users view."
        : 'Send the SCIM token as "Authorization: Bearer <token>" (an admin issues it with `npm run hub -- scim token`).';
      throw new ScimError(401, detail);
    }
  };

  const base = (c: Context<HubEnv>) => `${requestOrigin(c, kit.trustProxy)}${SCIM_BASE}`;

  /** Runs a SCIM handler: ScimErrors (and the hub's own 4xx) answered in SCIM's format. */
  const scim =
    (handler: (c: Context<HubEnv>) => Promise<Response>) =>
    async (c: Context<HubEnv>): Promise<Response> => {
      try {
        return await handler(c);
      } catch (error) {
        if (error instanceof ScimError) return c.body(JSON.stringify(scimErrorBody(error.status, error.message, error.scimType, error.scimType ?? 'scim_error')), error.status, { 'Content-Type': SCIM_JSON });
        if (error instanceof HubError && Number(error.status) < 500) {
          return c.body(JSON.stringify(scimErrorBody(Number(error.status), error.message, error.code === 'invalid_json' ? 'invalidSyntax' : undefined, error.code)), error.status, {
            'Content-Type': SCIM_JSON,
            ...error.headers,
          });
        }
        throw error;
      }
    };

  const guarded = (handler: (c: Context<HubEnv>) => Promise<Response>) =>
    scim(async (c) => {
      await scimAuth(c);
      return handler(c);
    });

  const limit = kit.limitBody(SCIM_BODY_BYTES);

  // Discovery (RFC 7644 §4): what this server supports, for providers that ask.
  app.get(`${SCIM_BASE}/ServiceProviderConfig`, guarded(async (c) =>
    scimJson(c, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: PAGE_MAX },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'The SCIM token an admin of this hub issued', primary: true }],
    }),
  ));

  // ---------------------------------------------------------------------------------------- Users
  app.get(`${SCIM_BASE}/Users`, guarded(async (c) => {
    const { startIndex, count } = paging(c);
    const { total, rows } = await listUsers(db, parseFilter(c.req.query('filter')), startIndex, count);
    return scimJson(c, { schemas: [SCHEMA_LIST], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((row) => userResource(row, base(c))) });
  }));

  app.get(`${SCIM_BASE}/Users/:id`, guarded(async (c) => scimJson(c, userResource(await getUser(db, idParam(c)), base(c)))));

  app.post(`${SCIM_BASE}/Users`, limit, guarded(async (c) => {
    const input = userFromBody(await readJson(c));
    const row = await createUser(db, { ...input, userName: input.userName! });
    const resource = userResource(row, base(c));
    c.header('Location', resource.meta.location);
    return scimJson(c, resource, 201);
  }));

  app.put(`${SCIM_BASE}/Users/:id`, limit, guarded(async (c) => {
    const id = idParam(c);
    const input = userFromBody(await readJson(c));
    return scimJson(c, userResource(await updateUser(db, id, input), base(c)));
  }));

  app.patch(`${SCIM_BASE}/Users/:id`, limit, guarded(async (c) => {
    const id = idParam(c);
    const operations = patchOperations(await readJson(c));
    const current = await getUser(db, id);
    const row = await updateUser(db, id, userPatch(operations, current.scim_name ?? {}));
    return scimJson(c, userResource(row, base(c)));
  }));

  app.delete(`${SCIM_BASE}/Users/:id`, limit, guarded(async (c) => {
    await deleteUser(db, idParam(c));
    return c.body(null, 204);
  }));

  // --------------------------------------------------------------------------------------- Groups
  const withMembers = (c: Context<HubEnv>) => !/(^|,)\s*members\s*(,|$)/i.test(c.req.query('excludedAttributes') ?? '');

  app.get(`${SCIM_BASE}/Groups`, guarded(async (c) => {
    const { startIndex, count } = paging(c);
    const { total, rows } = await listGroups(db, parseFilter(c.req.query('filter')), startIndex, count);
    return scimJson(c, { schemas: [SCHEMA_LIST], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((row) => groupResource(row, base(c), withMembers(c))) });
  }));

  app.get(`${SCIM_BASE}/Groups/:id`, guarded(async (c) => scimJson(c, groupResource(await getGroup(db, idParam(c)), base(c), withMembers(c)))));

  app.post(`${SCIM_BASE}/Groups`, limit, guarded(async (c) => {
    const input = groupFromBody(await readJson(c));
    const row = await createGroup(db, await kit.ssoConfig(), input, `g_${randomUUID()}`);
    const resource = groupResource(row, base(c));
    c.header('Location', resource.meta.location);
    return scimJson(c, resource, 201);
  }));

  app.put(`${SCIM_BASE}/Groups/:id`, limit, guarded(async (c) => {
    const id = idParam(c);
    const input = groupFromBody(await readJson(c));
    return scimJson(c, groupResource(await updateGroup(db, await kit.ssoConfig(), id, input), base(c)));
  }));

  app.patch(`${SCIM_BASE}/Groups/:id`, limit, guarded(async (c) => {
    const id = idParam(c);
    const changes = groupPatch(patchOperations(await readJson(c)));
    const row = await updateGroup(db, await kit.ssoConfig(), id, changes);
    return scimJson(c, groupResource(row, base(c)));
  }));

  app.delete(`${SCIM_BASE}/Groups/:id`, limit, guarded(async (c) => {
    await deleteGroup(db, await kit.ssoConfig(), idParam(c));
    return c.body(null, 204);
  }));

  app.all(`${SCIM_BASE}/*`, scim(async (c) => {
    throw new ScimError(404, `No SCIM endpoint ${c.req.method} ${c.req.path} (this hub serves /Users and /Groups).`, 'noTarget');
  }));

  // -------------------------------------------------------------------- The admin's SCIM token
  app.post('/v1/scim/token', kit.authorize('POST /v1/scim/token'), kit.limitBody(kit.limits.smallBytes), async (c) => c.json(await issueScimToken(db, c.get('user'))));
};
