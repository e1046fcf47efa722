/**
 * Users and their tokens, for admins (DESIGN.md, "Hub protocol"): list, add (the token is answered
 * once), change name, role, address or token expiry, rotate the token, revoke. Every change is an
 * audit row; a revoked token (and its console sessions) is refused from the next request on.
 */
import { z } from 'zod';
import { userCreate, userPatch, userRotate } from '../../lib/contract';
import { AccountError, createUser, listUsers, revokeUser, rotateToken, updateUser } from '../accounts';
import { HubError, parseOr400, readJson, readOptionalJson } from '../http';
import type { RegisterRoutes } from './index';

const userPath = z.object({ id: z.string().trim().min(1).max(200) });

/** An expiry must lie ahead: a token that is already expired at creation is a mistake. */
function checkFuture(expiry: string | null | undefined) {
  if (expiry && Date.parse(expiry) <= Date.now()) throw new HubError(400, 'invalid_request', 'tokenExpiresAt: must be in the future');
}

async function accountCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AccountError) throw new HubError(error.status, error.code, error.message);
    throw error;
  }
}

export const registerUserRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;

  app.get('/v1/users', kit.authorize('GET /v1/users'), async (c) => c.json({ users: await listUsers(db) }));

  app.post('/v1/users', kit.authorize('POST /v1/users'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const input = parseOr400(userCreate, await readJson(c));
    checkFuture(input.tokenExpiresAt);
    return c.json(await accountCall(() => createUser(db, c.get('user'), input)));
  });

  app.patch('/v1/users/:id', kit.authorize('PATCH /v1/users/:id'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { id } = parseOr400(userPath, c.req.param());
    const patch = parseOr400(userPatch, await readJson(c));
    checkFuture(patch.tokenExpiresAt);
    return c.json({ user: await accountCall(() => updateUser(db, c.get('user'), id, patch)) });
  });

  app.post('/v1/users/:id/rotate', kit.authorize('POST /v1/users/:id/rotate'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { id } = parseOr400(userPath, c.req.param());
    // The body is optional: rotating keeps the expiry unless one is given.
    const body = parseOr400(userRotate, await readOptionalJson(c));
    checkFuture(body.tokenExpiresAt);
    return c.json(await accountCall(() => rotateToken(db, c.get('user'), id, body.tokenExpiresAt)));
  });

  app.delete('/v1/users/:id', kit.authorize('DELETE /v1/users/:id'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { id } = parseOr400(userPath, c.req.param());
    return c.json({ user: await accountCall(() => revokeUser(db, c.get('user'), id)) });
  });
};
