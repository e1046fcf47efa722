import { describe, expect, it } from 'vitest';
import type { Prospect, UsageEvent } from '../../../lib/contract';
import { openDb } from '../../../lib/store/db';
import { leadStatusOf, readCrmOrigins, rememberCrmOrigin, salesTookOver, waitingLeadRows, WAITING_LEADS_SHOWN } from '../../../lib/store/leads';
import { markDelivered, recordLocally, recordUsage } from '../../../lib/store/outbox';
import { writeChunk } from '../../../lib/store/write';
import { freshDb, oldVersionDb } from './test-db';

const REP = 'ann.rep@northwind-demo.example';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

const lead = (id: string, fields: Partial<Prospect> = {}): Prospect => ({ id, email: `${id}@acme.example`, name: id, stage: 'mql', owner: REP, ...fields });

let eventCounter = 0;
function event(fields: Partial<UsageEvent> & Pick<UsageEvent, 'type'>): UsageEvent {
  eventCounter += 1;
  return { id: `00000000-0000-4000-8000-${String(eventCounter).padStart(12, '0')}`, at: new Date(NOW).toISOString(), surface: 'salesforce', ...fields };
}

describe('waiting leads', () => {
  it('lists the leads handed to the rep, oldest handover first, whatever the case of the owner address', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', [
      lead('p-new', { qualifiedAt: daysAgo(1) }),
      lead('p-old', { qualifiedAt: daysAgo(20), owner: ' Ann.Rep@Northwind-Demo.example ' }),
      lead('p-mid', { qualifiedAt: daysAgo(6) }),
      lead('p-other-rep', { qualifiedAt: daysAgo(3), owner: 'ben.rep@northwind-demo.example' }),
      lead('p-not-handed', { qualifiedAt: undefined }),
      lead('p-no-owner', { owner: undefined, qualifiedAt: daysAgo(2) }),
    ]);
    const { leads, total } = await waitingLeadRows(db, 'ANN.REP@northwind-demo.example');
    expect(leads.map((l) => l.summary.id)).toEqual(['p-old', 'p-mid', 'p-new']);
    expect(total).toBe(3);
    expect(leads[0]!.handedAt).toBe(Date.parse(daysAgo(20)));
  });

  it('leaves out leads sales has already taken up in the CRM (stage past the handover)', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', [
      lead('p-mql', { qualifiedAt: daysAgo(4) }),
      lead('p-sql', { qualifiedAt: daysAgo(5), stage: 'sql' }),
      lead('p-hubspot-sql', { qualifiedAt: daysAgo(5), stage: 'salesqualifiedlead' }),
      lead('p-working', { qualifiedAt: daysAgo(5), stage: 'Working - Contacted' }),
      lead('p-opportunity', { qualifiedAt: daysAgo(5), stage: 'Opportunity' }),
      lead('p-open', { qualifiedAt: daysAgo(5), stage: 'Open - Not Contacted' }),
    ]);
    expect((await waitingLeadRows(db, REP)).leads.map((l) => l.summary.id)).toEqual(['p-open', 'p-mql']);
    expect(salesTookOver('Closed - Converted')).toBe(true);
    expect(salesTookOver('Marketing Qualified Lead')).toBe(false);
    expect(salesTookOver(undefined)).toBe(false);
  });

  it('a lead the rep acted on after the handover leaves the list, with or without usage sharing, and stays gone after delivery', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', [lead('p-viewed', { qualifiedAt: daysAgo(3) }), lead('p-copied', { qualifiedAt: daysAgo(2) }), lead('p-before', { qualifiedAt: daysAgo(1) })]);
    const viewed = event({ type: 'sidebar_opened', prospectId: 'p-viewed' });
    await recordUsage(db, viewed);
    await recordLocally(db, event({ type: 'message_copied', prospectId: 'p-copied', messageId: 'm-1' }));
    // Acted before the handover: it still waits (a re-qualified lead is a new handover).
    await recordLocally(db, event({ type: 'sidebar_opened', prospectId: 'p-before', at: daysAgo(4) }));
    await markDelivered(db, [viewed.id]);
    expect((await waitingLeadRows(db, REP)).leads.map((l) => l.summary.id)).toEqual(['p-before']);
  });

  it('counts every waiting lead but hands out at most the shown number', async () => {
    const db = freshDb();
    await writeChunk(
      db,
      'prospects',
      Array.from({ length: WAITING_LEADS_SHOWN + 7 }, (_, i) => lead(`p-${String(i).padStart(3, '0')}`, { qualifiedAt: daysAgo(100 - i) })),
    );
    const { leads, total } = await waitingLeadRows(db, REP);
    expect(leads).toHaveLength(WAITING_LEADS_SHOWN);
    expect(total).toBe(WAITING_LEADS_SHOWN + 7);
    expect(leads[0]!.summary.id).toBe('p-000');
  });
});

