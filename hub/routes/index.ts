/**
 * The hub's route modules, registered by createHubApp (hub/app.ts) with one RouteKit each. A
 * module adds its routes to ROUTE_ROLES (hub/roles.ts) and registers every one of them with
 * `kit.authorize(route)` (and `kit.limitBody(...)` on writes).
 */
import type { Hono } from 'hono';
import type { HubEnv, RouteKit } from '../http';
import { registerConnectorRoutes } from './connectors';
import { registerConsoleRoutes } from './console';
import { registerItemRoutes } from './items';
import { registerLeadsRoutes } from './leads';
import { registerScopeRoutes } from './scope';
import { registerScimRoutes } from './scim';
import { registerSsoRoutes } from './sso';
import { registerUserRoutes } from './users';

export type RegisterRoutes = (app: Hono<HubEnv>, kit: RouteKit) => void;

/** The console last: it serves the web app for paths no API route claimed. */
export const ROUTE_MODULES: readonly RegisterRoutes[] = [
  registerItemRoutes,
  registerUserRoutes,
  registerLeadsRoutes,
  registerConnectorRoutes,
  registerScopeRoutes,
  registerSsoRoutes,
  registerScimRoutes,
  registerConsoleRoutes,
];
