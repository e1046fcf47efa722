/**
 * Issue 17's routes: a user's own scope (`GET /v1/scope`), an admin's view and change of anyone's
 * (`GET|PUT /v1/users/:id/scope`), and the on-demand lookup (`GET /v1/lookup`), rate-limited per user
 * on top of the per-token limit.
 */
import { z } from 'zod';
import { lookupQuery, scopePatch } from '../../lib/contract';
import { writeAudit } from '../audit';
import { HubError, parseOr400, readJson } from '../http';
import { LOOKUP_RATE_LIMIT, lookupPerson } from '../lookup';
import { changeScope, prepareScope, readScope, ScopeError } from '../scope';
import type { RegisterRoutes } from './index';

const userPath = z.object({ id: z.string().trim().min(1).max(200) });

async function scopeCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ScopeError) throw new HubError(error.status, error.code, error.message);
    throw error;
  }
}

export const registerScopeRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;

  app.get('/v1/lookup', kit.authorize('GET /v1/lookup'), async (c) => {
    const user = c.get('user');
    await kit.rateLimit(`lookup:${user.id}`, LOOKUP_RATE_LIMIT);
    const query = parseOr400(lookupQuery, c.req.query());
    const answer = await lookupPerson(db, user.id, query);
    return c.body(answer.json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/v1/scope', kit.authorize('GET /v1/scope'), async (c) => {
    const user = c.get('user');
    await prepareScope(db, user.id);
    return c.json({ scope: await readScope(db, user.id) });
  });

  app.get('/v1/users/:id/scope', kit.authorize('GET /v1/users/:id/scope'), async (c) => {
    const { id } = parseOr400(userPath, c.req.param());
    return c.json({ scope: await scopeCall(() => readScope(db, id)) });
  });

  app.put('/v1/users/:id/scope', kit.authorize('PUT /v1/users/:id/scope'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { id } = parseOr400(userPath, c.req.param());
    const patch = parseOr400(scopePatch, await readJson(c));
    const actor = c.get('user');
    const result = await scopeCall(() =>
      changeScope(db, id, patch, (tx, fields) =>
        writeAudit(tx, { actor, action: 'scope_changed', targetKind: 'user', targetId: id, fields, note: null }),
      ),
    );
    return c.json(result);
  });
};
