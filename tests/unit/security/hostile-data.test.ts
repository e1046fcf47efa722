/**
 * Hostile data through every text field of every way data gets in: the JSON bundle import
 * (lib/import/bundle.ts into fake-indexeddb), the CSV import (lib/import/csv/import.ts,
 * our own column presets) and the hub (import over HTTP, then sync into a fresh local store).
 *
 * Invariants checked for every (field × payload) row:
 * - a payload that fits the field is stored as the same text (no sanitizing, no decoding: the UI
 *   renders it with textContent, see tests/e2e/hostile-data.chromium.e2e.ts);
 * - url fields store https: only; javascript:, data:, vbscript:, http: and relative URLs are rejected rows;
 * - anything over the field's limit (1 MB strings in particular) is a rejected row;
 * - every row is either imported or rejected, and nothing else breaks;
 * - Object.prototype and friends are untouched afterwards.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncResponse, type CollectionName } from '../../../lib/contract';
import { importCsv } from '../../../lib/import/csv/import';
import { cuecardAssets, cuecardMessages, cuecardProspects, cuecardTouches } from '../../../lib/import/presets/cuecard';
import type { CsvPreset } from '../../../lib/import/presets/preset';
import { importBundle, importBundleText, type ImportReport } from '../../../lib/import/bundle';
import { applySyncPage } from '../../../lib/sync/sync';
import type { CuecardDb } from '../../../lib/store/db';
import { createHubApp } from '../../../hub/app';
import type { HubDb } from '../../../hub/db';
import { openHubDb } from '../../../hub/server';
import { addUser } from '../../../hub/store';
import { dbSink, freshDb } from '../store/test-db';
import {
  BODY_LIMIT,
  nestedArrayJson,
  nestedObjectJson,
  ONE_MB,
  POLLUTION_ROW_JSON,
  prototypesPolluted,
  TEXT_PAYLOADS,
} from './corpus';

type Kind = 'id' | 'email' | 'text' | 'list' | 'url' | 'date';
interface Field {
  collection: CollectionName;
  /** `crmIds.salesforce` is nested; list fields hold the payload as their one element. */
  path: string;
  kind: Kind;
  max: number;
}

const f = (collection: CollectionName, path: string, kind: Kind, max: number): Field => ({ collection, path, kind, max });

/** Every text-bearing field of the data contract (lib/contract/data.ts), with its limit. */
const FIELDS: Field[] = [
  f('prospects', 'id', 'id', 200),
  f('prospects', 'email', 'email', 320),
  f('prospects', 'name', 'text', 300),
  f('prospects', 'title', 'text', 300),
  f('prospects', 'company', 'text', 300),
  f('prospects', 'domain', 'text', 253),
  f('prospects', 'stage', 'text', 100),
  f('prospects', 'persona', 'text', 100),
  f('prospects', 'industry', 'text', 100),
  f('prospects', 'crmIds.salesforce', 'id', 200),
  f('prospects', 'crmIds.hubspot', 'id', 200),
  f('prospects', 'crmIds.pipedrive', 'id', 200),
  f('prospects', 'crmIds.dynamics', 'id', 200),
  f('prospects', 'updatedAt', 'date', 40),
  f('touches', 'id', 'id', 200),
  f('touches', 'prospectId', 'id', 200),
  f('touches', 'occurredAt', 'date', 40),
  f('touches', 'title', 'text', 500),
  f('touches', 'campaign', 'text', 300),
  f('touches', 'assetId', 'id', 200),
  f('touches', 'url', 'url', 2_000),
  f('touches', 'topics', 'list', 200),
  f('messages', 'id', 'id', 200),
  f('messages', 'title', 'text', 300),
  f('messages', 'body', 'text', BODY_LIMIT),
  f('messages', 'personas', 'list', 200),
  f('messages', 'industries', 'list', 200),
  f('messages', 'stages', 'list', 200),
  f('messages', 'validFrom', 'date', 40),
  f('messages', 'validUntil', 'date', 40),
  f('messages', 'avoidPhrases', 'list', 200),
  f('messages', 'replacedBy', 'id', 200),
  f('assets', 'id', 'id', 200),
  f('assets', 'title', 'text', 300),
  f('assets', 'url', 'url', 2_000),
  f('assets', 'kind', 'text', 100),
  f('assets', 'stages', 'list', 200),
  f('assets', 'personas', 'list', 200),
  f('assets', 'industries', 'list', 200),
  f('assets', 'topics', 'list', 200),
  f('assets', 'validUntil', 'date', 40),
  f('assets', 'replacedBy', 'id', 200),
];

