// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, documentAt, sleep, variantAt } from './fixture-window';
import {
  findActiveRecordView,
  isSalesforceHost,
  isSalesforceRecordId,
  objectTypeForRecordId,
  parseSalesforceUrl,
  salesforce,
} from '../../../lib/sites/salesforce';

const ORG = 'https://northwind-demo.lightning.force.com';
const DANA = '003Dn00000QxAbcIAF';
const MARCUS = '003Dn00000QxDefIAF';
const TOM = '003Dn00000QxZzzIAF';
const PRIYA = '00QDn00000Lm7PqMAJ';
const NORTHWIND = '001Dn00000AbCdeIAB';
const RENEWAL = '006Dn00000Op1QrIAJ';
const OWNER_EMAIL = 'sam.rep@cuecard-customer.com';
const ACTIVITY_EMAIL = 'jordan.lee@partnerco.example';

/** What the adapter reads on Dana's fully rendered record page; the degraded variant must read the same. */
const DANA_READ = {
  ref: {
    emails: ['dana.whitfield@northwind-logistics.com'],
    crm: { system: 'salesforce', objectType: 'Contact', recordId: DANA },
    name: 'Dana Whitfield',
    company: 'Northwind Logistics',
  },
  settled: true,
};


interface FixtureApi {
  navigate(path: string): void;
  headerDelayMs: number;
  settledAfterMs: number;
}

/** The fixture app shell at `path`, its own script running (Lightning's part). */
function openLightning(path: string) {
  const page = openFixture<FixtureApi>('salesforce', `${ORG}${path}`, '__cuecardSalesforceFixture');
  return {
    ...page,
    detect: () => salesforce.detect(page.doc, new URL(page.win.location.href)),
  };
}

/** A bare document for markup the fixture app does not produce. */
function documentFrom(html: string): Document {
  return documentAt(`${ORG}/`, html);
}

describe('parseSalesforceUrl', () => {
  const parse = (href: string) => parseSalesforceUrl(new URL(href));

  it('reads a Lightning contact URL with an 18-character id', () => {
    expect(parse(`${ORG}/lightning/r/Contact/${DANA}/view`)).toEqual({
      objectType: 'Contact',
      recordId: DANA,
      ui: 'lightning',
    });
  });

  it('reads 15-character ids, query strings, trailing slashes and a missing action', () => {
    expect(parse(`${ORG}/lightning/r/Contact/003Dn00000QxAbc/view`)?.recordId).toBe('003Dn00000QxAbc');
    expect(parse(`${ORG}/lightning/r/Lead/${PRIYA}/view?0.source=alohaHeader`)).toMatchObject({
      objectType: 'Lead',
      recordId: PRIYA,
    });
    expect(parse(`${ORG}/lightning/r/Account/${NORTHWIND}/view/`)?.objectType).toBe('Account');
    expect(parse(`${ORG}/lightning/r/Opportunity/${RENEWAL}`)?.objectType).toBe('Opportunity');
    expect(parse(`${ORG}/lightning/r/contact/${DANA}/view`)?.objectType).toBe('Contact');
  });

  it('infers the object from the key prefix when the URL has none', () => {
    expect(parse(`${ORG}/lightning/r/${PRIYA}/view`)).toMatchObject({ objectType: 'Lead', recordId: PRIYA });
    expect(parse(`${ORG}/lightning/r/${DANA}/view`)?.objectType).toBe('Contact');
    expect(parse(`${ORG}/lightning/r/${NORTHWIND}/view`)?.objectType).toBe('Account');
    expect(parse(`${ORG}/lightning/r/${RENEWAL}/view`)?.objectType).toBe('Opportunity');
    // A case (500) without the object in the URL: nothing to say what it is.
    expect(parse(`${ORG}/lightning/r/500Dn00000CsAbcIAB/view`)).toBeNull();
  });

  it('keeps other objects as written, so detect can refuse them', () => {
    expect(parse(`${ORG}/lightning/r/Case/500Dn00000CsAbcIAB/view`)?.objectType).toBe('Case');
    expect(parse(`${ORG}/lightning/r/Invoice__c/a01Dn00000InVoiIAB/view`)?.objectType).toBe('Invoice__c');
  });

  it('rejects list views, home, setup, related-list pages and edit actions', () => {
    expect(parse(`${ORG}/lightning/o/Contact/list?filterName=Recent`)).toBeNull();
    expect(parse(`${ORG}/lightning/o/Contact/home`)).toBeNull();
    expect(parse(`${ORG}/lightning/page/home`)).toBeNull();
    expect(parse(`${ORG}/lightning/setup/SetupOneHome/home`)).toBeNull();
    expect(parse(`${ORG}/lightning/r/Contact/${DANA}/related/Opportunities/view`)).toBeNull();
    expect(parse(`${ORG}/lightning/r/Contact/${DANA}/edit`)).toBeNull();
  });

  it('rejects strings that are not record ids', () => {
    expect(parse(`${ORG}/lightning/r/Contact/ABCDEFGHIJKLMNOPQR/view`)).toBeNull(); // no digit
    expect(parse(`${ORG}/lightning/r/Contact/003Dn00000QxAbcI/view`)).toBeNull(); // 16 characters
    expect(parse(`${ORG}/lightning/r/Contact/000000000000000AAA/view`)).toBeNull(); // 000 is not a record
  });

  it('reads pre-2018 one.app hash routes, plain and base64', () => {
    expect(parse(`${ORG}/one/one.app#/sObject/${DANA}/view`)).toMatchObject({ objectType: 'Contact', recordId: DANA });
    const hash = btoa(JSON.stringify({ componentDef: 'one:recordHome', attributes: { recordId: PRIYA, actionName: 'view' } }));
    expect(parse(`${ORG}/one/one.app#${hash}`)).toMatchObject({ objectType: 'Lead', recordId: PRIYA });
    expect(parse(`${ORG}/one/one.app#/home`)).toBeNull();
  });

  it('reads Classic record URLs on My Domain hosts only', () => {
    expect(parse(`https://northwind-demo.my.salesforce.com/003Dn00000QxAbc`)).toEqual({
      objectType: 'Contact',
      recordId: '003Dn00000QxAbc',
      ui: 'classic',
    });
    expect(parse(`https://northwind-demo.my.salesforce.com/home/home.jsp`)).toBeNull();
    expect(parse(`${ORG}/003Dn00000QxAbc`)).toBeNull();
  });
});

