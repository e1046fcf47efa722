/**
 * The sidebar's lookups must read through indexes only: at 10,000 prospects and 500,000 touches a
 * full table scan alone blows the 20 ms budget. A Dexie middleware records every read the queries
 * make; any read over a whole table (range type Any) fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { DBCore, DBCoreQueryRequest, DBCoreOpenCursorRequest, DBCoreCountRequest } from 'dexie';
import { accountEngagementFor } from '../../../lib/background/account';
import { DEMO_NOW, DEMO_REP, generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { leadStatusOf, readCrmOrigins, waitingLeadRows } from '../../../lib/store/leads';
import { companyContext, prospectContext, touchPage } from '../../../lib/store/queries';
import { dbSink, freshDb } from './test-db';

/** Dexie's DBCoreRangeType.Any: a read with no key range at all. */
const RANGE_ANY = 3;

interface Read {
  table: string;
  index: string;
  rangeType: number;
}

describe('prospect lookups on a large workspace', () => {
  it('read through indexes only, never a whole table', async () => {
    const db = freshDb();
    const reads: Read[] = [];
    let recording = false;
    db.use({
      stack: 'dbcore',
      name: 'read-recorder',
      create(down: DBCore): DBCore {
        return {
          ...down,
          table(name) {
            const table = down.table(name);
            const record = (req: DBCoreQueryRequest | DBCoreOpenCursorRequest | DBCoreCountRequest) => {
              if (recording) reads.push({ table: name, index: req.query.index.name || '(primary key)', rangeType: req.query.range.type });
            };
            return {
              ...table,
              query: (req) => (record(req), table.query(req)),
              openCursor: (req) => (record(req), table.openCursor(req)),
              count: (req) => (record(req), table.count(req)),
            };
          },
        };
      },
    });
    const workspace = generateWorkspace({ prospects: 2_000, touches: 60_000, seed: 3 });
    await importBundle(workspace, dbSink(db));

    recording = true;
    const dana = await prospectContext(db, { emails: ['dana.whitfield@northwind-logistics.com'] });
    const byCrm = await prospectContext(db, { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxAbc' } });
    const company = await companyContext(db, { emails: [], company: 'Northwind Logistics', domain: 'northwind-logistics.com' });
    const older = await touchPage(db, 'p-dana', 5, [dana!.touches[4]!.at, dana!.touches[4]!.id]);
    const nobody = await prospectContext(db, { emails: ['tom.berg@fjordbakery.no'] });
    const waiting = await waitingLeadRows(db, DEMO_REP.email);
    const marcus = await leadStatusOf(db, 'p-marcus', DEMO_REP.email);
    await readCrmOrigins(db);
    const account = await accountEngagementFor(db, { emails: [], company: 'Northwind Logistics', domain: 'northwind-logistics.com' }, new Date(DEMO_NOW));
    recording = false;

    expect(dana?.prospect.id).toBe('p-dana');
    expect(byCrm?.prospect.id).toBe('p-dana');
    expect(company?.people.length).toBe(3);
    expect(older).toHaveLength(5);
    expect(nobody).toBeUndefined();
    expect(waiting.leads.map((lead) => lead.summary.id)).toContain('p-marcus');
    expect(marcus).toMatchObject({ mine: true, waiting: true });
    expect(account?.engaged.map((e) => e.person.id)).toContain('p-dana');
    expect(account?.assets.length).toBeGreaterThan(0);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((read) => read.rangeType === RANGE_ANY)).toEqual([]);
  });
});
