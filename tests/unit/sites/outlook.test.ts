// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, documentAt, sleep, variantAt } from './fixture-window';
import {
  isOutlookHost,
  isOutlookMailPath,
  outlook,
  outlookComposeTarget,
  outlookItemIdFromPath,
  outlookUserAddresses,
} from '../../../lib/sites/outlook';
import type { DetectOptions } from '../../../lib/sites/types';
import { ALEX, DANA, MARCUS, PRIYA, SAM, TOM } from './mail-people';

const ORIGIN = 'https://outlook.office.com';


interface FixtureApi {
  conversationDelayMs: number;
  conversations: { id: string; path: string; subject: string }[];
  navigate(path: string): void;
  openNewMail(): HTMLElement;
}

function openOutlook(path: string, options: DetectOptions = {}, origin = ORIGIN) {
  const page = openFixture<FixtureApi>('outlook', `${origin}${path}`, '__cuecardOutlookFixture');
  return {
    ...page,
    detect: () => outlook.detect(page.doc, new URL(page.win.location.href), options),
    conversationRendered: () => sleep(page.fixture.conversationDelayMs + 100),
  };
}

/** Conversation paths of the fixture, in its order: Dana's, Priya's, Tom's. */
function paths(fixture: FixtureApi): [string, string, string] {
  return fixture.conversations.map((c) => c.path) as [string, string, string];
}

/** Types into a recipient well and presses Enter, as the rep does. */
function typeRecipient(well: HTMLElement, address: string) {
  well.focus();
  well.appendChild(well.ownerDocument.createTextNode(address));
  const view = well.ownerDocument.defaultView as unknown as typeof globalThis;
  well.dispatchEvent(new view.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
}

function documentFrom(html: string, title = 'Mail - Sam Rep - Outlook'): Document {
  return documentAt(`${ORIGIN}/mail/inbox`, html, title);
}

describe('Outlook URLs', () => {
  it('runs on the three Outlook on the web hosts, in the mail module only', () => {
    for (const host of ['outlook.office.com', 'outlook.office365.com', 'outlook.live.com', 'outlook.cloud.microsoft']) {
      expect(isOutlookHost(new URL(`https://${host}/mail/inbox`))).toBe(true);
    }
    expect(isOutlookHost(new URL('https://outlook.office.com.evil.example/mail/'))).toBe(false);
    expect(isOutlookHost(new URL('http://outlook.office.com/mail/'))).toBe(false);
    expect(isOutlookMailPath(new URL(`${ORIGIN}/mail/0/inbox`))).toBe(true);
    expect(isOutlookMailPath(new URL(`${ORIGIN}/calendar/view/week`))).toBe(false);
  });

  it('reads the item id of message URLs, and nothing from folder URLs', () => {
    expect(outlookItemIdFromPath('/mail/inbox/id/AAQkADAw%2FOl1eY1pS0%3D')).toBe('AAQkADAw/Ol1eY1pS0=');
    expect(outlookItemIdFromPath('/mail/0/inbox/id/AAQkADAw')).toBe('AAQkADAw');
    expect(outlookItemIdFromPath('/mail/sentitems/id/AAMkAGI2')).toBe('AAMkAGI2');
    expect(outlookItemIdFromPath('/mail/id/AAMkAGI2')).toBe('AAMkAGI2');
    expect(outlookItemIdFromPath('/mail/inbox')).toBeUndefined();
    expect(outlookItemIdFromPath('/mail/deeplink/compose')).toBeUndefined();
  });
});

describe('the signed-in user', () => {
  it('comes from the folder pane’s mailbox root when the account manager shows only the name', () => {
    const page = openOutlook('/mail/inbox');
    expect(outlookUserAddresses(page.doc)).toEqual([SAM]);
  });

  it('comes from the account manager card, and shared mailboxes count as the user’s', () => {
    const doc = documentFrom(
      `<div id="mectrl_currentAccount_secondary">${SAM}</div>
       <div role="tree"><div role="treeitem" aria-level="1" title="sales@cuecard-customer.com"><span>sales@cuecard-customer.com</span></div></div>`,
    );
    expect(outlookUserAddresses(doc).sort()).toEqual(['sales@cuecard-customer.com', SAM]);
  });
});

describe('outlook.detect on the fixture', () => {
  it('shows nothing on the inbox with no message open, though the list names senders', () => {
    const page = openOutlook('/mail/inbox');
    expect(page.doc.querySelectorAll('[data-convid] [title*="@"]').length).toBeGreaterThan(0);
    expect(page.detect()).toBeNull();
  });

  it('says "loading" while the conversation renders, then names the latest external sender first', async () => {
    const page = openOutlook('/mail/inbox');
    const [dana] = paths(page.fixture);
    page.fixture.navigate(dana);
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: false });
    await page.conversationRendered();
    expect(page.detect()).toEqual({ ref: { emails: [DANA, MARCUS], name: 'Dana Whitfield' }, settled: true });
  });

  it('never names the signed-in user or a colleague, though a colleague wrote the newest message', async () => {
    const page = openOutlook('/mail/inbox');
    page.fixture.navigate(paths(page.fixture)[0]);
    await page.conversationRendered();
    const first = page.doc.querySelector('[data-app-section="MessageHeader"] [title*="@"]')?.getAttribute('title');
    expect(first).toContain(ALEX);
    const emails = page.detect()?.ref.emails ?? [];
    expect(emails).not.toContain(ALEX);
    expect(emails).not.toContain(SAM);
  });

  it('follows pushState navigation to the next conversation, and back', async () => {
    const page = openOutlook('/mail/inbox');
    const [dana, priya] = paths(page.fixture);
    page.fixture.navigate(dana);
    await page.conversationRendered();
    page.doc.querySelectorAll<HTMLElement>('[data-app-section="MessageList"] [role="option"]')[1]!.click();
    expect(page.win.location.pathname).toBe(priya);
    await page.conversationRendered();
    expect(page.detect()).toEqual({ ref: { emails: [PRIYA, 'procurement@helixbio.io'], name: 'Priya Raman' }, settled: true });
    page.win.history.back();
    await page.conversationRendered();
    expect(page.detect()?.ref.emails[0]).toBe(DANA);
  });

  it('gives the unknown sender of a conversation, for the no-match view', async () => {
    const page = openOutlook('/mail/inbox');
    page.fixture.navigate(paths(page.fixture)[2]);
    await page.conversationRendered();
    expect(page.detect()).toEqual({ ref: { emails: [TOM], name: 'Tom Berg' }, settled: true });
  });

  it('reads the To recipients of a new mail in order, and inserts into the body, not a well', () => {
    const page = openOutlook('/mail/inbox');
    const draft = page.fixture.openNewMail();
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: true });
    const to = draft.querySelector<HTMLElement>('[aria-label="To"]')!;
    typeRecipient(to, ALEX);
    typeRecipient(to, MARCUS);
    typeRecipient(to, PRIYA);
    expect(page.detect()).toEqual({ ref: { emails: [MARCUS, PRIYA], name: 'Marcus Oyelaran' }, settled: true });
    expect(outlookComposeTarget(page.doc)).toBe(draft.querySelector('[aria-multiline="true"]'));
  });

  it('an inline reply to an external sender names them; its body is the compose target', async () => {
    const page = openOutlook('/mail/inbox');
    page.fixture.navigate(paths(page.fixture)[0]);
    await page.conversationRendered();
    // The second expanded message is Dana's; reply to it.
    page.doc.querySelectorAll<HTMLElement>('[data-fixture="reply"]')[1]!.click();
    const body = page.doc.querySelector<HTMLElement>('[data-fixture="inline-reply"] [aria-multiline="true"]')!;
    expect(page.doc.activeElement).toBe(body);
    expect(page.detect()).toEqual({ ref: { emails: [DANA], name: 'Dana Whitfield' }, settled: true });
    expect(outlookComposeTarget(page.doc)).toBe(body);
  });

  it('works the same on outlook.live.com and with extra colleague domains from settings', async () => {
    const page = openOutlook('/mail/inbox', { ownDomains: ['northwind-logistics.com'] }, 'https://outlook.live.com');
    page.fixture.navigate(paths(page.fixture)[0]);
    await page.conversationRendered();
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: true });
  });
});

