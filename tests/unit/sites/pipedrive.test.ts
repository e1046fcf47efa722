// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, variantAt } from './fixture-window';
import { isPipedriveHost, parsePipedriveUrl, pipedrive } from '../../../lib/sites/pipedrive';

const APP = 'https://northwind-sales.pipedrive.com';
const DANA = '1042';
const MARCUS = '1043';
const TOM = '1045';
const DEAL = '311';
const LEAD = '5f3a9c2e-7b1d-4e8a-9c6f-2d4b8e1a7c30';

/** What the adapter reads on Dana's fully rendered record page; the degraded variant must read the same. */
const DANA_READ = {
  ref: {
    emails: ['dana.whitfield@northwind-logistics.com', 'dana.w.home@example.net'],
    crm: { system: 'pipedrive', objectType: 'person', recordId: DANA },
    name: 'Dana Whitfield',
    company: 'Northwind Logistics',
  },
  settled: true,
};


interface FixtureApi {
  navigate(path: string): void;
  detailDelayMs: number;
  owner: { email: string };
  correspondentEmail: string;
}

function openPipedrive(path: string) {
  const page = openFixture<FixtureApi>('pipedrive', `${APP}${path}`, '__cuecardPipedriveFixture');
  return {
    ...page,
    detect: () => pipedrive.detect(page.doc, new URL(page.win.location.href)),
  };
}

describe('parsePipedriveUrl', () => {
  const parse = (href: string) => parsePipedriveUrl(new URL(href));

  it('reads person, deal and organization URLs', () => {
    expect(parse(`${APP}/person/${DANA}`)).toEqual({ objectType: 'person', recordId: DANA });
    expect(parse(`${APP}/deal/${DEAL}/`)).toEqual({ objectType: 'deal', recordId: DEAL });
    expect(parse(`${APP}/organization/77?tab=people`)).toEqual({ objectType: 'organization', recordId: '77' });
    expect(parse(`https://app.pipedrive.com/person/${DANA}#activity`)?.recordId).toBe(DANA);
  });

  it('reads a lead in the Leads Inbox by its UUID, lowercased', () => {
    expect(parse(`${APP}/leads/inbox/${LEAD.toUpperCase()}`)).toEqual({ objectType: 'lead', recordId: LEAD });
    expect(parse(`${APP}/leads/inbox`)).toBeNull();
    expect(parse(`${APP}/leads/inbox/not-a-uuid`)).toBeNull();
  });

  it('rejects lists, pipelines, settings and non-numeric ids', () => {
    expect(parse(`${APP}/persons/list/user/everyone`)).toBeNull();
    expect(parse(`${APP}/pipeline/1/user/everyone`)).toBeNull();
    expect(parse(`${APP}/deals/list`)).toBeNull();
    expect(parse(`${APP}/settings/personal`)).toBeNull();
    expect(parse(`${APP}/person/dana`)).toBeNull();
    expect(parse(`${APP}/person/${DANA}/edit`)).toBeNull();
  });
});

describe('Pipedrive hosts', () => {
  it("matches a company's app host, not Pipedrive's own sites", () => {
    expect(pipedrive.matchesHost(new URL(`${APP}/person/${DANA}`))).toBe(true);
    expect(isPipedriveHost(new URL('https://app.pipedrive.com/'))).toBe(true);
    expect(isPipedriveHost(new URL('https://www.pipedrive.com/en/features'))).toBe(false);
    expect(isPipedriveHost(new URL('https://developers.pipedrive.com/docs'))).toBe(false);
    expect(isPipedriveHost(new URL('https://pipedrive.com/'))).toBe(false);
    expect(isPipedriveHost(new URL('https://acme.pipedrive.com.attacker.example/'))).toBe(false);
    expect(isPipedriveHost(new URL('http://acme.pipedrive.com/'))).toBe(false);
    for (const pattern of pipedrive.hostPatterns) expect(pattern).toMatch(/^https:\/\/\*\.[a-z.]+\/\*$/);
  });
});

