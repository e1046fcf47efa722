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
  // Follow-up per rep and per campaign: marketing's view of sales, as the usage report is.
  'GET /v1/reports/leads': CONTENT_ROLES,
  'POST /v1/import': CONTENT_ROLES,
  'DELETE /v1/items/:kind/:id': CONTENT_ROLES,
  // The console (hub/routes/console.ts): signing in takes the token in the body and refuses
  // the roles not listed here; signing out needs a session.
  'POST /v1/session': CONTENT_ROLES,
  'DELETE /v1/session': CONTENT_ROLES,
  // The content library, its change log and what needs attention (hub/routes/items.ts).
  'GET /v1/items/:kind': CONTENT_ROLES,
  'GET /v1/items/:kind/:id': CONTENT_ROLES,
  'PUT /v1/items/:kind/:id': CONTENT_ROLES,
  'GET /v1/items/:kind/:id/history': CONTENT_ROLES,
  'GET /v1/attention': CONTENT_ROLES,
  // Marketing reads content, import and connector entries; admins also read user changes.
  'GET /v1/audit': CONTENT_ROLES,
  // Users and their tokens (hub/routes/users.ts).
  'GET /v1/users': ADMIN_ROLES,
  'POST /v1/users': ADMIN_ROLES,
  'PATCH /v1/users/:id': ADMIN_ROLES,
  'POST /v1/users/:id/rotate': ADMIN_ROLES,
  'DELETE /v1/users/:id': ADMIN_ROLES,
  // Connectors (hub/routes/connectors.ts): admins connect and run them; marketing may see how they do.
  'GET /v1/connectors': CONTENT_ROLES,
  'POST /v1/connectors': ADMIN_ROLES,
  'PATCH /v1/connectors/:id': ADMIN_ROLES,
  'POST /v1/connectors/:id/run': ADMIN_ROLES,
  'DELETE /v1/connectors/:id': ADMIN_ROLES,
  // Sync scope and lookups (hub/routes/scope.ts, issue 17): anyone reads their own scope and looks
  // people up (their own browser's sidebar asks); admins set who covers what.
  'GET /v1/lookup': ALL_ROLES,
  'GET /v1/scope': ALL_ROLES,
  'GET /v1/users/:id/scope': ADMIN_ROLES,
  'PUT /v1/users/:id/scope': ADMIN_ROLES,
  // The identity provider's SCIM token, shown once (hub/routes/scim.ts). The SCIM routes themselves
  // and the sign-in routes of hub/routes/sso.ts take no user token, so they are not in this table.
  'POST /v1/scim/token': ADMIN_ROLES,
} as const satisfies Record<string, readonly Role[]>;
export type HubRoute = keyof typeof ROUTE_ROLES;