describe('record ids and hosts', () => {
  it('knows the key prefixes of the objects it reads, case-sensitively', () => {
    expect(objectTypeForRecordId(PRIYA)).toBe('Lead');
    expect(objectTypeForRecordId('00qDn00000Lm7PqMAJ')).toBeUndefined();
    expect(isSalesforceRecordId(DANA)).toBe(true);
    expect(isSalesforceRecordId('dana.whitfield')).toBe(false);
  });

  it('matches Lightning, sandbox, My Domain and Defender-proxied hosts, nothing else', () => {
    const matches = (href: string) => salesforce.matchesHost(new URL(href));
    expect(matches(`${ORG}/lightning/page/home`)).toBe(true);
    expect(matches('https://northwind--uat.sandbox.lightning.force.com/lightning/page/home')).toBe(true);
    expect(matches('https://northwind.my.salesforce.com/003Dn00000QxAbc')).toBe(true);
    expect(matches('https://northwind.lightning.force.com.mcas.ms/lightning/page/home')).toBe(true);
    expect(matches('https://lightning.force.com.attacker.example/')).toBe(false);
    expect(matches('https://northwind.my.site.com/s/')).toBe(false);
    expect(matches('http://northwind.lightning.force.com/')).toBe(false);
    expect(isSalesforceHost(new URL('https://mail.google.com/'))).toBe(false);
    for (const pattern of salesforce.hostPatterns) expect(pattern).toMatch(/^https:\/\/\*\.[a-z.]+\/\*$/);
  });
});