describe('outlook.detect on markup the fixture does not produce', () => {
  it('reads mailto links and data-email in a header, sender first', () => {
    const doc = documentFrom(
      `<div role="tree"><div role="treeitem" aria-level="1" title="${SAM}"><span>${SAM}</span></div></div>
       <div id="ReadingPaneContainerId"><div data-automationid="MessageHeader">
         <a href="mailto:${DANA}">Dana Whitfield</a>
         <span data-email="${SAM}">Sam Rep</span><span data-email="${MARCUS}" data-name="Marcus Oyelaran">Marcus</span>
       </div></div>`,
    );
    expect(outlook.detect(doc, new URL(`${ORIGIN}/mail/inbox/id/AAQk`))).toEqual({
      ref: { emails: [DANA, MARCUS], name: 'Dana Whitfield' },
      settled: true,
    });
  });

  it('treats an outlook.com user’s contacts at outlook.com as external', () => {
    const doc = documentFrom(
      `<div role="tree"><div role="treeitem" aria-level="1" title="sam.rep@outlook.com"></div></div>
       <div id="ReadingPaneContainerId"><div data-app-section="MessageHeader"><span title="Kim Lee <kim.lee@outlook.com>">Kim Lee</span></div></div>`,
    );
    expect(outlook.detect(doc, new URL('https://outlook.live.com/mail/0/inbox/id/AQ'))?.ref.emails).toEqual(['kim.lee@outlook.com']);
  });

  it('is silent outside the mail module and never throws', () => {
    const doc = documentFrom('<div id="ReadingPaneContainerId"><div data-app-section="MessageHeader"><a href="mailto:a@b.co">a</a></div></div>');
    expect(outlook.detect(doc, new URL(`${ORIGIN}/calendar/view/week`))).toBeNull();
    const broken = { querySelectorAll: () => { throw new Error('boom'); }, getElementById: () => null, title: '' } as unknown as Document;
    expect(() => outlook.detect(broken, new URL(`${ORIGIN}/mail/inbox`))).not.toThrow();
    expect(outlookComposeTarget(broken)).toBeNull();
  });
});

describe('outlook.detect with the reading pane off (fixture variant)', () => {
  it('reads the message opened full page in [role=main] by its data-automationid header, not the hidden list', () => {
    const url = `${ORIGIN}/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWE0OWEtMDACLTAwCgAQAF2Jx0tqBbVLr`;
    const doc = variantAt('outlook', 'message-full-page.html', url);
    expect(doc.querySelector('#ReadingPaneContainerId, [data-app-section="MessageHeader"]')).toBeNull();
    expect(outlook.detect(doc, new URL(url))).toEqual({ ref: { emails: [TOM], name: 'Tom Berg' }, settled: true });
  });
});
