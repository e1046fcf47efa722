/** GET /v1/reports/leads (marketing and admins): the leads marketing handed over, and what became of them. */
import { leadsReportQuery } from '../../lib/contract';
import { parseOr400 } from '../http';
import { leadsReport } from '../leads-report';
import type { RegisterRoutes } from './index';

export const registerLeadsRoutes: RegisterRoutes = (app, kit) => {
  app.get('/v1/reports/leads', kit.authorize('GET /v1/reports/leads'), async (c) => {
    const query = parseOr400(leadsReportQuery, c.req.query());
    return c.json(await leadsReport(kit.db, query));
  });
};
