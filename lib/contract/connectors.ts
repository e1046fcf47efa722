/**
 * The hub's connector routes (DESIGN.md, "Hub protocol" and "Connectors"): what an admin sends to
 * connect HubSpot, Salesforce, Marketo or Mautic, and what the hub answers about a connector.
 *
 * Invariants
 * - Credentials travel one way: they are accepted in `credentials` on create and patch, and no
 *   answer type below has a field that could carry one back.
 * - A vendor URL is https, except on loopback (sandbox proxies and test fakes on 127.0.0.1): the
 *   hub sends the vendor's credentials there.
 */
import { z } from 'zod';

export const CONNECTOR_VENDORS = ['hubspot', 'salesforce', 'marketo', 'mautic'] as const;
export const connectorVendor = z.enum(CONNECTOR_VENDORS);
export type ConnectorVendor = z.infer<typeof connectorVendor>;

/** How the hub signs in to the vendor (never the secret itself). */
export const CONNECTOR_AUTH_KINDS = ['private-app-token', 'oauth-refresh-token', 'client-credentials', 'basic'] as const;
export const connectorAuthKind = z.enum(CONNECTOR_AUTH_KINDS);
export type ConnectorAuthKind = z.infer<typeof connectorAuthKind>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; http only on loopback, where nothing leaves the machine. No paths with credentials in them. */
export const vendorBaseUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https: URL (http: only on 127.0.0.1 or localhost), without a user name or password in it')
  .transform((value) => value.replace(/\/+$/, ''));

const secretText = z.string().trim().min(1).max(4_000);
const connectorName = z.string().trim().min(1).max(100);

/** Every credential any vendor takes; which ones are needed depends on the vendor (connectorCreate). */
export const connectorCredentials = z
  .object({
    /** HubSpot private-app access token. */
    token: secretText.optional(),
    clientId: secretText.optional(),
    clientSecret: secretText.optional(),
    /** OAuth refresh token (HubSpot OAuth apps, Salesforce connected apps). Rotated tokens are saved. */
    refreshToken: secretText.optional(),
    /** Mautic HTTP basic auth (an API user). */
    username: secretText.optional(),
    password: secretText.optional(),
  })
  .strict();
export type ConnectorCredentials = z.infer<typeof connectorCredentials>;

/** Settings an admin may tune; defaults in the hub (hub/connectors/registry.ts). */
const connectorTuning = {
  /** Share of the vendor's daily API quota one run may spend (default 0.25). */
  quotaShare: z.number().min(0.01).max(1).optional(),
  /** The daily API quota when the vendor does not say it in its answers (HubSpot, Marketo, Mautic). */
  dailyQuota: z.number().int().min(100).max(100_000_000).optional(),
  /** How far back the first run reads activity (default 365 days). */
  backfillDays: z.number().int().min(1).max(3_650).optional(),
};

/** Which auth a vendor's credentials amount to, or why they do not. */
export function authKindOf(vendor: ConnectorVendor, credentials: ConnectorCredentials): ConnectorAuthKind | string {
  const has = (...keys: (keyof ConnectorCredentials)[]) => keys.every((key) => credentials[key] !== undefined);
  switch (vendor) {
    case 'hubspot':
      if (has('token')) return 'private-app-token';
      if (has('clientId', 'clientSecret', 'refreshToken')) return 'oauth-refresh-token';
      return 'HubSpot needs a private app token (token), or an OAuth app (clientId, clientSecret, refreshToken)';
    case 'salesforce':
      if (!has('clientId', 'clientSecret')) return 'Salesforce needs the connected app’s clientId and clientSecret (and a refreshToken unless the app uses the client credentials flow)';
      return has('refreshToken') ? 'oauth-refresh-token' : 'client-credentials';
    case 'marketo':
      if (has('clientId', 'clientSecret')) return 'client-credentials';
      return 'Marketo needs the LaunchPoint service’s clientId and clientSecret';
    case 'mautic':
      if (has('username', 'password')) return 'basic';
      if (has('clientId', 'clientSecret')) return 'client-credentials';
      return 'Mautic needs an API client (clientId, clientSecret) or a basic-auth user (username, password)';
  }
}

