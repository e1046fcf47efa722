/**
 * A Salesforce org on loopback (login and instance on one port), for the connector's tests. It
 * answers what the connector sends through jsforce, as Salesforce documents it
 * (../shared/research/connectors.md §2; each behaviour names its source):
 *
 * - `POST /services/oauth2/token`: `grant_type=refresh_token` (optionally ROTATING the refresh
 *   token: the old one stops working, TS test_refresh_token_rotation.py) and
 *   `grant_type=client_credentials`; `invalid_grant` 400s for revoked tokens (Salesforce help
 *   "OAuth 2.0 Refresh Token Flow").
 * - `GET /services/data/v61.0/queryAll?q=` and `/query?q=`: the SOQL the connector writes —
 *   `SELECT <fields> FROM <object> WHERE SystemModstamp >= <datetime> [AND (SystemModstamp > t OR
 *   (SystemModstamp = t AND Id > 'id'))] ORDER BY SystemModstamp ASC, Id ASC`, `WHERE Id IN (...)`,
 *   `SELECT COUNT() FROM <object>`; relationship fields (`Account.Name`) as nested objects.
 *   `queryAll` returns soft-deleted rows (`IsDeleted: true`), `query` hides them (SF-Q;
 *   simple-salesforce#172). Batches of up to 2,000 with `nextRecordsUrl` until `done` (SF-Q).
 * - `GET /services/data/v61.0/query/<locator>`: the next batch.
 * - 401 `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]` for an unknown
 *   or expired access token (research §2 sample).
 * - `Sforce-Limit-Info: api-usage=<used>/<limit>` on every REST answer, and past the limit 403
 *   `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]` (SF-LIM; AB-SF fixture).
 */
import { randomUUID } from 'node:crypto';
import { FakeVendor, json, type FakeRequest, type FakeResponse } from './http';

export type FakeSObject = 'Contact' | 'Lead' | 'Campaign' | 'CampaignMember' | 'Account' | 'User';

export interface FakeRecord {
  Id: string;
  SystemModstamp: string;
  IsDeleted?: boolean;
  [field: string]: unknown;
}

const VERSION_PATH = '/services/data/v61.0';

/** Salesforce datetimes have whole seconds (`….000+0000`): many rows of a bulk update share one. */
function sfTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

export class FakeSalesforce extends FakeVendor {
  readonly objects: Record<FakeSObject, Map<string, FakeRecord>> = {
    Contact: new Map(),
    Lead: new Map(),
    Campaign: new Map(),
    CampaignMember: new Map(),
    Account: new Map(),
    User: new Map(),
  };
  client = { id: 'sf-connected-app-id', secret: 'sf-connected-app-secret-fake' };
  readonly refreshTokens = new Set<string>();
  readonly accessTokens = new Set<string>();
  rotateRefreshTokens = false;
  clientCredentialsEnabled = true;
  apiUsed = 0;
  apiLimit = 100_000;
  batchSize = 2_000;
  private readonly results = new Map<string, FakeRecord[]>();
  private counter = 0;

  constructor() {
    super('Salesforce', (request) => this.route(request));
    this.everyAnswer = (request): Record<string, string> => (request.path.startsWith('/services/data/') ? { 'Sforce-Limit-Info': `api-usage=${this.apiUsed}/${this.apiLimit}` } : {});
  }

  /** 15+3 character ids with the object's key prefix (Contact 003, Lead 00Q, Campaign 701, CampaignMember 00v, Account 001, User 005). */
  newId(object: FakeSObject): string {
    const prefix = { Contact: '003', Lead: '00Q', Campaign: '701', CampaignMember: '00v', Account: '001', User: '005' }[object];
    this.counter++;
    return `${prefix}RO${String(this.counter).padStart(10, '0')}AAA`;
  }

  upsert(object: FakeSObject, fields: Omit<FakeRecord, 'Id' | 'SystemModstamp'> & { Id?: string }, at = Date.now()): FakeRecord {
    const id = fields.Id ?? this.newId(object);
    const existing = this.objects[object].get(id);
    const record: FakeRecord = { ...existing, ...fields, Id: id, IsDeleted: (fields.IsDeleted as boolean | undefined) ?? existing?.IsDeleted ?? false, SystemModstamp: sfTime(at) };
    this.objects[object].set(id, record);
    return record;
  }

  /** Delete (to the recycle bin): still in queryAll with IsDeleted, SystemModstamp moves. */
  softDelete(object: FakeSObject, id: string, at = Date.now()): void {
    const record = this.objects[object].get(id);
    if (!record) throw new Error(`no ${object} ${id}`);
    record.IsDeleted = true;
    record.SystemModstamp = sfTime(at);
  }

  issueRefreshToken(token = `5Aep861${randomUUID().replaceAll('-', '')}`): string {
    this.refreshTokens.add(token);
    return token;
  }

