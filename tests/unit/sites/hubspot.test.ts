// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, documentAt, sleep, variantAt } from './fixture-window';
import { HUBSPOT_APP_HOSTS, hubspot, isHubSpotHost, parseHubSpotUrl } from '../../../lib/sites/hubspot';

const APP = 'https://app.hubspot.com';
const PORTAL = '4821337';
const DANA = '51234001';
const MARCUS = '51234002';
const PRIYA = '51234003';
const TOM = '51234004';
const NORTHWIND = '9100001';
const RENEWAL = '7700001';
const contactPath = (id: string) => `/contacts/${PORTAL}/record/0-1/${id}`;

/** What the adapter reads on Dana's fully rendered record page; the degraded variant must read the same. */
const DANA_READ = {
  ref: {
    emails: ['dana.whitfield@northwind-logistics.com'],
    crm: { system: 'hubspot', objectType: 'contact', recordId: DANA, portal: PORTAL },
    name: 'Dana Whitfield',
    company: 'Northwind Logistics',
  },
  settled: true,
};


interface FixtureApi {
  navigate(path: string): void;
  openPreview(id: string): void;
  recordDelayMs: number;
  sideDelayMs: number;
  owner: { email: string };
  correspondentEmail: string;
}

/** The fixture app shell at `path` on `origin`, its own script playing HubSpot. */
function openHubSpot(path: string, origin = APP) {
  const page = openFixture<FixtureApi>('hubspot', `${origin}${path}`, '__cuecardHubSpotFixture');
  return {
    ...page,
    detect: () => hubspot.detect(page.doc, new URL(page.win.location.href)),
  };
}

function documentFrom(html: string): Document {
  return documentAt(`${APP}/`, html);
}

describe('parseHubSpotUrl', () => {
  const parse = (href: string) => parseHubSpotUrl(new URL(href));

  it('reads contact, company and deal record URLs by object type id', () => {
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-1/${DANA}`)).toEqual({ portalId: PORTAL, objectType: 'contact', recordId: DANA });
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-2/${NORTHWIND}`)?.objectType).toBe('company');
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-3/${RENEWAL}`)?.objectType).toBe('deal');
  });

  it('keeps tab routes, query strings and trailing slashes of a record', () => {
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-1/${DANA}/`)?.recordId).toBe(DANA);
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-1/${DANA}/view/1?interaction=note`)?.recordId).toBe(DANA);
    expect(parse(`https://app-eu1.hubspot.com/contacts/${PORTAL}/record/0-1/${DANA}?eschref=%2Fcontacts`)?.objectType).toBe('contact');
  });

  it('reads the legacy contact/company/deal URLs', () => {
    expect(parse(`${APP}/contacts/${PORTAL}/contact/${PRIYA}`)).toEqual({ portalId: PORTAL, objectType: 'contact', recordId: PRIYA });
    expect(parse(`${APP}/contacts/${PORTAL}/company/${NORTHWIND}/`)?.objectType).toBe('company');
    expect(parse(`${APP}/contacts/${PORTAL}/deal/${RENEWAL}`)?.objectType).toBe('deal');
  });

  it('keeps other objects as their type id, so detect can refuse them', () => {
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-5/123`)?.objectType).toBe('0-5'); // ticket
    expect(parse(`${APP}/contacts/${PORTAL}/record/2-3456789/42`)?.objectType).toBe('2-3456789'); // custom object
  });

  it('rejects index pages, dashboards, settings and malformed ids', () => {
    expect(parse(`${APP}/contacts/${PORTAL}/objects/0-1/views/all/list`)).toBeNull();
    expect(parse(`${APP}/contacts/${PORTAL}/contacts/list/view/all/`)).toBeNull();
    expect(parse(`${APP}/reports-dashboard/${PORTAL}/view/1180`)).toBeNull();
    expect(parse(`${APP}/settings/${PORTAL}/user-preferences/profile`)).toBeNull();
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-1/abc`)).toBeNull();
    expect(parse(`${APP}/contacts/${PORTAL}/record/0-1`)).toBeNull();
  });
});