describe('salesforce.detect on the Lightning fixture', () => {
  it('says "loading" with no email until the record fields render, then reads the contact', async () => {
    const page = openLightning(`/lightning/r/Contact/${DANA}/view`);
    const atLoad = page.detect();
    expect(atLoad).toEqual({
      ref: { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: DANA } },
      settled: false,
    });

    await sleep(page.fixture.headerDelayMs + 150);
    const headerOnly = page.detect();
    expect(headerOnly?.settled).toBe(false);
    expect(headerOnly?.ref.emails).toEqual([]);
    expect(headerOnly?.ref.name).toBe('Dana Whitfield');

    await page.rendered();
    expect(page.detect()).toEqual(DANA_READ);
  });

  it("never takes the owner's or an activity correspondent's email for the contact's", async () => {
    const page = openLightning(`/lightning/r/Contact/${DANA}/view`);
    await page.rendered();
    // The trap is really there: the active view shows three addresses.
    const view = findActiveRecordView(page.doc)!;
    const shown = Array.from(view.querySelectorAll('a[href^="mailto:"]')).map((a) => a.getAttribute('href'));
    expect(shown).toEqual(expect.arrayContaining([`mailto:${OWNER_EMAIL}`, `mailto:${ACTIVITY_EMAIL}`]));
    expect(page.detect()?.ref.emails).toEqual(['dana.whitfield@northwind-logistics.com']);
  });

  it('after in-app navigation reads the new record, not the hidden previous one', async () => {
    const page = openLightning(`/lightning/r/Contact/${DANA}/view`);
    await page.rendered();
    page.click(`a[data-cuecard-test-nav][href="/lightning/r/Contact/${MARCUS}/view"]`);

    expect(page.win.location.pathname).toBe(`/lightning/r/Contact/${MARCUS}/view`);
    // Dana's view is still in the DOM, hidden, with her email field rendered.
    const hidden = page.doc.querySelectorAll('.oneContent:not(.active) [data-target-selection-name="sfdc:RecordField.Contact.Email"]');
    expect(hidden).toHaveLength(1);
    const whileLoading = page.detect();
    expect(whileLoading?.settled).toBe(false);
    expect(whileLoading?.ref.emails).toEqual([]);
    expect(whileLoading?.ref.crm?.recordId).toBe(MARCUS);

    await page.rendered();
    const marcus = page.detect();
    expect(marcus?.settled).toBe(true);
    expect(marcus?.ref.emails).toEqual(['marcus.oyelaran@northwind-logistics.com']);
    expect(marcus?.ref.name).toBe('Marcus Oyelaran');
    expect(page.doc.querySelectorAll('.oneContent')).toHaveLength(2);
  });

  it('going back shows the cached record view at once, and it is read again', async () => {
    const page = openLightning(`/lightning/r/Contact/${DANA}/view`);
    await page.rendered();
    page.fixture.navigate(`/lightning/r/Contact/${TOM}/view`);
    await page.rendered();
    expect(page.detect()?.ref).toMatchObject({ emails: ['tom.berg@fjordbakery.no'], company: 'Fjord Bakery' });

    page.fixture.navigate(`/lightning/r/Contact/${DANA}/view`);
    expect(page.detect()).toMatchObject({ settled: true, ref: { emails: ['dana.whitfield@northwind-logistics.com'] } });
  });

  it('reads a lead with its plus-tagged address and company, also from the id-only URL', async () => {
    const page = openLightning(`/lightning/r/${PRIYA}/view`);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: {
        emails: ['priya.raman+sfdc@helixbio.io'],
        crm: { system: 'salesforce', objectType: 'Lead', recordId: PRIYA },
        name: 'Priya Raman',
        company: 'Helix Biotech',
      },
      settled: true,
    });
  });

  it("reads an account's website as its domain and no person's email", async () => {
    const page = openLightning(`/lightning/r/Account/${NORTHWIND}/view`);
    expect(page.detect()?.settled).toBe(false);
    await page.rendered();
    // The Contacts related list on the page shows Dana's and Marcus's addresses.
    expect(page.doc.querySelectorAll('.oneContent.active lightning-formatted-email')).toHaveLength(2);
    expect(page.detect()).toEqual({
      ref: {
        emails: [],
        crm: { system: 'salesforce', objectType: 'Account', recordId: NORTHWIND },
        name: 'Northwind Logistics',
        company: 'Northwind Logistics',
        domain: 'northwind-logistics.com',
      },
      settled: true,
    });
  });

  it("reads an opportunity's account and its primary contact role, not the first one listed", async () => {
    const page = openLightning(`/lightning/r/Opportunity/${RENEWAL}/view`);
    await page.rendered();
    const detection = page.detect();
    expect(detection?.settled).toBe(true);
    expect(detection?.ref.company).toBe('Northwind Logistics');
    expect(detection?.ref.emails).toEqual(['dana.whitfield@northwind-logistics.com']);
  });

  it('settles with no email on a record Lightning cannot show', async () => {
    const page = openLightning('/lightning/r/Contact/003Dn00000QxNopIAF/view');
    expect(page.detect()?.settled).toBe(false);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxNopIAF' } },
      settled: true,
    });
  });

  it('shows no sidebar on the contact list view, though it is full of emails', async () => {
    const page = openLightning('/lightning/o/Contact/list');
    await page.rendered();
    expect(page.doc.querySelectorAll('.oneContent.active a[href^="mailto:"]').length).toBeGreaterThan(2);
    expect(page.detect()).toBeNull();
    page.click('a[data-cuecard-test-nav][href="/lightning/page/home"]');
    expect(page.detect()).toBeNull();
  });

  it('shows no sidebar on records of other objects', () => {
    const page = openLightning('/lightning/r/Case/500Dn00000CsAbcIAB/view');
    expect(page.detect()).toBeNull();
  });
});