describe('lead status and feedback', () => {
  it('says whose lead it is, whether it waits, and the rep’s latest word (a late older event does not undo it)', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', [lead('p-marcus', { qualifiedAt: daysAgo(5), source: 'Integration Hub Launch' })]);
    expect(await leadStatusOf(db, 'p-marcus', REP)).toEqual({ mine: true, waiting: true, qualifiedAt: daysAgo(5), source: 'Integration Hub Launch' });
    expect(await leadStatusOf(db, 'p-marcus', 'someone.else@x.example')).toMatchObject({ mine: false, waiting: false });
    expect(await leadStatusOf(db, 'p-marcus', undefined)).toMatchObject({ mine: false, waiting: false });

    await recordLocally(db, event({ type: 'lead_feedback', prospectId: 'p-marcus', reason: 'no_budget', at: new Date(NOW - 60_000).toISOString() }));
    await recordLocally(db, event({ type: 'lead_feedback', prospectId: 'p-marcus', reason: 'bad_timing', at: new Date(NOW).toISOString() }));
    await recordLocally(db, event({ type: 'lead_feedback', prospectId: 'p-marcus', reason: 'duplicate', at: new Date(NOW - 120_000).toISOString() }));
    expect(await leadStatusOf(db, 'p-marcus', REP)).toMatchObject({ waiting: false, feedback: { reason: 'bad_timing', at: new Date(NOW).toISOString() } });
    expect(await leadStatusOf(db, 'p-nobody', REP)).toBeUndefined();
  });
});

describe('CRM hosts', () => {
  it('remembers the host per system, writes only when it changes (or hourly), and keeps a HubSpot portal', async () => {
    const db = freshDb();
    expect(await rememberCrmOrigin(db, 'salesforce', { origin: 'https://acme.lightning.force.com' }, NOW)).toBe(true);
    expect(await rememberCrmOrigin(db, 'salesforce', { origin: 'https://acme.lightning.force.com' }, NOW + 60_000)).toBe(false);
    expect(await rememberCrmOrigin(db, 'salesforce', { origin: 'https://acme.lightning.force.com' }, NOW + 3_700_000)).toBe(true);
    await rememberCrmOrigin(db, 'hubspot', { origin: 'https://app-eu1.hubspot.com', portal: '4821337' }, NOW);
    // A page of the same portal without the id in view keeps the portal known.
    await rememberCrmOrigin(db, 'hubspot', { origin: 'https://app-eu1.hubspot.com' }, NOW + 3_700_000);
    expect(await readCrmOrigins(db)).toEqual({
      salesforce: { origin: 'https://acme.lightning.force.com', at: NOW + 3_700_000 },
      hubspot: { origin: 'https://app-eu1.hubspot.com', portal: '4821337', at: NOW + 3_700_000 },
    });
  });
});

describe('database version 7', () => {
  it('gives prospects stored by version 6 their owner and handover keys on upgrade', async () => {
    const name = `cuecard-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = oldVersionDb(name, 6);
    await old.open();
    await old.table('prospects').bulkPut([
      { ...lead('p-a', { qualifiedAt: daysAgo(2) }), emailKeys: ['p-a@acme.example'], crmKeys: [], domainKey: 'acme.example', companyKey: '' },
      { ...lead('p-b', { qualifiedAt: 'not a date' }), emailKeys: ['p-b@acme.example'], crmKeys: [], domainKey: 'acme.example', companyKey: '' },
    ]);
    old.close();

    const db = openDb(name);
    expect(await db.prospects.get('p-a')).toMatchObject({ ownerKey: REP, handedAt: Date.parse(daysAgo(2)) });
    expect((await db.prospects.get('p-b'))?.handedAt).toBeUndefined();
    expect((await waitingLeadRows(db, REP)).leads.map((l) => l.summary.id)).toEqual(['p-a']);
    db.close();
  });
});
