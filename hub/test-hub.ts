/**
 * What the hub's route suites (hub.test.ts, console.test.ts) share: one app on one backend per
 * suite, a clean set of tables and one signed-up user per role before every test, and requests as
 * those users. Call it inside the suite's describe; it registers the hooks.
 *
 * Test code only: imported by *.test.ts, never by the hub.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { hubError, type Role } from '../lib/contract';
import { createHubApp, type HubAppOptions } from './app';
import type { HubDb } from './db';
import { addUser } from './store';
import type { Backend } from './test-backends';

export const ROLES: Role[] = ['rep', 'marketing', 'admin'];

export type RequestInit = { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> };

export interface TestHub {
  /** Set in beforeAll: read them inside hooks and tests only. */
  readonly db: HubDb;
  readonly app: ReturnType<typeof createHubApp>;
  readonly tokens: Record<Role, string>;
  readonly userIds: Record<Role, string>;
  call(method: string, url: string, init?: RequestInit, target?: ReturnType<typeof createHubApp>): Promise<Response>;
  as(role: Role): { token: string };
  importAs(bundle: unknown, role?: Role): Promise<Response>;
  expectError(response: Response, status: number, code?: string): Promise<ReturnType<typeof hubError.parse>>;
}

export function useTestHub(backend: Backend, setup: { truncate: string[]; app: Omit<HubAppOptions, 'db'> }): TestHub {
  let db: HubDb | undefined;
  let app: ReturnType<typeof createHubApp> | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  const tokens: Record<Role, string> = { rep: '', marketing: '', admin: '' };
  const userIds: Record<Role, string> = { rep: '', marketing: '', admin: '' };
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test hub is opened in beforeAll: use it inside hooks and tests');
    return value;
  };

  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    app = createHubApp({ db, ...setup.app });
  }, 120_000);
  afterAll(async () => {
    await cleanup?.();
  });
  beforeEach(async () => {
    await opened(db).query(`TRUNCATE ${setup.truncate.join(', ')} RESTART IDENTITY CASCADE`);
    for (const role of ROLES) {
      const added = await addUser(opened(db), `Test ${role}`, role);
      tokens[role] = added.token;
      userIds[role] = added.user.id;
    }
  });

  const hub: TestHub = {
    get db() {
      return opened(db);
    },
    get app() {
      return opened(app);
    },
    tokens,
    userIds,
    call(method, url, init = {}, target = opened(app)) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.Authorization = `Bearer ${init.token}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return Promise.resolve(target.request(url, { method, headers, body }));
    },
    as: (role) => ({ token: tokens[role] }),
    importAs: (bundle, role = 'marketing') => hub.call('POST', '/v1/import', { ...hub.as(role), body: bundle }),
    async expectError(response, status, code) {
      expect(response.status).toBe(status);
      const body = hubError.parse(await response.json());
      if (code) expect(body.error.code).toBe(code);
      return body;
    },
  };
  return hub;
}