  expireSessions(): void {
    this.accessTokens.clear();
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.method === 'POST' && request.path === '/services/oauth2/token') return this.token(request);
    if (!request.path.startsWith('/services/data/')) return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    this.apiUsed++;
    if (this.apiUsed > this.apiLimit) return json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    if (request.path === `${VERSION_PATH}/queryAll` || request.path === `${VERSION_PATH}/query`) {
      return this.query(request.query.get('q') ?? '', request.path.endsWith('queryAll'));
    }
    const more = new RegExp(`^${VERSION_PATH}/query/([\\w-]+)-(\\d+)$`).exec(request.path);
    if (more) return this.batch(more[1]!, Number(more[2]));
    return json(404, [{ errorCode: 'NOT_FOUND', message: `fake Salesforce has no ${request.path}` }]);
  }

  private token(request: FakeRequest): FakeResponse {
    const form = new URLSearchParams(request.body);
    if (form.get('client_id') !== this.client.id || form.get('client_secret') !== this.client.secret) {
      return json(400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    }
    const grant = form.get('grant_type');
    let refresh: string | undefined;
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.has(presented)) return json(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
      if (this.rotateRefreshTokens) {
        this.refreshTokens.delete(presented);
        refresh = this.issueRefreshToken();
      }
    } else if (grant === 'client_credentials') {
      if (!this.clientCredentialsEnabled) return json(400, { error: 'invalid_grant', error_description: 'no client credentials user enabled' });
    } else {
      return json(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    const access = `00DRO0000000001!AQ0AQ${randomUUID().replaceAll('-', '')}`;
    this.accessTokens.add(access);
    return json(200, {
      access_token: access,
      ...(refresh ? { refresh_token: refresh } : {}),
      signature: 'x1y2=',
      scope: 'api refresh_token',
      instance_url: this.url,
      id: `${this.url}/id/00DRO0000000001AAA/005RO000000AbCdYAK`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
    });
  }

  private project(object: FakeSObject, record: FakeRecord, fields: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: object, url: `${VERSION_PATH}/sobjects/${object}/${record.Id}` } };
    for (const field of fields) {
      const dot = field.indexOf('.');
      if (dot < 0) {
        out[field] = record[field] ?? null;
        continue;
      }
      const relation = field.slice(0, dot);
      const inner = field.slice(dot + 1);
      const related = record[relation] as Record<string, unknown> | null | undefined;
      if (related === undefined || related === null) {
        out[relation] = null;
        continue;
      }
      const target = (out[relation] ??= { attributes: { type: relation === 'Owner' ? 'User' : relation } }) as Record<string, unknown>;
      target[inner] = related[inner] ?? null;
    }
    return out;
  }

  private query(soql: string, all: boolean): FakeResponse {
    const shape = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?$/i.exec(soql.trim());
    if (!shape) return json(400, [{ errorCode: 'MALFORMED_QUERY', message: `fake Salesforce cannot parse: ${soql.slice(0, 200)}` }]);
    const [, fieldList, objectName, where = '', orderBy = ''] = shape;
    const object = objectName as FakeSObject;
    if (!this.objects[object]) return json(400, [{ errorCode: 'INVALID_TYPE', message: `sObject type '${objectName}' is not supported.` }]);
    let rows = [...this.objects[object].values()].filter((record) => all || !record.IsDeleted);
    const since = /SystemModstamp >= (\S+)/.exec(where)?.[1];
    if (since) rows = rows.filter((record) => Date.parse(record.SystemModstamp) >= Date.parse(since));
    const keyset = /\(SystemModstamp > (\S+) OR \(SystemModstamp = (\S+) AND Id > '([^']+)'\)\)/.exec(where);
    if (keyset) {
      const ts = Date.parse(keyset[1]!);
      rows = rows.filter((record) => Date.parse(record.SystemModstamp) > ts || (Date.parse(record.SystemModstamp) === ts && record.Id > keyset[3]!));
    }
    const ids = /Id IN \(([^)]*)\)/.exec(where);
    if (ids) {
      const wanted = new Set(ids[1]!.split(',').map((part) => part.trim().replace(/^'|'$/g, '')));
      rows = rows.filter((record) => wanted.has(record.Id));
    }
    if (/SystemModstamp/.test(orderBy)) rows.sort((a, b) => Date.parse(a.SystemModstamp) - Date.parse(b.SystemModstamp) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
    if (/^COUNT\(\)$/i.test(fieldList!.trim())) return json(200, { totalSize: rows.length, done: true, records: [] });
    const fields = fieldList!.split(',').map((field) => field.trim());
    const projected = rows.map((record) => this.project(object, record, fields) as FakeRecord);
    const id = `01gRO${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    this.results.set(id, projected);
    return this.batch(id, 0);
  }

  private batch(id: string, offset: number): FakeResponse {
    const rows = this.results.get(id);
    if (!rows) return json(400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
    const slice = rows.slice(offset, offset + this.batchSize);
    const next = offset + this.batchSize;
    const done = next >= rows.length;
    return json(200, { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${VERSION_PATH}/query/${id}-${next}` }), records: slice });
  }

  /** The next query on `object` must start from this stored cursor (SOQL window and keyset). */
  expectSoqlCursor(object: FakeSObject, expected: { since: string; after: { ts: string; id: string } | null }): void {
    const literal = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.expectCursor({
      label: `${object} query`,
      match: (request) => /\/query(All)?$/.test(request.path) && new RegExp(`FROM ${object} WHERE SystemModstamp`).test(request.query.get('q') ?? ''),
      read: (request) => {
        const q = request.query.get('q') ?? '';
        const keyset = /\(SystemModstamp > (\S+) OR \(SystemModstamp = \S+ AND Id > '([^']+)'\)\)/.exec(q);
        return { since: /SystemModstamp >= (\S+)/.exec(q)?.[1], afterTs: keyset?.[1], afterId: keyset?.[2] };
      },
      expected: { since: literal(expected.since), afterTs: expected.after ? literal(expected.after.ts) : undefined, afterId: expected.after?.id },
    });
  }
}
