/**
 * The content library (DESIGN.md, "Hub protocol"): list and filter items, read one with its
 * change history, save one (a new version and change-log entry when it changed), what needs
 * attention, and the change log itself. Marketing and admins; the console calls nothing else.
 */
import { z } from 'zod';
import { auditQuery, itemListQuery, syncKind } from '../../lib/contract';
import { itemHistory, readAudit } from '../audit';
import { HubError, parseOr400, readJson } from '../http';
import { getItem, ItemSaveError, listItems, needsAttention, saveItem } from '../items';
import type { RegisterRoutes } from './index';

const itemPath = z.object({ kind: syncKind, id: z.string().trim().min(1).max(200) });

/** What the change log shows each role: user changes are for admins. */
const AUDIT_KINDS = {
  marketing: ['message', 'asset', 'prospect', 'touch', 'import', 'connector'],
  admin: ['message', 'asset', 'prospect', 'touch', 'import', 'connector', 'user', 'sso', 'group', 'scim'],
  rep: [],
} as const;

export const registerItemRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;

  app.get('/v1/items/:kind', kit.authorize('GET /v1/items/:kind'), async (c) => {
    const { kind } = parseOr400(itemPath.pick({ kind: true }), { kind: c.req.param('kind') });
    const query = parseOr400(itemListQuery, c.req.query());
    return c.json(await listItems(db, kind, query));
  });

  app.get('/v1/items/:kind/:id', kit.authorize('GET /v1/items/:kind/:id'), async (c) => {
    const { kind, id } = parseOr400(itemPath, c.req.param());
    const item = await getItem(db, kind, id);
    if (!item) throw new HubError(404, 'not_found', `No ${kind} with this id (it may have been deleted).`);
    return c.json({ item });
  });

  app.get('/v1/items/:kind/:id/history', kit.authorize('GET /v1/items/:kind/:id/history'), async (c) => {
    const { kind, id } = parseOr400(itemPath, c.req.param());
    return c.json({ entries: await itemHistory(db, kind, id) });
  });

  app.put('/v1/items/:kind/:id', kit.authorize('PUT /v1/items/:kind/:id'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { kind, id } = parseOr400(itemPath, c.req.param());
    try {
      return c.json(await saveItem(db, c.get('user'), kind, id, await readJson(c)));
    } catch (error) {
      if (error instanceof ItemSaveError) throw new HubError(error.status, error.code, error.message);
      throw error;
    }
  });

  app.get('/v1/attention', kit.authorize('GET /v1/attention'), async (c) => c.json(await needsAttention(db)));

  app.get('/v1/audit', kit.authorize('GET /v1/audit'), async (c) => {
    const query = parseOr400(auditQuery, c.req.query());
    return c.json(await readAudit(db, query, AUDIT_KINDS[c.get('user').role]));
  });
};