const BASE: Record<CollectionName, Record<string, unknown>> = {
  prospects: { email: 'dana@northwind.example' },
  touches: { prospectId: 'p-base', type: 'webinar', occurredAt: '2026-11-18T15:00:00Z' },
  messages: { title: 'Intro', body: 'Hi {{first_name}}', status: 'approved' },
  assets: { title: 'TCO guide', url: 'https://cdn.example.com/tco.pdf', kind: 'guide', status: 'approved' },
};

/** Payloads for one field: the corpus, 1 MB, and the limit exactly and one over. */
function payloadsFor(field: Field): string[] {
  const all = [...TEXT_PAYLOADS, ONE_MB, 'x'.repeat(field.max), 'x'.repeat(field.max + 1)];
  if (field.kind !== 'id') return all;
  // Ids are keys: two payloads that trim to the same id would be one row, not two.
  const seen = new Set<string>();
  return all.filter((value) => !seen.has(value.trim()) && seen.add(value.trim()));
}

interface Case {
  field: Field;
  payload: string;
  rowId: string;
  row: Record<string, unknown>;
}

function casesFor(field: Field, index: number): Case[] {
  return payloadsFor(field).map((payload, n) => {
    const rowId = field.path === 'id' ? payload : `${field.collection}-${index}-${n}`;
    const row: Record<string, unknown> = { ...BASE[field.collection], id: rowId };
    if (field.path.startsWith('crmIds.')) row.crmIds = { [field.path.slice('crmIds.'.length)]: payload };
    else row[field.path] = field.kind === 'list' ? [payload] : payload;
    return { field, payload, rowId, row };
  });
}

const CASES: Case[] = FIELDS.flatMap(casesFor);
const CASES_BY_COLLECTION = (collection: CollectionName) => CASES.filter((c) => c.field.collection === collection);

function isHttps(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
// eslint-disable-next-line no-control-regex -- leading control characters are part of the attack
const DANGEROUS_SCHEME = /^[\s\u0000-\u001f]*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|data|vbscript|file|blob|chrome-extension)\s*:/i;

function readField(row: Record<string, unknown>, field: Field): unknown {
  if (field.path.startsWith('crmIds.')) return (row.crmIds as Record<string, unknown> | undefined)?.[field.path.slice(7)];
  const value = row[field.path];
  return field.kind === 'list' && Array.isArray(value) ? value[0] : value;
}

