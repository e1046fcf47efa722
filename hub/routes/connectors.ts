/**
 * Connector routes (DESIGN.md, "Hub protocol"): admins connect and run vendors, marketing may read.
 *
 *   GET    /v1/connectors              → { connectors: ConnectorView[] }
 *   POST   /v1/connectors              ConnectorCreate → 201 { connector }
 *   PATCH  /v1/connectors/:id          ConnectorPatch → { connector }
 *   POST   /v1/connectors/:id/run      {} → 202 { started, connector }; { wait: true } → the run's
 *                                      { people, touches, deleted, error? }; { dryRun: true } → test
 *                                      the credentials: { ok, message }, nothing written
 *   DELETE /v1/connectors/:id          → { id, deleted: true }
 *
 * Credentials are write-only: no answer here carries one (ConnectorView has no field for it), and
 * every message that could echo a vendor's words is redacted of them (runtime.ts).
 *
 * Pause and resume are `PATCH { enabled: false | true }`: a paused connector keeps its cursors and
 * is skipped by the schedule until resumed. Every change and every run someone asks for is an
 * audit row (connector_added / _updated / _run / _removed; changes.ts); credentials tests are not,
 * since they change nothing.
 */
import { z } from 'zod';
import { connectorCreate, connectorPatch, connectorRunRequest } from '../../lib/contract';
import { leaseOwner } from '../connectors/lease';
import { addConnectorAudited, auditConnectorRun, changeConnectorAudited, removeConnectorAudited } from '../connectors/changes';
import { ConnectorNameTaken, ConnectorNotFound, getConnectorView, listConnectorViews } from '../connectors/registry';
import { runConnector, testConnector } from '../connectors/runtime';
import { HubError, parseOr400, readJson, type ConnectorServices, type RouteKit } from '../http';
import type { RegisterRoutes } from './index';

const connectorId = z.string().regex(/^c_[0-9a-f-]{36}$/, 'not a connector id');

function services(kit: RouteKit): ConnectorServices {
  if (!kit.connectors) {
    throw new HubError(503, 'connectors_unavailable', 'This hub has no key to encrypt connector credentials with: set CUECARD_SECRET_KEY or start it with a data folder (--data).');
  }
  return kit.connectors;
}

/** `POST …/run` may come with no body at all: that is `{}`. */
async function bodyOrEmpty(c: Parameters<typeof readJson>[0]): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HubError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

export const registerConnectorRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;
  const idOf = (raw: string) => parseOr400(connectorId, raw);
  const notFound = (id: string) => new HubError(404, 'not_found', `No connector ${id}.`);

  app.get('/v1/connectors', kit.authorize('GET /v1/connectors'), async (c) => c.json({ connectors: await listConnectorViews(db) }));

  app.post('/v1/connectors', kit.authorize('POST /v1/connectors'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { secrets } = services(kit);
    const input = parseOr400(connectorCreate, await readJson(c));
    try {
      return c.json({ connector: await addConnectorAudited(db, secrets, input, c.get('user')) }, 201);
    } catch (error) {
      if (error instanceof ConnectorNameTaken) throw new HubError(409, 'name_taken', error.message);
      throw error;
    }
  });

  app.patch('/v1/connectors/:id', kit.authorize('PATCH /v1/connectors/:id'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const { secrets } = services(kit);
    const id = idOf(c.req.param('id'));
    const patch = parseOr400(connectorPatch, await readJson(c));
    try {
      return c.json({ connector: await changeConnectorAudited(db, secrets, id, patch, c.get('user')) });
    } catch (error) {
      if (error instanceof ConnectorNotFound) throw notFound(id);
      if (error instanceof ConnectorNameTaken) throw new HubError(409, 'name_taken', error.message);
      throw error;
    }
  });

  app.post('/v1/connectors/:id/run', kit.authorize('POST /v1/connectors/:id/run'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const service = services(kit);
    const id = idOf(c.req.param('id'));
    const request = parseOr400(connectorRunRequest, await bodyOrEmpty(c));
    const view = await getConnectorView(db, id);
    if (!view) throw notFound(id);
    if (request.dryRun) return c.json(await testConnector({ db, secrets: service.secrets, connectorId: id, adapters: service.adapters }));
    const run = () =>
      runConnector({
        db,
        secrets: service.secrets,
        connectorId: id,
        trigger: 'manual',
        owner: leaseOwner('manual'),
        intervalMinutes: service.intervalMinutes,
        adapters: service.adapters,
        log: service.log,
      });
    if (request.wait) {
      const result = await run();
      if (result.busy) throw new HubError(409, 'connector_busy', result.error ?? 'A run of this connector is in progress already.');
      const summary = { people: result.people, touches: result.touches, deleted: result.deleted, ...(result.error ? { error: result.error } : {}) };
      await auditConnectorRun(db, view, c.get('user'), summary);
      return c.json(summary);
    }
    if (view.state === 'running') throw new HubError(409, 'connector_busy', 'A run of this connector is in progress already; its progress shows in GET /v1/connectors.');
    await auditConnectorRun(db, view, c.get('user'));
    // The run goes on after the answer; its progress and outcome show in GET /v1/connectors.
    void run().catch((error: unknown) => service.log?.(`connector ${id}: ${(error as Error).message}`));
    return c.json({ started: true, connector: view }, 202);
  });

  app.delete('/v1/connectors/:id', kit.authorize('DELETE /v1/connectors/:id'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const id = idOf(c.req.param('id'));
    if (!(await removeConnectorAudited(db, id, c.get('user')))) throw notFound(id);
    return c.json({ id, deleted: true });
  });
};
