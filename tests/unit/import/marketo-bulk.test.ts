/**
 * Marketo's bulk extract: a leads file and an activities file with API field names. Activities
 * name a lead id, no email; whichever file comes first, each lead ends as one prospect holding
 * its activities, also when the lead turns out to be someone the workspace already knows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { importCsv } from '../../../lib/import/csv/import';
import { inspectCsv } from '../../../lib/import/csv/inspect';
import { detectPreset } from '../../../lib/import/presets/detect';
import { marketoBulkActivities, marketoBulkLeads } from '../../../lib/import/presets/marketo';
import type { CsvPreset } from '../../../lib/import/presets/preset';
import { prospectIdForLead } from '../../../lib/match/prospects';
import type { CuecardDb } from '../../../lib/store/db';
import { resolveProspectsInDb } from '../../../lib/store/resolve-prospects';
import { dbSink, freshDb } from '../store/test-db';

const LEADS = readFileSync(new URL('../../fixtures/imports/marketo-bulk-leads.csv', import.meta.url), 'utf8');
const ACTIVITIES = readFileSync(new URL('../../fixtures/imports/marketo-bulk-activities.csv', import.meta.url), 'utf8');

function importInto(db: CuecardDb, text: string, preset: CsvPreset, chunkSize?: number) {
  return importCsv(text, preset, dbSink(db), { resolveProspects: (lookups) => resolveProspectsInDb(db, lookups), ...(chunkSize ? { chunkSize } : {}) });
}

/** Everything a sidebar could show: prospects without store keys, and touches by owner. */
async function workspace(db: CuecardDb) {
  const prospects = (await db.prospects.toArray())
    .map(({ emailKeys: _e, crmKeys: _c, domainKey: _d, companyKey: _k, ...prospect }) => prospect)
    .sort((a, b) => a.id.localeCompare(b.id));
  const touches = (await db.touches.toArray()).map(({ at: _at, ...touch }) => touch).sort((a, b) => a.id.localeCompare(b.id));
  return { prospects, touches };
}

async function touchesOf(db: CuecardDb, prospectId: string) {
  return (await db.touches.toArray()).filter((touch) => touch.prospectId === prospectId).map((touch) => touch.id).sort();
}

const DANA_ACTIVITIES = ['t-mkto-884119502', 't-mkto-884119655', 't-mkto-884119657', 't-mkto-884119870', 't-mkto-884120102', 't-mkto-884120331'];

