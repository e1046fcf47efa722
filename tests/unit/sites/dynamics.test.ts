// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, variantAt } from './fixture-window';
import { DYNAMICS_CRM_REGIONS, dynamics, isDynamicsHost, parseDynamicsUrl } from '../../../lib/sites/dynamics';

const ORG = 'https://northwind.crm.dynamics.com';
const APP_ID = '0f4c6a2e-3b1d-4c5e-9f7a-8b6d2e1c0a99';
const DANA = '5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b01';
const MARCUS = '5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b02';
const TOM = '5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b04';
const PRIYA = '7a2b3c4d-1e2f-4a5b-8c6d-9e0f1a2b3c03';
const NORTHWIND = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const recordPath = (etn: string, id: string) => `/main.aspx?appid=${APP_ID}&pagetype=entityrecord&etn=${etn}&id=%7B${id}%7D`;

/** What the adapter reads on Dana's fully rendered record page; the degraded variant must read the same. */
const DANA_READ = {
  ref: {
    emails: ['dana.whitfield@northwind-logistics.com'],
    crm: { system: 'dynamics', objectType: 'contact', recordId: DANA },
    name: 'Dana Whitfield',
    company: 'Northwind Logistics',
  },
  settled: true,
};


interface FixtureApi {
  navigate(href: string): void;
  formDelayMs: number;
  owner: { email: string };
  correspondentEmail: string;
}

function openDynamics(path: string, origin = ORG) {
  const page = openFixture<FixtureApi>('dynamics', `${origin}${path}`, '__cuecardDynamicsFixture');
  return {
    ...page,
    detect: () => dynamics.detect(page.doc, new URL(page.win.location.href)),
  };
}

describe('parseDynamicsUrl', () => {
  const parse = (href: string) => parseDynamicsUrl(new URL(href));

  it('reads a UCI record URL with an encoded, braced GUID', () => {
    expect(parse(`${ORG}${recordPath('contact', DANA)}`)).toEqual({ entity: 'contact', recordId: DANA });
  });

  it('accepts braces or none, any case, any parameter order and extra parameters', () => {
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=contact&id=${DANA}`)?.recordId).toBe(DANA);
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=contact&id={${DANA.toUpperCase()}}`)?.recordId).toBe(DANA);
    expect(parse(`${ORG}/main.aspx?id=%7b${DANA}%7d&etn=Contact&pageType=EntityRecord&appid=${APP_ID}&forceUCI=1`)).toEqual({
      entity: 'contact',
      recordId: DANA,
    });
    expect(parse(`${ORG}/main.aspx?appid=${APP_ID}&pagetype=entityrecord&etn=lead&id=${PRIYA}&formid=${APP_ID}`)?.entity).toBe('lead');
    expect(parse(`https://northwind.crm4.dynamics.com/MAIN.ASPX?pagetype=entityrecord&etn=account&id=${NORTHWIND}`)?.entity).toBe('account');
  });

  it('maps the legacy entity type codes of accounts, contacts and leads', () => {
    expect(parse(`${ORG}/main.aspx?etc=2&id=%7b${DANA}%7d&pagetype=entityrecord`)?.entity).toBe('contact');
    expect(parse(`${ORG}/main.aspx?etc=1&id=${NORTHWIND}&pagetype=entityrecord`)?.entity).toBe('account');
    expect(parse(`${ORG}/main.aspx?etc=4&id=${PRIYA}&pagetype=entityrecord`)?.entity).toBe('lead');
    expect(parse(`${ORG}/main.aspx?etc=3&id=${PRIYA}&pagetype=entityrecord`)).toBeNull();
  });

  it('keeps other entities, so detect can refuse them', () => {
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=opportunity&id=${DANA}`)?.entity).toBe('opportunity');
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=new_project&id=${DANA}`)?.entity).toBe('new_project');
  });

  it('rejects views, dashboards, new-record forms and bad GUIDs', () => {
    expect(parse(`${ORG}/main.aspx?appid=${APP_ID}&pagetype=entitylist&etn=contact`)).toBeNull();
    expect(parse(`${ORG}/main.aspx?appid=${APP_ID}&pagetype=dashboard&id=${DANA}`)).toBeNull();
    expect(parse(`${ORG}/main.aspx?appid=${APP_ID}&pagetype=entityrecord&etn=contact`)).toBeNull();
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=contact&id=not-a-guid`)).toBeNull();
    expect(parse(`${ORG}/main.aspx?pagetype=entityrecord&etn=contact&id=${DANA}x`)).toBeNull();
    expect(parse(`${ORG}/api/data/v9.2/contacts(${DANA})`)).toBeNull();
  });
});

describe('Dynamics hosts', () => {
  it('matches CRM hosts in every region, not other Dynamics products', () => {
    expect(dynamics.matchesHost(new URL(`${ORG}/main.aspx`))).toBe(true);
    expect(isDynamicsHost(new URL('https://northwind.crm4.dynamics.com/'))).toBe(true);
    expect(isDynamicsHost(new URL('https://northwind-uat.crm11.dynamics.com/'))).toBe(true);
    expect(isDynamicsHost(new URL('https://northwind.operations.dynamics.com/'))).toBe(false);
    expect(isDynamicsHost(new URL('https://home.dynamics.com/'))).toBe(false);
    expect(isDynamicsHost(new URL('https://northwind.crm.dynamics.com.attacker.example/'))).toBe(false);
    expect(isDynamicsHost(new URL('http://northwind.crm.dynamics.com/'))).toBe(false);
    // One pattern per Dataverse region, never the whole dynamics.com domain; each one an accepted host.
    for (const pattern of dynamics.hostPatterns) expect(pattern).toMatch(/^https:\/\/\*\.crm\d{0,2}\.dynamics\.com\/\*$/);
    for (const region of DYNAMICS_CRM_REGIONS) expect(isDynamicsHost(new URL(`https://northwind.${region}.dynamics.com/`))).toBe(true);
  });
});