describe('salesforce.detect when the field API names are missing (fixture variant)', () => {
  it('reads the email and the account by the layout items\' labels, not the owner\'s or a correspondent\'s', () => {
    const url = `${ORG}/lightning/r/Contact/${DANA}/view`;
    const doc = variantAt('salesforce', 'contact-without-api-names.html', url);
    expect(doc.querySelector('.oneContent.active [data-target-selection-name]')).toBeNull();
    expect(salesforce.detect(doc, new URL(url))).toEqual(DANA_READ);
  });
});

describe('salesforce.detect on markup the fixture app does not produce', () => {
  const detectAt = (doc: Document, path: string) => salesforce.detect(doc, new URL(`${ORG}${path}`));
  const emailItem = (email: string) =>
    `<records-record-layout-item data-target-selection-name="sfdc:RecordField.Contact.Email">
       <lightning-formatted-email><a href="mailto:${email}">${email}</a></lightning-formatted-email>
     </records-record-layout-item>`;

  it('in a console app, reads the focused workspace tab only', () => {
    const doc = documentFrom(`
      <section class="tabContent oneConsoleTab">
        <div class="windowViewMode-maximized oneContent active lafPageHost">${emailItem('background.tab@example.com')}</div>
      </section>
      <section class="tabContent active oneConsoleTab">
        <div class="windowViewMode-maximized oneContent active lafPageHost">${emailItem('Focused.Tab@Example.com')}</div>
      </section>`);
    expect(detectAt(doc, `/lightning/r/Contact/${DANA}/view`)?.ref.emails).toEqual(['focused.tab@example.com']);
  });

  it('falls back to the compact layout email of the highlights panel', () => {
    const doc = documentFrom(`
      <div class="windowViewMode-normal oneContent active lafPageHost">
        <records-highlights2>
          <h1><slot name="primaryField"><lightning-formatted-name>Dana Whitfield</lightning-formatted-name></slot></h1>
          <records-highlights-details-item><p title="Email">Email</p>
            <lightning-formatted-email><a href="mailto:dana.whitfield@northwind-logistics.com">dana</a></lightning-formatted-email>
          </records-highlights-details-item>
        </records-highlights2>
      </div>`);
    expect(detectAt(doc, `/lightning/r/Contact/${DANA}/view`)).toMatchObject({
      settled: true,
      ref: { emails: ['dana.whitfield@northwind-logistics.com'], name: 'Dana Whitfield' },
    });
  });

  it('never throws, even on a document it cannot query', () => {
    const broken = {
      querySelector: () => {
        throw new Error('markup changed');
      },
    } as unknown as Document;
    expect(() => detectAt(broken, `/lightning/r/Contact/${DANA}/view`)).not.toThrow();
    expect(detectAt(broken, `/lightning/r/Contact/${DANA}/view`)?.ref.crm?.recordId).toBe(DANA);
  });

  it('on Classic record pages, gives the record id', () => {
    const doc = documentFrom('<h2 class="pageDescription">Dana Whitfield</h2>');
    const detection = salesforce.detect(doc, new URL('https://northwind.my.salesforce.com/003Dn00000QxAbc'));
    expect(detection).toEqual({
      ref: { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxAbc' } },
      settled: true,
    });
  });
});
