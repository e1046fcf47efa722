import { describe, expect, it } from 'vitest';
import { importBundle, importBundleText, summarizeReport, type ImportSink } from '../../../lib/import/bundle';
import { countRows } from '../../../lib/store/write';
import { dbSink, freshDb } from '../store/test-db';

const prospects = [
  { id: 'p1', email: 'dana.whitfield@northwind-logistics.com', name: 'Dana Whitfield', stage: 'sql' },
  { id: 'p2', email: 'marcus@northwind-logistics.com', name: 'Marcus Oyelaran' },
];
const touches = [
  { id: 't1', prospectId: 'p1', type: 'webinar', occurredAt: '2026-11-18T15:00:00Z', title: 'Route analytics' },
  { id: 't2', prospectId: 'p1', type: 'page_view', occurredAt: '2026-11-10T09:00:00+02:00', title: '<img src=x onerror=alert(1)>' },
];
const goodBundle = {
  format: 'cuecard/v1',
  prospects,
  touches,
  messages: [{ id: 'm1', title: 'Intro', body: 'Hi {{first_name}}', status: 'approved' }],
  assets: [{ id: 'a1', title: 'TCO guide', url: 'https://cdn.example.com/tco.pdf', kind: 'guide', status: 'approved' }],
};

describe('importing a cuecard/v1 bundle', () => {
  it('imports every collection and reports counts', async () => {
    const db = freshDb();
    const report = await importBundle(goodBundle, dbSink(db));
    expect(report.imported).toEqual({ prospects: 2, touches: 2, messages: 1, assets: 1 });
    expect(report.rejected).toBe(0);
    expect(await countRows(db)).toEqual({ prospects: 2, touches: 2, messages: 1, assets: 1 });
    expect(summarizeReport(report)).toMatch(/prospects 2, touches 2, messages 1, assets 1\. Rejected rows: 0$/);
  });

  it('changes nothing when the same file is imported twice (upsert by id)', async () => {
    const db = freshDb();
    await importBundle(goodBundle, dbSink(db));
    const before = await db.prospects.toArray();
    await importBundle(goodBundle, dbSink(db));
    expect(await countRows(db)).toEqual({ prospects: 2, touches: 2, messages: 1, assets: 1 });
    expect(await db.prospects.toArray()).toEqual(before);
  });

  it('keeps the good rows of a mixed file and reports row, field and reason for the bad ones', async () => {
    const db = freshDb();
    const report = await importBundle(
      {
        format: 'cuecard/v1',
        prospects: [...prospects, { id: 'p3', email: 'not-an-email' }, { email: 'x@y.co' }],
        assets: [
          { id: 'a1', title: 'ok', url: 'https://x.example/a', kind: 'deck', status: 'approved' },
          { id: 'a2', title: 'evil', url: 'javascript:alert(1)', kind: 'deck', status: 'approved' },
        ],
      },
      dbSink(db),
    );
    expect(report.imported.prospects).toBe(2);
    expect(report.imported.assets).toBe(1);
    expect(report.rejected).toBe(3);
    expect(report.errors).toEqual([
      { collection: 'prospects', row: 2, field: 'email', reason: 'not an email address' },
      { collection: 'prospects', row: 3, field: 'id', reason: expect.any(String) },
      { collection: 'assets', row: 1, field: 'url', reason: 'must be an https: URL' },
    ]);
    expect(await db.assets.get('a2')).toBeUndefined();
  });

  it('reports only the first 20 row errors but counts them all', async () => {
    const bad = Array.from({ length: 57 }, (_, i) => ({ id: `p${i}`, email: 'nope' }));
    const report = await importBundle({ format: 'cuecard/v1', prospects: bad }, dbSink(freshDb()));
    expect(report.rejected).toBe(57);
    expect(report.errors).toHaveLength(20);
    expect(summarizeReport(report)).toMatch(/Rejected rows: 57$/);
  });

  it('refuses a file that is not JSON, with a clear message and nothing written', async () => {
    const db = freshDb();
    const report = await importBundleText('{"format": "cuecard/v1", "prospects": [', dbSink(db));
    expect(report.fatal).toMatch(/not valid JSON/);
    expect(await countRows(db)).toEqual({ prospects: 0, touches: 0, messages: 0, assets: 0 });
  });

  it('refuses a JSON file of another format, naming it', async () => {
    const report = await importBundleText(JSON.stringify({ format: 'hubspot/v2', prospects }), dbSink(freshDb()));
    expect(report.fatal).toBe('This file is not a Cuecard workspace: format is "hubspot/v2", expected "cuecard/v1".');
  });

  it('refuses a collection that is not a list', async () => {
    const report = await importBundle({ format: 'cuecard/v1', touches: { id: 't1' } }, dbSink(freshDb()));
    expect(report.fatal).toMatch(/"touches" must be a list/);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const report = await importBundleText(`\ufeff${JSON.stringify(goodBundle)}`, dbSink(freshDb()));
    expect(report.imported.prospects).toBe(2);
  });

  it('writes whole chunks and reports progress per chunk', async () => {
    const chunks: number[] = [];
    const sink: ImportSink = { write: async (_c, rows) => void chunks.push(rows.length) };
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `p${i}`, email: `p${i}@acme.com` }));
    const progress: number[] = [];
    await importBundle({ format: 'cuecard/v1', prospects: many }, sink, { chunkSize: 10, onProgress: (p) => progress.push(p.done) });
    expect(chunks).toEqual([10, 10, 5]);
    expect(progress).toEqual([10, 20, 25]);
  });

  it('stops between chunks when cancelled and keeps what was written', async () => {
    const db = freshDb();
    const controller = new AbortController();
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, email: `p${i}@acme.com` }));
    const report = await importBundle({ format: 'cuecard/v1', prospects: many }, dbSink(db), {
      chunkSize: 10,
      signal: controller.signal,
      onProgress: (p) => p.done === 10 && controller.abort(),
    });
    expect(report.cancelled).toBe(true);
    expect(await db.prospects.count()).toBe(10);
  });

  it('leaves an earlier chunk intact when a later chunk fails to write', async () => {
    const db = freshDb();
    let calls = 0;
    const failing: ImportSink = {
      write: async (collection, rows) => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
        await dbSink(db).write(collection, rows);
      },
    };
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, email: `p${i}@acme.com` }));
    await expect(importBundle({ format: 'cuecard/v1', prospects: many }, failing, { chunkSize: 10 })).rejects.toThrow('disk full');
    expect(await db.prospects.count()).toBe(10);
  });
});
