/**
 * Who may call what: the one role table. Every route is listed here; its middleware
 * (hub/app.ts, authorize) checks the token, the rate limit and the role before any body is read.
 * The role-matrix test walks this table and every role, plus no token.
 */
import type { Role } from '../lib/contract';

export const ALL_ROLES: readonly Role[] = ['rep', 'marketing', 'admin'];
export const CONTENT_ROLES: readonly Role[] = ['marketing', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

export const ROUTE_ROLES = {
  'GET /v1/me': ALL_ROLES,
  'GET /v1/sync': ALL_ROLES,
  // Marketing and admins use the extension too; their usage counts like anyone's.
  'POST /v1/usage': ALL_ROLES,
  'GET /v1/reports/usage': CONTENT_ROLES,
  'POST /v1/import': CONTENT_ROLES,
  'DELETE /v1/items/:kind/:id': CONTENT_ROLES,
  // Connectors (hub/routes/connectors.ts): admins connect and run them; marketing may see how they do.
  'GET /v1/connectors': CONTENT_ROLES,
  'POST /v1/connectors': ADMIN_ROLES,
  'PATCH /v1/connectors/:id': ADMIN_ROLES,
  'POST /v1/connectors/:id/run': ADMIN_ROLES,
  'DELETE /v1/connectors/:id': ADMIN_ROLES,
} as const satisfies Record<string, readonly Role[]>;
export type HubRoute = keyof typeof ROUTE_ROLES;

