import { describe, expect, it } from 'vitest';
import { importBundle } from '../../../lib/import/bundle';
import { companyContext, findProspect, prospectContext, touchPage } from '../../../lib/store/queries';
import { dbSink, freshDb } from './test-db';

async function seeded() {
  const db = freshDb();
  await importBundle(
    {
      format: 'cuecard/v1',
      prospects: [
        { id: 'p-dana', email: 'Dana.Whitfield@northwind-logistics.com', name: 'Dana Whitfield', company: 'Northwind Logistics', crmIds: { salesforce: '003Dn00000QxAbcIAF' } },
        { id: 'p-ola', email: 'ola@fjordbakery.no', name: 'Ola', company: 'Fjord Bakery AS' },
        { id: 'p-kari', email: 'kari.fjord@gmail.com', name: 'Kari', company: 'Fjord Bakery' },
        { id: 'p-marcus', email: 'marcus@northwind-logistics.com', name: 'Marcus' },
        { id: 'p-priya', email: 'priya.raman@helixbio.io', name: 'Priya' },
        { id: 'p-gmail', email: 'someone@gmail.com', name: 'Free mail' },
        { id: 'p-gmail2', email: 'other@gmail.com', name: 'Free mail 2' },
      ],
      touches: [
        { id: 't-old', prospectId: 'p-dana', type: 'download', occurredAt: '2025-01-01T00:00:00Z' },
        { id: 't-new', prospectId: 'p-dana', type: 'webinar', occurredAt: '2026-11-18T15:00:00Z' },
        { id: 't-mid', prospectId: 'p-dana', type: 'email_open', occurredAt: '2026-06-01T12:00:00+02:00' },
        { id: 't-other', prospectId: 'p-marcus', type: 'event', occurredAt: '2026-11-19T00:00:00Z' },
      ],
    },
    dbSink(db),
  );
  return db;
}

describe('finding the prospect for a page', () => {
  it('prefers the CRM id, also when the page has the 15-character form', async () => {
    const found = await findProspect(await seeded(), { emails: ['marcus@northwind-logistics.com'], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxAbc' } });
    expect(found?.row.id).toBe('p-dana');
    expect(found?.matchedBy).toBe('crm_id');
  });

  it('matches an email case-insensitively', async () => {
    const found = await findProspect(await seeded(), { emails: [' DANA.WHITFIELD@Northwind-Logistics.com'] });
    expect(found?.row.id).toBe('p-dana');
    expect(found?.matchedBy).toBe('email');
  });

  it('matches a plus-addressed email on the page to the plain one in the workspace', async () => {
    const found = await findProspect(await seeded(), { emails: ['priya.raman+sfdc@helixbio.io'] });
    expect(found?.row.id).toBe('p-priya');
    expect(found?.matchedBy).toBe('plus_address');
  });

  it('finds nobody for an unknown person', async () => {
    expect(await findProspect(await seeded(), { emails: ['tom.berg@fjordbakery.no'] })).toBeUndefined();
  });
});

describe('prospect context', () => {
  it('lists touches newest first, whatever their time zone', async () => {
    const context = await prospectContext(await seeded(), { emails: ['dana.whitfield@northwind-logistics.com'] });
    expect(context?.touches.map((t) => t.id)).toEqual(['t-new', 't-mid', 't-old']);
    expect(context?.touchCount).toBe(3);
    expect(context?.countsByType).toEqual({ webinar: 1, email_open: 1, download: 1 });
  });

  it('puts colleagues at the same company domain on the committee, never free-mail users', async () => {
    const db = await seeded();
    const dana = await prospectContext(db, { emails: ['dana.whitfield@northwind-logistics.com'] });
    expect(dana?.committee.map((p) => p.id)).toEqual(['p-marcus']);
    const gmail = await prospectContext(db, { emails: ['someone@gmail.com'] });
    expect(gmail?.committee).toEqual([]);
  });

  it('pages older touches after a given one', async () => {
    const db = await seeded();
    const first = await touchPage(db, 'p-dana', 1);
    const next = await touchPage(db, 'p-dana', 5, [first[0]!.at, first[0]!.id]);
    expect(first.map((t) => t.id)).toEqual(['t-new']);
    expect(next.map((t) => t.id)).toEqual(['t-mid', 't-old']);
  });
});

describe('company pages', () => {
  it('lists the people at the account\'s website domain', async () => {
    const company = await companyContext(await seeded(), { emails: [], company: 'Northwind Logistics', domain: 'https://www.northwind-logistics.com' });
    expect(company?.matchedBy).toBe('company_domain');
    expect(company?.people.map((p) => p.id).sort()).toEqual(['p-dana', 'p-marcus']);
    expect(company?.domain).toBe('northwind-logistics.com');
  });

  it('falls back to the company name, spelled as CRMs spell it, when there is no website', async () => {
    const company = await companyContext(await seeded(), { emails: [], company: 'FJORD BAKERY, Inc.' });
    expect(company?.matchedBy).toBe('company_name');
    expect(company?.people.map((p) => p.id).sort()).toEqual(['p-kari', 'p-ola'].sort());
  });

  it('finds nothing for a company nobody in the workspace works at', async () => {
    expect(await companyContext(await seeded(), { emails: [], company: 'Acme', domain: 'acme.com' })).toBeUndefined();
    expect(await companyContext(await seeded(), { emails: [], domain: 'gmail.com' })).toBeUndefined();
  });
});

describe('duplicate records in the workspace', () => {
  it('shows the first and offers the others that the same email matched', async () => {
    const db = await seeded();
    await importBundle({ format: 'cuecard/v1', prospects: [{ id: 'p-marcus-old', email: 'Marcus@northwind-logistics.com', name: 'Marcus (old record)' }] }, dbSink(db));
    const context = await prospectContext(db, { emails: ['marcus@northwind-logistics.com'] });
    expect(context?.prospect.id).toBe('p-marcus');
    expect(context?.alsoMatched.map((p) => p.id)).toEqual(['p-marcus-old']);
    const single = await prospectContext(db, { emails: ['priya.raman@helixbio.io'] });
    expect(single?.alsoMatched).toEqual([]);
  });
});