describe('HubSpot hosts', () => {
  it('matches the app hosts of every data centre, nothing else', () => {
    const matches = (href: string) => hubspot.matchesHost(new URL(href));
    expect(matches(`${APP}/contacts/${PORTAL}/record/0-1/${DANA}`)).toBe(true);
    expect(matches('https://app-eu1.hubspot.com/')).toBe(true);
    expect(matches('https://app-na2.hubspot.com/')).toBe(true);
    expect(matches('https://www.hubspot.com/products/crm')).toBe(false);
    expect(matches('https://knowledge.hubspot.com/')).toBe(false);
    expect(matches('https://app.hubspot.com.attacker.example/')).toBe(false);
    expect(matches('http://app.hubspot.com/')).toBe(false);
    expect(isHubSpotHost(new URL('https://api.hubapi.com/'))).toBe(false);
    // The app hosts one by one (never www, blog or knowledge), each one an accepted host.
    for (const pattern of hubspot.hostPatterns) expect(pattern).toMatch(/^https:\/\/app(-[a-z]{2}\d)?\.hubspot\.com\/\*$/);
    for (const host of HUBSPOT_APP_HOSTS) expect(isHubSpotHost(new URL(`https://${host}/contacts/1/record/0-1/2`))).toBe(true);
  });
});

describe('hubspot.detect on the HubSpot fixture', () => {
  it('says "loading" while the associations and timeline show, then reads the contact', async () => {
    const page = openHubSpot(contactPath(DANA));
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'hubspot', objectType: 'contact', recordId: DANA, portal: PORTAL } },
      settled: false,
    });

    await sleep(page.fixture.sideDelayMs + 100);
    // Other people's addresses are on the page already; the contact's column is not.
    expect(page.doc.querySelectorAll('[data-test-id="middle-pane"] a[href^="mailto:"]').length).toBeGreaterThan(0);
    expect(page.detect()).toMatchObject({ settled: false, ref: { emails: [] } });

    await page.rendered();
    expect(page.detect()).toEqual(DANA_READ);
  });

  it("never takes the owner's, the account menu's or a correspondent's email", async () => {
    const page = openHubSpot(contactPath(TOM));
    await page.rendered();
    const everywhere = page.doc.body.textContent ?? '';
    expect(everywhere).toContain(page.fixture.owner.email);
    expect(everywhere).toContain(page.fixture.correspondentEmail);
    expect(page.detect()?.ref.emails).toEqual(['tom.berg@fjordbakery.no']);
  });

  it('reads the header email when the About card has no Email property', async () => {
    const page = openHubSpot(contactPath(DANA));
    await page.rendered();
    page.doc.querySelector('[data-selenium-test="property-input-email"]')?.closest('.property')?.remove();
    // The header glues "Copy" right after the address; the email must come out clean.
    expect(page.doc.querySelector('[data-selenium-test="contact-highlight-details"]')?.textContent).toContain('.comCopy');
    expect(page.detect()?.ref.emails).toEqual(['dana.whitfield@northwind-logistics.com']);
  });

  it('ignores a preview panel of another contact mounted before the page', async () => {
    const page = openHubSpot(`/contacts/${PORTAL}/record/0-2/${NORTHWIND}`);
    await page.rendered();
    page.fixture.navigate(contactPath(DANA));
    await page.rendered();
    page.fixture.openPreview(MARCUS);
    const titles = Array.from(page.doc.querySelectorAll('[data-selenium-test="highlightTitle"]')).map((el) => el.textContent);
    expect(titles).toEqual(['Marcus Oyelaran', 'Dana Whitfield']);
    expect(page.detect()?.ref).toMatchObject({ name: 'Dana Whitfield', emails: ['dana.whitfield@northwind-logistics.com'] });
  });

  it('follows in-app navigation to the next contact without a reload', async () => {
    const page = openHubSpot(contactPath(DANA));
    await page.rendered();
    page.click(`a[data-cuecard-test-nav][href="${contactPath(MARCUS)}"]`);
    expect(page.win.location.pathname).toBe(contactPath(MARCUS));
    const whileLoading = page.detect();
    expect(whileLoading).toMatchObject({ settled: false, ref: { emails: [], crm: { recordId: MARCUS } } });
    await page.rendered();
    expect(page.detect()).toMatchObject({ settled: true, ref: { name: 'Marcus Oyelaran', emails: ['marcus.oyelaran@northwind-logistics.com'] } });
    page.win.history.back();
    await page.rendered();
    expect(page.detect()?.ref.emails).toEqual(['dana.whitfield@northwind-logistics.com']);
  });

  it('reads a contact opened by its legacy link on the EU data centre', async () => {
    const page = openHubSpot(`/contacts/${PORTAL}/contact/${PRIYA}`, 'https://app-eu1.hubspot.com');
    await page.rendered();
    expect(page.win.location.pathname).toBe(contactPath(PRIYA));
    expect(page.detect()).toMatchObject({
      settled: true,
      ref: { emails: ['priya.raman@helixbio.io'], company: 'Helix Biotech', crm: { objectType: 'contact', recordId: PRIYA } },
    });
  });

  it("reads a company's domain and none of its contacts' emails", async () => {
    const page = openHubSpot(`/contacts/${PORTAL}/record/0-2/${NORTHWIND}`);
    await page.rendered();
    expect(page.doc.querySelector('[data-test-id="records-right-sidebar"]')?.textContent).toContain('dana.whitfield@');
    expect(page.detect()).toEqual({
      ref: {
        emails: [],
        crm: { system: 'hubspot', objectType: 'company', recordId: NORTHWIND, portal: PORTAL },
        name: 'Northwind Logistics',
        company: 'Northwind Logistics',
        domain: 'northwind-logistics.com',
      },
      settled: true,
    });
  });

  it("reads a deal's associated contacts' emails in order and its company", async () => {
    const page = openHubSpot(`/contacts/${PORTAL}/record/0-3/${RENEWAL}`);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: {
        emails: ['dana.whitfield@northwind-logistics.com', 'marcus.oyelaran@northwind-logistics.com'],
        crm: { system: 'hubspot', objectType: 'deal', recordId: RENEWAL, portal: PORTAL },
        name: 'Northwind Logistics - Fleet Telematics Renewal',
        company: 'Northwind Logistics',
      },
      settled: true,
    });
  });

  it('settles with no email on a record HubSpot cannot find', async () => {
    const page = openHubSpot(contactPath('59999999'));
    expect(page.detect()?.settled).toBe(false);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'hubspot', objectType: 'contact', recordId: '59999999', portal: PORTAL } },
      settled: true,
    });
  });

  it('shows no sidebar on index pages and dashboards, full of emails as they are', async () => {
    const page = openHubSpot(`/contacts/${PORTAL}/objects/0-1/views/all/list`);
    await page.rendered();
    expect(page.doc.querySelectorAll('a[href^="mailto:"]').length).toBeGreaterThan(2);
    expect(page.detect()).toBeNull();
    page.click('a[data-cuecard-test-nav][href^="/reports-dashboard/"]');
    await page.rendered();
    expect(page.detect()).toBeNull();
  });

  it('shows no sidebar on tickets and custom objects', () => {
    const page = openHubSpot(`/contacts/${PORTAL}/record/0-5/123`);
    expect(page.detect()).toBeNull();
  });
});