describe('dynamics.detect on the Unified Interface fixture', () => {
  it('says "loading" until the form renders, then reads the contact from the live input value', async () => {
    const page = openDynamics(recordPath('contact', DANA.toUpperCase()));
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'dynamics', objectType: 'contact', recordId: DANA } },
      settled: false,
    });
    await page.rendered();
    const input = page.doc.querySelector('[data-id="emailaddress1.fieldControl-mail-text-input"]');
    expect(input?.hasAttribute('value')).toBe(false); // React sets the property only
    expect(page.detect()).toEqual(DANA_READ);
  });

  it("never takes the parent account's, the user's or a correspondent's address", async () => {
    const page = openDynamics(recordPath('contact', TOM));
    await page.rendered();
    const quickView = page.doc.querySelector<HTMLInputElement>('[data-id="contactquickform_account_emailaddress1.fieldControl-mail-text-input"]');
    expect(quickView?.value).toBe('post@fjordbakery.no');
    expect(page.doc.body.textContent).toContain(page.fixture.owner.email);
    expect(page.detect()?.ref).toMatchObject({ emails: ['tom.berg@fjordbakery.no'], name: 'Tom Berg', company: 'Fjord Bakery' });
  });

  it('follows the query string to the next record without a reload', async () => {
    const page = openDynamics(recordPath('contact', DANA));
    await page.rendered();
    page.click(`a[data-cuecard-test-nav][href*="${MARCUS}"]`);
    expect(new URL(page.win.location.href).searchParams.get('id')).toBe(MARCUS);
    expect(page.detect()).toMatchObject({ settled: false, ref: { emails: [], crm: { recordId: MARCUS } } });
    await page.rendered();
    expect(page.detect()).toMatchObject({ settled: true, ref: { name: 'Marcus Oyelaran', emails: ['marcus.oyelaran@northwind-logistics.com'] } });
    page.win.history.back();
    await page.rendered();
    expect(page.detect()?.ref.emails).toEqual(['dana.whitfield@northwind-logistics.com']);
  });

  it('reads a lead and its company on a regional host', async () => {
    const page = openDynamics(recordPath('lead', PRIYA), 'https://northwind.crm4.dynamics.com');
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: {
        emails: ['priya.raman@helixbio.io'],
        crm: { system: 'dynamics', objectType: 'lead', recordId: PRIYA },
        name: 'Priya Raman',
        company: 'Helix Biotech',
      },
      settled: true,
    });
  });

  it("reads an account's website as its domain, not its shared inbox nor its contacts", async () => {
    const page = openDynamics(recordPath('account', NORTHWIND));
    await page.rendered();
    expect(page.doc.querySelectorAll('[data-id="Contacts-pcf_grid_control_container"] a[href^="mailto:"]')).toHaveLength(2);
    expect(page.detect()).toEqual({
      ref: {
        emails: [],
        crm: { system: 'dynamics', objectType: 'account', recordId: NORTHWIND },
        name: 'Northwind Logistics',
        company: 'Northwind Logistics',
        domain: 'northwind-logistics.com',
      },
      settled: true,
    });
  });

  it('settles with no email when the record is unavailable', async () => {
    const missing = '00000000-1111-2222-3333-444444444444';
    const page = openDynamics(recordPath('contact', missing));
    expect(page.detect()?.settled).toBe(false);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'dynamics', objectType: 'contact', recordId: missing } },
      settled: true,
    });
  });

  it('shows no sidebar on views and dashboards, full of emails as they are', async () => {
    const page = openDynamics(`/main.aspx?appid=${APP_ID}&pagetype=entitylist&etn=contact`);
    await page.rendered();
    expect(page.doc.querySelectorAll('a[href^="mailto:"]').length).toBeGreaterThan(2);
    expect(page.detect()).toBeNull();
    page.click('a[data-cuecard-test-nav][href*="pagetype=dashboard"]');
    expect(page.detect()).toBeNull();
  });

  it('shows no sidebar on other entities', () => {
    expect(openDynamics(`/main.aspx?pagetype=entityrecord&etn=opportunity&id=${DANA}`).detect()).toBeNull();
  });

  it('never throws, even on a document it cannot query', () => {
    const broken = {
      querySelectorAll: () => {
        throw new Error('markup changed');
      },
    } as unknown as Document;
    const url = new URL(`${ORG}${recordPath('contact', DANA)}`);
    expect(() => dynamics.detect(broken, url)).not.toThrow();
    expect(dynamics.detect(broken, url)?.ref.crm?.recordId).toBe(DANA);
  });
});

describe('dynamics.detect with another email control (fixture variant)', () => {
  it('reads the email by the control-id prefix, not the parent account\'s quick view or the timeline', () => {
    const url = `${ORG}${recordPath('contact', DANA)}`;
    const doc = variantAt('dynamics', 'contact-email-link-control.html', url);
    expect(doc.querySelector('[data-id="emailaddress1.fieldControl-mail-text-input"], [data-id="emailaddress1.fieldControl-text-box-text"]')).toBeNull();
    expect(dynamics.detect(doc, new URL(url))).toEqual(DANA_READ);
  });
});