describe('pipedrive.detect on the Pipedrive fixture', () => {
  it('says "loading" until the person renders, then gives all their addresses, primary first', async () => {
    const page = openPipedrive(`/person/${DANA}`);
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'pipedrive', objectType: 'person', recordId: DANA } },
      settled: false,
    });
    await page.rendered();
    expect(page.detect()).toEqual(DANA_READ);
  });

  it("never takes the rep's or a correspondent's address", async () => {
    const page = openPipedrive(`/person/${TOM}`);
    await page.rendered();
    const shown = page.doc.body.textContent ?? '';
    expect(shown).toContain(page.fixture.owner.email);
    expect(shown).toContain(page.fixture.correspondentEmail);
    expect(page.detect()?.ref.emails).toEqual(['tom.berg@fjordbakery.no']);
  });

  it('after in-app navigation reads the new person, not the hidden previous view', async () => {
    const page = openPipedrive(`/person/${DANA}`);
    await page.rendered();
    page.click(`a[data-cuecard-test-nav][href="/person/${MARCUS}"]`);
    expect(page.win.location.pathname).toBe(`/person/${MARCUS}`);
    // Dana's view is still in the DOM, hidden by an inline style, her addresses in it.
    const hidden = page.doc.querySelector('.viewContainer[style*="none"]');
    expect(hidden?.querySelector('a[href="mailto:dana.whitfield@northwind-logistics.com"]')).not.toBeNull();
    expect(page.detect()).toMatchObject({ settled: false, ref: { emails: [], crm: { recordId: MARCUS } } });
    await page.rendered();
    expect(page.detect()).toMatchObject({
      settled: true,
      ref: { name: 'Marcus Oyelaran', emails: ['marcus.oyelaran@northwind-logistics.com'] },
    });
    page.win.history.back();
    await page.rendered();
    expect(page.detect()?.ref.emails[0]).toBe('dana.whitfield@northwind-logistics.com');
  });

  it("reads a deal's Person block, not the participant listed first", async () => {
    const page = openPipedrive(`/deal/${DEAL}`);
    await page.rendered();
    const mailLinks = Array.from(page.doc.querySelectorAll('.viewContainer a[href^="mailto:"]')).map((a) => a.getAttribute('href'));
    expect(mailLinks[0]).toBe('mailto:marcus.oyelaran@northwind-logistics.com');
    expect(page.detect()).toEqual({
      ref: {
        emails: ['dana.whitfield@northwind-logistics.com', 'dana.w.home@example.net'],
        crm: { system: 'pipedrive', objectType: 'deal', recordId: DEAL },
        name: 'Fleet Telematics Renewal deal',
        company: 'Northwind Logistics',
      },
      settled: true,
    });
  });

  it('settles with no email on a person Pipedrive cannot show', async () => {
    const page = openPipedrive('/person/9999');
    expect(page.detect()?.settled).toBe(false);
    await page.rendered();
    expect(page.detect()).toEqual({
      ref: { emails: [], crm: { system: 'pipedrive', objectType: 'person', recordId: '9999' } },
      settled: true,
    });
  });

  it('shows no sidebar on the persons list or the pipeline', async () => {
    const page = openPipedrive('/persons/list/user/everyone');
    await page.rendered();
    expect(page.doc.querySelectorAll('a[href^="mailto:"]').length).toBeGreaterThan(2);
    expect(page.detect()).toBeNull();
    page.fixture.navigate('/pipeline/1');
    expect(page.detect()).toBeNull();
  });

  it('shows no sidebar on organizations and leads (not read yet)', () => {
    expect(openPipedrive('/organization/77').detect()).toBeNull();
    expect(openPipedrive(`/leads/inbox/${LEAD}`).detect()).toBeNull();
  });

  it('never throws, even on a document it cannot query', () => {
    const broken = {
      querySelectorAll: () => {
        throw new Error('markup changed');
      },
      querySelector: () => {
        throw new Error('markup changed');
      },
    } as unknown as Document;
    const url = new URL(`${APP}/person/${DANA}`);
    expect(() => pipedrive.detect(broken, url)).not.toThrow();
    expect(pipedrive.detect(broken, url)?.ref.crm?.recordId).toBe(DANA);
  });
});

describe('pipedrive.detect when the field list lost its class (fixture variant)', () => {
  it('reads the person\'s addresses by their email-value hook, primary first, not the history\'s', () => {
    const url = `${APP}/person/${DANA}`;
    const doc = variantAt('pipedrive', 'person-renamed-field-list.html', url);
    expect(doc.querySelector('.viewContainer:not([style]) .fieldsList')).toBeNull();
    expect(pipedrive.detect(doc, new URL(url))).toEqual(DANA_READ);
  });
});