describe('hubspot.detect when the record column has no test ids (fixture variant)', () => {
  it('finds the column by the highlight title and reads its email, not the timeline\'s or the associations\'', () => {
    const url = `${APP}${contactPath(DANA)}`;
    const doc = variantAt('hubspot', 'contact-unmarked-sidebar.html', url);
    expect(doc.querySelector('[data-test-id="left-sidebar"], [data-scroll-trackable-container]')).toBeNull();
    expect(hubspot.detect(doc, new URL(url))).toEqual(DANA_READ);
  });

  it('while the properties are still loading, reads the name and the header email beside the title', () => {
    const doc = documentFrom(`
      <div class="column"><div data-test-id="timeline-email"><a href="mailto:jordan.lee@partnerco.example">Jordan</a></div></div>
      <div class="column"><div data-selenium-component="ProfileHighlightContainer">
        <span data-selenium-test="highlightTitle">Dana Whitfield</span>
        <div data-selenium-test="contact-highlight-details"><span>dana.whitfield@northwind-logistics.com</span><button>Copy</button></div>
      </div><div data-test-id="skeleton-loader" aria-busy="true"></div></div>`);
    expect(hubspot.detect(doc, new URL(`${APP}${contactPath(DANA)}`))).toMatchObject({
      settled: true,
      ref: { emails: ['dana.whitfield@northwind-logistics.com'], name: 'Dana Whitfield' },
    });
  });
});

describe('hubspot.detect on markup the fixture app does not produce', () => {
  it('reads an Email property while it is being edited (an input)', () => {
    const doc = documentFrom(`
      <div data-test-id="left-sidebar">
        <span data-selenium-test="highlightTitle">Dana Whitfield</span>
        <div data-selenium-test="profile-properties-list">
          <input data-selenium-test="property-input-email" value=" Dana.Whitfield@Northwind-Logistics.com ">
        </div>
      </div>`);
    expect(hubspot.detect(doc, new URL(`${APP}${contactPath(DANA)}`))).toMatchObject({
      settled: true,
      ref: { emails: ['dana.whitfield@northwind-logistics.com'], name: 'Dana Whitfield' },
    });
  });

  it('never throws, even on a document it cannot query', () => {
    const broken = {
      querySelectorAll: () => {
        throw new Error('markup changed');
      },
    } as unknown as Document;
    const url = new URL(`${APP}${contactPath(DANA)}`);
    expect(() => hubspot.detect(broken, url)).not.toThrow();
    expect(hubspot.detect(broken, url)?.ref.crm?.recordId).toBe(DANA);
  });
});