/** What a stored payload must equal: ids and emails are trimmed by the schema; the hub drops U+0000. */
function expectedText(field: Field, payload: string, viaHub: boolean): string {
  let value = field.kind === 'id' || field.kind === 'email' ? payload.trim() : payload;
  // The hub drops U+0000 and turns lone surrogates into U+FFFD (Postgres json holds neither).
  if (viaHub) value = value.replaceAll('\u0000', '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return value;
}

let inputsTried = 0;

/**
 * Checks every case against what the store holds. `textTrimmed`: CSV cells are trimmed by the
 * reader, so text there compares trimmed too.
 */
async function checkStored(db: CuecardDb, cases: Case[], options: { viaHub?: boolean; csv?: boolean } = {}) {
  let stored = 0;
  let rejected = 0;
  for (const c of cases) {
    inputsTried++;
    const key = c.field.path === 'id' ? expectedText(c.field, c.rowId, !!options.viaHub) : c.rowId;
    const row = (await db.table(c.field.collection).get(key)) as Record<string, unknown> | undefined;
    const label = `${c.field.collection}.${c.field.path} = ${JSON.stringify(c.payload.slice(0, 60))}`;
    const fits = c.payload.length <= c.field.max;
    if (!fits) expect(row, `${label} is over the limit and must be rejected`).toBeUndefined();
    if (c.field.kind === 'url' && (DANGEROUS_SCHEME.test(c.payload) || !isHttps(c.payload))) {
      expect(row, `${label} is not https and must be rejected`).toBeUndefined();
    }
    if (!row) {
      rejected++;
      continue;
    }
    stored++;
    const value = readField(row, c.field);
    expect(typeof value, label).toBe('string');
    const text = value as string;
    if (c.field.kind === 'url') expect(new URL(text).protocol, label).toBe('https:');
    if (c.field.kind === 'date') expect(Number.isNaN(Date.parse(text)), label).toBe(false);
    if (c.field.kind === 'email') expect(text, label).not.toMatch(/[<>"\s]/);
    if (c.field.kind === 'text' || c.field.kind === 'list' || c.field.kind === 'id') {
      const expected = expectedText(c.field, c.payload, !!options.viaHub);
      expect(text, label).toBe(options.csv ? expected.trim() : expected);
    }
  }
  return { stored, rejected };
}

function bundleOf(cases: Case[]) {
  const bundle: Record<string, unknown> = { format: 'cuecard/v1', prospects: [], touches: [], messages: [], assets: [] };
  for (const c of cases) (bundle[c.field.collection] as unknown[]).push(c.row);
  return bundle;
}

function totalImported(report: ImportReport): number {
  return Object.values(report.imported).reduce((a, b) => a + b, 0);
}

afterAll(() => {
  console.log(`[hostile-data] hostile inputs tried: ${inputsTried} (fields: ${FIELDS.length}, cases per path: ${CASES.length})`);
});

describe('hostile data through the JSON bundle import', () => {
  it.each(['prospects', 'touches', 'messages', 'assets'] as const)(
    '%s: every text field stores hostile text verbatim, rejects bad URLs and oversized values',
    async (collection) => {
      const db = freshDb();
      const cases = CASES_BY_COLLECTION(collection);
      const report = await importBundle(bundleOf(cases), dbSink(db));
      expect(report.fatal).toBeUndefined();
      const { stored, rejected } = await checkStored(db, cases);
      expect(stored + rejected).toBe(cases.length);
      expect(report.imported[collection]).toBe(stored);
      expect(report.rejected).toBe(rejected);
      // Text fields keep hostile markup: rejecting it would silently lose real data (a title may contain "<").
      const xssTitles = cases.filter((c) => c.field.kind === 'text' && c.payload.startsWith('<') && c.payload.length <= c.field.max);
      for (const c of xssTitles) expect(await db.table(collection).get(c.rowId), c.payload).toBeDefined();
      expect(prototypesPolluted()).toBe(false);
    },
  );

  it('1 MB in any field is a rejected row, and the rest of the file still imports', async () => {
    const db = freshDb();
    const oversized = FIELDS.map((field, i) => casesFor(field, 1000 + i).find((c) => c.payload === ONE_MB)!);
    const good = [{ id: 'p-ok', email: 'ok@northwind.example', name: 'Okay' }];
    const bundle = bundleOf(oversized);
    (bundle.prospects as unknown[]).push(...good);
    const report = await importBundle(bundle, dbSink(db));
    inputsTried += oversized.length;
    expect(report.rejected).toBe(oversized.length);
    expect(totalImported(report)).toBe(1);
    expect(await db.prospects.get('p-ok')).toBeDefined();
  });

  it.each(POLLUTION_ROW_JSON)('prototype-pollution keys at row and nested level (%s) pollute nothing', async (extra) => {
    const db = freshDb();
    const inner = extra.slice(1, -1);
    const text = `{"format":"cuecard/v1","__proto__":{"polluted":"bundle"},"constructor":{"prototype":{"polluted":"bundle-ctor"}},
      "prospects":[{"id":"p-pp","email":"pp@northwind.example",${inner}}, ${extra}],
      "touches":[{"id":"t-pp","prospectId":"p-pp","type":"webinar","occurredAt":"2026-11-18T15:00:00Z",${inner}}],
      "messages":[{"id":"m-pp","title":"t","body":"b","status":"approved",${inner}}],
      "assets":[{"id":"a-pp","title":"t","url":"https://cdn.example.com/a","kind":"k","status":"approved",${inner}}]}`;
    const report = await importBundleText(text, dbSink(db));
    inputsTried += 5;
    expect(report.fatal).toBeUndefined();
    expect(prototypesPolluted()).toBe(false);
    for (const [table, id] of [['prospects', 'p-pp'], ['touches', 't-pp'], ['messages', 'm-pp'], ['assets', 'a-pp']] as const) {
      const row = (await db.table(table).get(id)) as Record<string, unknown> | undefined;
      if (!row) continue; // a nested key that makes the row invalid (e.g. topics: {}) rejects it: fine
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.hasOwn(row, '__proto__')).toBe(false);
      expect(Object.hasOwn(row, 'constructor')).toBe(false);
      expect(Object.hasOwn(row, 'prototype')).toBe(false);
      expect((row as { polluted?: unknown }).polluted).toBeUndefined();
      const crm = row.crmIds as Record<string, unknown> | undefined;
      if (crm) {
        expect(Object.hasOwn(crm, '__proto__')).toBe(false);
        expect(crm.salesforce).toBeUndefined();
      }
    }
    // The injected crmIds.salesforce never became a lookup key.
    expect(await db.prospects.where('crmKeys').equals('salesforce:003-injected').count()).toBe(0);
  });

  it.each([
    ['arrays 10,000 deep in a text field', () => `{"format":"cuecard/v1","prospects":[{"id":"p1","email":"a@b.co","name":${nestedArrayJson(10_000)}}]}`],
    ['objects 10,000 deep in crmIds', () => `{"format":"cuecard/v1","prospects":[{"id":"p1","email":"a@b.co","crmIds":${nestedObjectJson(10_000)}}]}`],
    ['a 10,000-deep row', () => `{"format":"cuecard/v1","prospects":[${nestedArrayJson(10_000)}]}`],
    ['objects 10,000 deep as the whole file', () => nestedObjectJson(10_000)],
    ['arrays 1,000,000 deep (beyond any parser stack)', () => `{"format":"cuecard/v1","prospects":${nestedArrayJson(1_000_000)}}`],
  ])('deeply nested JSON (%s) is rejected, dropped or a fatal report, never a crash', async (_name, make) => {
    const db = freshDb();
    inputsTried++;
    const report = await importBundleText(make(), dbSink(db));
    expect(report.rejected > 0 || typeof report.fatal === 'string' || totalImported(report) === 1).toBe(true);
    // Whatever was stored carries none of the nesting: unknown keys are stripped by the schema.
    for (const row of await db.prospects.toArray()) expect(JSON.stringify(row).length).toBeLessThan(1_000);
    expect(prototypesPolluted()).toBe(false);
  });

  it('a deeply nested value built in memory (no JSON) is rejected or stripped', async () => {
    let deepObject: unknown = 'x';
    let deepArray: unknown = 'x';
    for (let i = 0; i < 10_000; i++) {
      deepObject = { a: deepObject, salesforce: deepObject };
      deepArray = [deepArray];
    }
    inputsTried += 2;
    const db = freshDb();
    const report = await importBundle(
      { format: 'cuecard/v1', prospects: [{ id: 'p1', email: 'a@b.co', crmIds: deepObject }, { id: 'p2', email: 'a@b.co', name: deepArray }] },
      dbSink(db),
    );
    expect(report).toMatchObject({ rejected: 2, imported: { prospects: 0 } });
  });
});

const CSV_PRESETS: Record<CollectionName, CsvPreset> = {
  prospects: cuecardProspects as CsvPreset,
  touches: cuecardTouches as CsvPreset,
  messages: cuecardMessages as CsvPreset,
  assets: cuecardAssets as CsvPreset,
};

/** A CSV with our own columns, one row per case; lists are one `;`-free cell. */
function csvOf(collection: CollectionName, cases: Case[]): string {
  const columns = CSV_PRESETS[collection].columns as Record<string, unknown>;
  const header = Object.keys(columns).filter((name) => name !== 'prospectEmail');
  const rows = cases.map((c) => header.map((name) => {
    const value = name.startsWith('crmIds.') ? (c.row.crmIds as Record<string, unknown> | undefined)?.[name.slice(7)] : c.row[name];
    return Array.isArray(value) ? value.join(';') : value === undefined ? '' : String(value);
  }));
  return Papa.unparse({ fields: header, data: rows }, { quotes: true, newline: '\r\n' });
}

describe('hostile data through the CSV import (our column presets)', () => {
  it.each(['prospects', 'touches', 'messages', 'assets'] as const)('%s: stored as text, bad URLs rejected, bounded', async (collection) => {
    const db = freshDb();
    // `;` splits list cells and a cell of only spaces is empty in a CSV: those cases mean something else there.
    const cases = CASES_BY_COLLECTION(collection).filter(
      (c) => !(c.field.kind === 'list' && c.payload.includes(';')) && c.payload.trim() !== '' && !c.payload.includes('\u0000'),
    );
    const report = await importCsv(csvOf(collection, cases), CSV_PRESETS[collection], dbSink(db));
    expect(report.fatal).toBeUndefined();
    const { stored, rejected } = await checkStored(db, cases, { csv: true });
    expect(stored + rejected).toBe(cases.length);
    expect(report.imported[collection]).toBe(stored);
    expect(prototypesPolluted()).toBe(false);
  });

  it('prototype-pollution column names and 1 MB cells do not pollute or crash', async () => {
    const db = freshDb();
    const csv = [
      'id,email,name,__proto__,constructor,prototype,crmIds.__proto__',
      `p1,a@b.co,"${'<img src=x onerror=alert(1)>'}",polluted,polluted,polluted,polluted`,
      `p2,b@b.co,"${ONE_MB}",,,,`,
    ].join('\r\n');
    inputsTried += 2;
    const report = await importCsv(csv, cuecardProspects as CsvPreset, dbSink(db));
    expect(report.fatal).toBeUndefined();
    expect(report.imported.prospects).toBe(1);
    expect(report.rejected).toBe(1);
    expect(prototypesPolluted()).toBe(false);
    const row = (await db.prospects.get('p1')) as unknown as Record<string, unknown>;
    expect(row.name).toBe('<img src=x onerror=alert(1)>');
    expect(Object.keys(row)).not.toContain('__proto__');
  });
});

describe('hostile data through the hub: import over HTTP, sync into a fresh browser store', () => {
  let hubDb: HubDb;
  let app: ReturnType<typeof createHubApp>;
  let marketing: string;
  let rep: string;

  beforeAll(async () => {
    hubDb = await openHubDb({});
    app = createHubApp({ db: hubDb, rateLimit: false, logError: () => undefined });
    marketing = (await addUser(hubDb, 'Mara', 'marketing')).token;
    rep = (await addUser(hubDb, 'Rex', 'rep')).token;
  }, 120_000);
  afterAll(async () => hubDb?.close());

  it('imports the corpus, serves it back as valid JSON, and the client stores the same text', async () => {
    const bundle = bundleOf(CASES);
    const local = await importBundle(bundle, dbSink(freshDb()));
    const response = await app.request('/v1/import', {
      method: 'POST',
      headers: { Authorization: `Bearer ${marketing}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(bundle),
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as ImportReport;
    // Same pipeline, same verdicts.
    expect(report.imported).toEqual(local.imported);
    expect(report.rejected).toBe(local.rejected);

    const db = freshDb();
    let cursor = 0;
    for (;;) {
      const page = await app.request(`/v1/sync?cursor=${cursor}&limit=5000`, { headers: { Authorization: `Bearer ${rep}` } });
      expect(page.status).toBe(200);
      // The hub builds the page as text in SQL: hostile ids and values must still make valid JSON.
      const parsed = syncResponse.parse(JSON.parse(await page.text()));
      const result = await applySyncPage(db, cursor, parsed);
      expect(result.skipped).toEqual([]);
      cursor = parsed.cursor;
      if (!parsed.hasMore) break;
    }
    const { stored, rejected } = await checkStored(db, CASES, { viaHub: true });
    expect(stored).toBe(Object.values(local.imported).reduce((a, b) => a + b, 0));
    expect(rejected).toBe(local.rejected);
    expect(prototypesPolluted()).toBe(false);
  }, 120_000);

  it('a bundle with prototype-pollution keys and deep nesting: 200 with rejected rows or 400, never 500', async () => {
    const bodies = [
      ...POLLUTION_ROW_JSON.map((extra) => `{"format":"cuecard/v1","__proto__":{"polluted":1},"prospects":[{"id":"p-hub-pp","email":"pp@x.example",${extra.slice(1, -1)}}]}`),
      `{"format":"cuecard/v1","prospects":[{"id":"p1","email":"a@b.co","name":${nestedArrayJson(10_000)}}]}`,
      nestedObjectJson(10_000),
      `{"format":"cuecard/v1","prospects":${nestedArrayJson(200_000)}}`,
      `{"format":"cuecard/v1","deletes":[{"kind":"prospect","id":"x","__proto__":{"polluted":1}}]}`,
    ];
    for (const body of bodies) {
      inputsTried++;
      const response = await app.request('/v1/import', {
        method: 'POST',
        headers: { Authorization: `Bearer ${marketing}`, 'Content-Type': 'application/json' },
        body,
      });
      expect([200, 400], body.slice(0, 80)).toContain(response.status);
      expect(prototypesPolluted()).toBe(false);
    }
    const row = await app.request('/v1/sync?cursor=0&limit=5000', { headers: { Authorization: `Bearer ${rep}` } });
    const page = syncResponse.parse(await row.json());
    for (const change of page.changes.filter((c) => c.id === 'p-hub-pp')) {
      expect(Object.keys(change.data as object)).not.toContain('__proto__');
      expect(Object.keys(change.data as object)).not.toContain('constructor');
    }
  }, 60_000);
});