export const connectorCreate = z
  .object({
    vendor: connectorVendor,
    name: connectorName,
    /** API host: HubSpot `https://api.hubapi.com`, Marketo `https://<munchkin>.mktorest.com`, Mautic the instance URL. */
    baseUrl: vendorBaseUrl.optional(),
    /** Salesforce only: `https://login.salesforce.com` (default) or `https://test.salesforce.com` for sandboxes. */
    loginUrl: vendorBaseUrl.optional(),
    credentials: connectorCredentials,
    ...connectorTuning,
  })
  .strict()
  .superRefine((value, context) => {
    const kind = authKindOf(value.vendor, value.credentials);
    if (!(CONNECTOR_AUTH_KINDS as readonly string[]).includes(kind)) context.addIssue({ code: 'custom', path: ['credentials'], message: kind });
    if ((value.vendor === 'marketo' || value.vendor === 'mautic') && !value.baseUrl) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: `${value.vendor === 'marketo' ? 'Marketo' : 'Mautic'} needs its instance URL` });
    }
    if (value.loginUrl && value.vendor !== 'salesforce') context.addIssue({ code: 'custom', path: ['loginUrl'], message: 'only Salesforce has a login URL' });
  });
export type ConnectorCreate = z.infer<typeof connectorCreate>;

export const connectorPatch = z
  .object({
    name: connectorName.optional(),
    enabled: z.boolean().optional(),
    baseUrl: vendorBaseUrl.optional(),
    loginUrl: vendorBaseUrl.optional(),
    /** Replaces every stored credential. Required when the URL changes: stored secrets never follow a new host. */
    credentials: connectorCredentials.optional(),
    ...connectorTuning,
  })
  .strict()
  .refine((value) => !(value.baseUrl || value.loginUrl) || value.credentials, {
    path: ['credentials'],
    message: 'send the credentials again with a new URL: stored secrets are never sent to a host they were not entered for',
  });
export type ConnectorPatch = z.infer<typeof connectorPatch>;

export const connectorRunRequest = z
  .object({
    /** Only sign in and read one record: "test the credentials". Nothing is written. */
    dryRun: z.boolean().optional(),
    /** Answer when the run ends (with its counts) instead of at once. */
    wait: z.boolean().optional(),
  })
  .strict();

export const connectorStreamView = z.object({
  name: z.string(),
  phase: z.enum(['backfill', 'incremental']),
  rowsDone: z.number().int().nonnegative(),
  /** The vendor's own total when it gives one (HubSpot search `total`, Salesforce `totalSize`, Mautic `total`). */
  rowsEstimate: z.number().int().nonnegative().nullable(),
  status: z.string(),
  updatedAt: z.string().nullable(),
});
export type ConnectorStreamView = z.infer<typeof connectorStreamView>;

export const connectorRunSummary = z.object({
  people: z.number().int().nonnegative(),
  touches: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  /** The run's problem in words; the rows written before it stay and the next run resumes from them. */
  error: z.string().optional(),
});
export type ConnectorRunSummary = z.infer<typeof connectorRunSummary>;

export const connectorLastRun = connectorRunSummary.extend({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  trigger: z.enum(['schedule', 'manual', 'cli']),
  apiCalls: z.number().int().nonnegative(),
});

export const CONNECTOR_STATES = ['idle', 'running', 'paused', 'error', 'disabled'] as const;

export const connectorView = z.object({
  id: z.string(),
  name: z.string(),
  vendor: connectorVendor,
  auth: connectorAuthKind,
  baseUrl: z.string(),
  loginUrl: z.string().nullable(),
  enabled: z.boolean(),
  state: z.enum(CONNECTOR_STATES),
  /** What the connector is doing or why it stopped, in words ("paused until 14:05 UTC: HubSpot's ten-second limit"). */
  status: z.string(),
  pausedUntil: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRun: connectorLastRun.nullable(),
  /** Rows written by every run so far. */
  counts: z.object({ people: z.number().int(), touches: z.number().int(), deleted: z.number().int() }),
  streams: z.array(connectorStreamView),
  quotaShare: z.number(),
  dailyQuota: z.number().int().nullable(),
  backfillDays: z.number().int(),
  createdAt: z.string(),
});
export type ConnectorView = z.infer<typeof connectorView>;

export const connectorListResponse = z.object({ connectors: z.array(connectorView) });
export const connectorResponse = z.object({ connector: connectorView });
export const connectorTestResponse = z.object({ ok: z.boolean(), message: z.string() });
export const connectorStartedResponse = z.object({ started: z.literal(true), connector: connectorView });
export const connectorRemovedResponse = z.object({ id: z.string(), deleted: z.literal(true) });