describe('Marketo bulk extract files', () => {
  it('recognises the leads file (not as a Salesforce leads report) and the activities file', async () => {
    const leads = await inspectCsv(LEADS);
    expect(leads.detection.best?.preset.id).toBe('marketo-bulk-leads');
    expect(leads.detection.needsConfirmation).toBe(false);
    const activities = await inspectCsv(ACTIVITIES);
    expect(activities.detection.best?.preset.id).toBe('marketo-bulk-activities');
    expect(activities.detection.needsConfirmation).toBe(false);
    // A lead extract with no Salesforce sync fields is still Marketo's.
    expect(detectPreset(['id', 'email', 'firstName', 'lastName', 'company', 'title', 'createdAt', 'updatedAt']).best?.preset.id).toBe('marketo-bulk-leads');
  });

  it('reads leads with their Marketo and Salesforce ids, lead source and owner email; null is empty', async () => {
    const db = freshDb();
    const report = await importInto(db, LEADS, marketoBulkLeads);
    expect(report).toMatchObject({ rejected: 0, imported: { prospects: 5 } });
    expect(await db.prospects.get(prospectIdForLead('marketo', '1021877'))).toMatchObject({
      email: 'dana.whitfield@northwind-logistics.com',
      name: 'Dana Whitfield',
      domain: 'northwind-logistics.com',
      stage: 'sql',
      source: 'Webinar',
      owner: 'jordan.ellis@meridian-analytics.example',
      crmIds: { marketo: '1021877', salesforce: '003Dn00000QxAbcIAF' },
      updatedAt: '2026-11-18T16:05:10.000Z',
    });
    const priya = await db.prospects.get(prospectIdForLead('marketo', '1022311'));
    expect(priya?.crmIds).toEqual({ marketo: '1022311', salesforce: '00QDn00000Hk7PqMAJ' });
    const tomas = await db.prospects.get(prospectIdForLead('marketo', '1022590'));
    expect(tomas).toMatchObject({ name: 'Tomás Eriksen', crmIds: { marketo: '1022590' } });
    expect(tomas?.owner).toBeUndefined();
    expect(tomas?.domain).toBeUndefined();
  });

  it('maps activity types as the activity log does, flags bot activity, and skips the rest with a reason', async () => {
    const db = freshDb();
    const report = await importInto(db, ACTIVITIES, marketoBulkActivities);
    expect(report).toMatchObject({ rejected: 0, errors: [], imported: { touches: 11, prospects: 0 } });
    expect(report.skippedReasons).toEqual({
      'Marketo Send Email': 1,
      'Marketo Email Delivered': 1,
      'Marketo Change Data Value': 1,
      'Marketo activity type 100004': 1,
    });
    expect(await db.touches.get('t-mkto-884120331')).toMatchObject({ type: 'webinar', title: 'Attended: 2026-11 Route Analytics Webinar', campaign: '2026-11 Route Analytics Webinar' });
    expect(await db.touches.get('t-mkto-884119650')).toMatchObject({ type: 'webinar' });
    expect(await db.touches.get('t-mkto-884120102')).toMatchObject({ type: 'page_view', url: 'https://www.meridian-analytics.example/pricing/enterprise' });
    expect(await db.touches.get('t-mkto-884119870')).toMatchObject({ type: 'download' });
    expect(await db.touches.get('t-mkto-884119502')).toMatchObject({ type: 'form_submit', title: 'Submitted form: Webinar Registration - Route Analytics' });
    expect(await db.touches.get('t-mkto-884119657')).toMatchObject({
      type: 'email_click',
      campaign: 'Finance Leaders Nurture',
      url: 'https://www.meridian-analytics.example/guides/cfo-freight-spend?utm_source=email&utm_campaign=finance-leaders-nurture',
      automated: false,
    });
    // "Is Bot Activity" inside attributes: a JSON true, or the text "false".
    expect((await db.touches.get('t-mkto-884119600'))?.automated).toBe(true);
    expect((await db.touches.get('t-mkto-884119655'))?.automated).toBe(false);
    expect((await db.touches.get('t-mkto-884120220'))?.automated).toBeUndefined();
  });

  it('joins activities to leads by leadId in either import order, with the same result', async () => {
    const activitiesFirst = freshDb();
    await importInto(activitiesFirst, ACTIVITIES, marketoBulkActivities);
    // Kept while their lead is unknown, filed under the lead id.
    expect(await touchesOf(activitiesFirst, prospectIdForLead('marketo', '1021877'))).toEqual(DANA_ACTIVITIES);
    await importInto(activitiesFirst, LEADS, marketoBulkLeads);

    const leadsFirst = freshDb();
    await importInto(leadsFirst, LEADS, marketoBulkLeads);
    await importInto(leadsFirst, ACTIVITIES, marketoBulkActivities);

    const result = await workspace(activitiesFirst);
    expect(await workspace(leadsFirst)).toEqual(result);
    expect(result.prospects).toHaveLength(5);
    expect(await touchesOf(activitiesFirst, prospectIdForLead('marketo', '1021877'))).toEqual(DANA_ACTIVITIES);
    // An activity whose lead is in neither file stays, under its lead id, until that lead arrives.
    expect(result.touches.find((touch) => touch.id === 't-mkto-884120640')?.prospectId).toBe(prospectIdForLead('marketo', '1023104'));
  });

  it('puts a known person’s Marketo activities on their prospect in either order, with no twin', async () => {
    const known = async () => {
      const db = freshDb();
      await importBundle(generateWorkspace({ prospects: 12, touches: 40, seed: 7 }), dbSink(db));
      return db;
    };
    const activitiesFirst = await known();
    const ownBefore = await touchesOf(activitiesFirst, 'p-dana');
    await importInto(activitiesFirst, ACTIVITIES, marketoBulkActivities, 4);
    await importInto(activitiesFirst, LEADS, marketoBulkLeads, 2);

    const leadsFirst = await known();
    await importInto(leadsFirst, LEADS, marketoBulkLeads, 2);
    await importInto(leadsFirst, ACTIVITIES, marketoBulkActivities, 4);

    for (const db of [activitiesFirst, leadsFirst]) {
      // Dana was p-dana (matched by email and Salesforce id): she keeps it and takes the lead id.
      expect(await db.prospects.get('p-dana')).toMatchObject({ crmIds: { salesforce: '003Dn00000QxAbcIAF', marketo: '1021877' } });
      expect(await db.prospects.get(prospectIdForLead('marketo', '1021877'))).toBeUndefined();
      expect(await touchesOf(db, 'p-dana')).toEqual([...ownBefore, ...DANA_ACTIVITIES].sort());
      expect(await touchesOf(db, prospectIdForLead('marketo', '1021877'))).toEqual([]);
      expect((await db.prospects.toArray()).filter((prospect) => prospect.email === 'dana.whitfield@northwind-logistics.com')).toHaveLength(1);
    }
    expect(await workspace(leadsFirst)).toEqual(await workspace(activitiesFirst));
  });

  it('drops NUL bytes and rejects a lead id that is not a number', async () => {
    const db = freshDb();
    const text = [
      'marketoGUID,leadId,activityDate,activityTypeId,primaryAttributeValue,attributes',
      '9001,1021877,2026-11-12T14:05:11Z,1,www.meridian-analytics.example/pri\0cing,null',
      '9002,abc,2026-11-12T14:05:11Z,1,www.meridian-analytics.example/pricing,null',
    ].join('\n');
    const report = await importCsv(text, marketoBulkActivities, dbSink(db));
    expect(report.imported.touches).toBe(1);
    expect(report.errors).toMatchObject([{ row: 3, field: 'leadId' }]);
    expect(await db.touches.get('t-mkto-9001')).toMatchObject({ url: 'https://www.meridian-analytics.example/pricing', prospectId: 'p-marketo-1021877' });
    expect((await inspectCsv(`marketoGUID,leadId,activityDate,activityTypeId\0\n1,2,2026-11-12T14:05:11Z,1\n`)).header).toEqual(['marketoGUID', 'leadId', 'activityDate', 'activityTypeId']);
  });
});
