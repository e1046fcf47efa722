import { describe, expect, it } from 'vitest';
import { parseCsvDate } from '../../../lib/import/dates';
import { prospectIdForEmail, stableId } from '../../../lib/import/ids';
import { detectPreset } from '../../../lib/import/presets/detect';
import { PRESETS } from '../../../lib/import/presets/index';

describe('detectPreset', () => {
  it('tells the three contact exports apart by their typical columns', () => {
    const hubspot = detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Job Title', 'Company Name', 'Lifecycle Stage', 'Lead Status']);
    expect(hubspot.best?.preset.id).toBe('hubspot-contacts');
    const contacts = detectPreset(['Contact ID', 'First Name', 'Last Name', 'Title', 'Email', 'Account Name']);
    expect(contacts.best?.preset.id).toBe('salesforce-contacts-report');
    const leads = detectPreset(['Lead ID', 'First Name', 'Last Name', 'Title', 'Company / Account', 'Email', 'Lead Status']);
    expect(leads.best?.preset.id).toBe('salesforce-leads-report');
    expect(leads.needsConfirmation).toBe(false);
  });

  it('matches headers regardless of case, spacing, punctuation and a Salesforce "Object: Field" prefix', () => {
    const detection = detectPreset(['lead_id', 'EMAIL', 'Lead: Lead Status', 'company']);
    expect(detection.best?.preset.id).toBe('salesforce-leads-report');
  });

  it('offers every preset as an alternative, best first, with what each one lacks', () => {
    const detection = detectPreset(['Email', 'First Name']);
    expect(detection.alternatives.length + (detection.best ? 1 : 0)).toBe(PRESETS.length);
    expect(detection.needsConfirmation).toBe(true);
    const marketo = [detection.best, ...detection.alternatives].find((match) => match?.preset.id === 'marketo-activity-log');
    expect(marketo?.missing).toEqual(['"Activity Date"', '"Activity Type"']);
    expect(marketo?.confidence).toBeLessThan(0.5);
  });

  it('finds no preset for a header with no known columns', () => {
    const detection = detectPreset(['Foo', 'Bar']);
    expect(detection.best).toBeUndefined();
    expect(detection.needsConfirmation).toBe(true);
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['2026-11-18', 'auto', '2026-11-18T00:00:00.000Z'],
    ['2026-11-18T15:00:00Z', 'auto', '2026-11-18T15:00:00.000Z'],
    ['2026-11-18T15:00:00.123+01:00', 'auto', '2026-11-18T14:00:00.123Z'],
    ['2026-11-18 15:00', 'auto', '2026-11-18T15:00:00.000Z'],
    ['11/18/2026', 'auto', '2026-11-18T00:00:00.000Z'],
    ['18/11/2026 15:00', 'auto', '2026-11-18T15:00:00.000Z'],
    ['3/5/26 2:22 PM', 'us', '2026-03-05T14:22:00.000Z'],
    ['3/5/26 12:05 AM', 'eu', '2026-05-03T00:05:00.000Z'],
    ['05.03.2026', 'us', '2026-03-05T00:00:00.000Z'],
    ['Nov 18, 2026 3:00 PM', 'auto', '2026-11-18T15:00:00.000Z'],
    ['18 November 2026', 'auto', '2026-11-18T00:00:00.000Z'],
    ['18-Nov-2026', 'auto', '2026-11-18T00:00:00.000Z'],
    ['Wed, Nov 18, 2026 at 3:00 PM', 'auto', '2026-11-18T15:00:00.000Z'],
    ['1795014000000', 'auto', '2026-11-18T15:00:00.000Z'],
  ] as const)('%s (%s) → %s', (text, order, iso) => {
    expect(parseCsvDate(text, order)).toMatchObject({ ok: true, iso });
  });

  it('calls 03/04/2026 ambiguous under auto but not 04/04/2026', () => {
    expect(parseCsvDate('03/04/2026', 'auto')).toMatchObject({ ok: false, ambiguous: true });
    expect(parseCsvDate('04/04/2026', 'auto')).toMatchObject({ ok: true, iso: '2026-04-04T00:00:00.000Z' });
  });

  it.each(['2026-02-30', '13/13/2026', 'yesterday', '25:00', 'Foo 3, 2026'])('rejects %s', (text) => {
    expect(parseCsvDate(text, 'auto')).toMatchObject({ ok: false, ambiguous: false });
  });
});

describe('derived ids', () => {
  it('are the same for the same fields and differ otherwise', () => {
    expect(stableId('t', ['a', 'b'])).toBe(stableId('t', ['a', 'b']));
    expect(stableId('t', ['a', 'b'])).not.toBe(stableId('t', ['ab', '']));
    expect(stableId('t', ['a', undefined])).toBe(stableId('t', ['a', '']));
    expect(prospectIdForEmail(' Dana.Whitfield@Northwind-Logistics.com ')).toBe(prospectIdForEmail('dana.whitfield@northwind-logistics.com'));
    expect(prospectIdForEmail('dana.whitfield@northwind-logistics.com')).toMatch(/^p-[0-9a-z]{22}$/);
  });
});
