import { describe, expect, it } from 'vitest';
import { companyKey, crmKey, emailKeys, isFreeMailDomain, normalizeDomain, normalizeEmail, stripPlusTag } from '../../lib/match/keys';

describe('email normalization', () => {
  it.each([
    ['  Dana.Whitfield@Northwind-Logistics.com ', 'dana.whitfield@northwind-logistics.com'],
    ['mailto:dana@acme.com?subject=Hi', 'dana@acme.com'],
    ['MAILTO:Dana%40acme.com', 'dana@acme.com'],
    ['<dana@acme.com>', 'dana@acme.com'],
    ['100%@acme.com', '100%@acme.com'],
  ])('normalizes %j to %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it('strips a plus tag from the local part only', () => {
    expect(stripPlusTag('priya.raman+sfdc@helixbio.io')).toBe('priya.raman@helixbio.io');
    expect(stripPlusTag('priya@plus+domain.io')).toBe('priya@plus+domain.io');
    expect(stripPlusTag('+tag@acme.com')).toBe('+tag@acme.com');
  });

  it('indexes both the exact and the plus-stripped address', () => {
    expect(emailKeys('Priya.Raman+SFDC@helixbio.io')).toEqual(['priya.raman+sfdc@helixbio.io', 'priya.raman@helixbio.io']);
    expect(emailKeys('dana@acme.com')).toEqual(['dana@acme.com']);
  });
});

describe('company domains', () => {
  it.each([
    ['https://www.Northwind-Logistics.com/about', 'northwind-logistics.com'],
    ['www.acme.co.uk', 'acme.co.uk'],
    ['acme.com.', 'acme.com'],
    ['not a domain', undefined],
    ['javascript:alert(1)', undefined],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeDomain(raw)).toBe(expected);
  });

  it('knows free-mail providers are not companies', () => {
    expect(isFreeMailDomain('Gmail.com')).toBe(true);
    expect(isFreeMailDomain('northwind-logistics.com')).toBe(false);
  });
});

describe('CRM keys', () => {
  it('treats 15- and 18-character Salesforce ids of one record as the same key', () => {
    expect(crmKey('salesforce', '003Dn00000QxAbcIAF')).toBe(crmKey('salesforce', '003Dn00000QxAbc'));
  });
  it('keeps Salesforce ids case-sensitive', () => {
    expect(crmKey('salesforce', '003Dn00000QxAbc')).not.toBe(crmKey('salesforce', '003DN00000QXABC'));
  });
  it('ignores braces and case in Dynamics GUIDs', () => {
    expect(crmKey('dynamics', '{A1B2C3D4-0000-0000-0000-00000000000A}')).toBe(crmKey('dynamics', 'a1b2c3d4-0000-0000-0000-00000000000a'));
  });
});

describe('company names', () => {
  it.each([
    ['Northwind Logistics, Inc.', 'northwind logistics'],
    ['  NORTHWIND   logistics ', 'northwind logistics'],
    ['Kestrel \u202EHealth Systems', 'kestrel health systems'],
    [undefined, ''],
  ])('%j → %j', (raw, expected) => {
    expect(companyKey(raw)).toBe(expected);
  });
});
