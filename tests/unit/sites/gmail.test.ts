// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openFixture, documentAt, sleep, variantAt } from './fixture-window';
import {
  gmail,
  gmailComposeTarget,
  gmailThreadIdFromHash,
  gmailUserAddresses,
  isGmailHost,
  isGmailMailPath,
} from '../../../lib/sites/gmail';
import type { DetectOptions } from '../../../lib/sites/types';
import { ALEX, DANA, MARCUS, PRIYA, SAM, TOM } from './mail-people';

const BASE = 'https://mail.google.com/mail/u/0/';
const THREAD_DANA = 'FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';
const THREAD_PRIYA = 'FMfcgzQXJWFpLvGhNcDsBxKzRmTqWjyZ';
const THREAD_TOM = 'FMfcgzQXJWHtRbVdLmQpXcNzKsGwYfjB';


interface FixtureApi {
  threadDelayMs: number;
  openCompose(): HTMLElement;
  navigate(hash: string): void;
}

/** The fixture Gmail at `hash`, its own script running (Gmail's part). */
function openGmail(hash: string, options: DetectOptions = {}) {
  const page = openFixture<FixtureApi>('gmail', `${BASE}${hash}`, '__cuecardGmailFixture');
  return {
    ...page,
    detect: () => gmail.detect(page.doc, new URL(page.win.location.href), options),
    threadRendered: () => sleep(page.fixture.threadDelayMs + 100),
  };
}

/** Types an address into a recipient input and presses Enter, as the rep does. */
function addRecipient(input: HTMLInputElement, address: string) {
  input.focus();
  input.value = address;
  input.dispatchEvent(new (input.ownerDocument.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}

function documentFrom(html: string, title = ''): Document {
  return documentAt(`${BASE}#inbox`, html, title);
}

describe('Gmail URLs', () => {
  it('runs on mail.google.com over https only, and only in the mail client', () => {
    expect(isGmailHost(new URL(`${BASE}#inbox`))).toBe(true);
    expect(isGmailHost(new URL('http://mail.google.com/mail/u/0/'))).toBe(false);
    expect(isGmailHost(new URL('https://mail.google.com.evil.example/mail/'))).toBe(false);
    expect(isGmailHost(new URL('https://calendar.google.com/calendar/u/0/r'))).toBe(false);
    expect(isGmailMailPath(new URL('https://mail.google.com/mail/u/1/#inbox'))).toBe(true);
    expect(isGmailMailPath(new URL('https://mail.google.com/chat/u/0/#chat/home'))).toBe(false);
  });

  it('tells thread hashes from list hashes, with or without ?compose=', () => {
    expect(gmailThreadIdFromHash(`#inbox/${THREAD_DANA}`)).toBe(THREAD_DANA);
    expect(gmailThreadIdFromHash('#label/Clients/18c3f0a2b4d5e6f7')).toBe('18c3f0a2b4d5e6f7');
    expect(gmailThreadIdFromHash(`#search/pilot/${THREAD_DANA}?compose=new`)).toBe(THREAD_DANA);
    expect(gmailThreadIdFromHash('#inbox')).toBeUndefined();
    expect(gmailThreadIdFromHash('#inbox?compose=new')).toBeUndefined();
    expect(gmailThreadIdFromHash('#label/Clients')).toBeUndefined();
    expect(gmailThreadIdFromHash('#settings/general')).toBeUndefined();
    expect(gmailThreadIdFromHash('#inbox/p2')).toBeUndefined(); // page 2 of the list
  });
});

describe('the signed-in user', () => {
  it('comes from the One Google account button', () => {
    const page = openGmail('#inbox');
    expect(gmailUserAddresses(page.doc)).toContain(SAM);
  });

  it('comes from the tab title when the account button is missing, ignoring addresses in the subject', () => {
    const doc = documentFrom('', 'Fwd: intro to jordan@partnerco.example - sam.rep@cuecard-customer.com - Gmail');
    expect(gmailUserAddresses(doc)).toEqual([SAM]);
  });
});

describe('gmail.detect on the fixture', () => {
  it('shows nothing on the inbox list, though its rows carry thread ids and senders', async () => {
    const page = openGmail('#inbox');
    await sleep(50);
    expect(page.doc.querySelectorAll('tr.zA span[email]').length).toBeGreaterThan(0);
    expect(page.detect()).toBeNull();
  });

  it('says "loading" while the thread renders, then names the latest external sender first', async () => {
    const page = openGmail(`#inbox/${THREAD_DANA}`);
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: false });
    await page.threadRendered();
    expect(page.detect()).toEqual({ ref: { emails: [DANA, MARCUS], name: 'Dana Whitfield' }, settled: true });
  });

  it('never names the signed-in user or a colleague, even when they wrote last', async () => {
    const page = openGmail(`#inbox/${THREAD_DANA}`);
    await page.threadRendered();
    const emails = page.detect()?.ref.emails ?? [];
    expect(emails).not.toContain(SAM);
    expect(emails).not.toContain(ALEX);
    // The fixture's latest message is Alex's: the rule, not the order, keeps him out.
    expect(page.doc.querySelectorAll('span.gD[email]')[3]?.getAttribute('email')).toBe(ALEX);
  });

  it('follows hash navigation to the next thread without reading the hidden previous one', async () => {
    const page = openGmail(`#inbox/${THREAD_DANA}`);
    await page.threadRendered();
    page.fixture.navigate(`#inbox/${THREAD_PRIYA}`);
    await sleep(20);
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: false });
    await page.threadRendered();
    expect(page.detect()).toEqual({
      ref: { emails: [PRIYA, 'procurement@helixbio.io'], name: 'Priya Raman' },
      settled: true,
    });
    // Dana's thread is still in the DOM, hidden.
    expect(page.doc.querySelector(`[data-fixture-view="thread:${THREAD_DANA}"]`)).not.toBeNull();
    page.fixture.navigate('#inbox');
    await sleep(20);
    expect(page.detect()).toBeNull();
  });

  it('gives the unknown sender of a thread, for the no-match view', async () => {
    const page = openGmail(`#inbox/${THREAD_TOM}`);
    await page.threadRendered();
    expect(page.detect()).toEqual({ ref: { emails: [TOM], name: 'Tom Berg' }, settled: true });
  });

  it('reads the recipients of the compose window the rep is typing in', async () => {
    const page = openGmail('#inbox');
    const win = page.fixture.openCompose();
    expect(page.win.location.hash).toBe('#inbox?compose=new');
    // Nobody in To yet: a draft alone still shows the sidebar, with nothing to match.
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: true });
    const to = win.querySelector<HTMLInputElement>('[name="to"] input')!;
    addRecipient(to, ALEX);
    addRecipient(to, MARCUS);
    addRecipient(to, DANA);
    expect(page.detect()).toEqual({ ref: { emails: [MARCUS, DANA], name: 'Marcus Oyelaran' }, settled: true });
  });

  it('with several drafts open, the one the rep is in wins', async () => {
    const page = openGmail('#inbox');
    const first = page.fixture.openCompose();
    addRecipient(first.querySelector<HTMLInputElement>('[name="to"] input')!, PRIYA);
    const second = page.fixture.openCompose();
    addRecipient(second.querySelector<HTMLInputElement>('[name="to"] input')!, TOM);
    expect(page.detect()?.ref.emails).toEqual([TOM]);
    first.querySelector<HTMLElement>('[g_editable="true"]')!.focus();
    expect(page.detect()?.ref.emails).toEqual([PRIYA]);
    expect(gmailComposeTarget(page.doc)).toBe(first.querySelector('[g_editable="true"]'));
  });

  it('a draft to a new person over an open thread names the draft’s recipient; an empty draft leaves the thread', async () => {
    const page = openGmail(`#inbox/${THREAD_TOM}`);
    await page.threadRendered();
    const win = page.fixture.openCompose();
    expect(page.detect()?.ref.emails).toEqual([TOM]);
    addRecipient(win.querySelector<HTMLInputElement>('[name="to"] input')!, MARCUS);
    expect(page.detect()?.ref.emails).toEqual([MARCUS]);
  });

  it('the inline reply to a colleague targets its own body and keeps the thread’s prospect', async () => {
    const page = openGmail(`#inbox/${THREAD_DANA}`);
    await page.threadRendered();
    page.doc.querySelector<HTMLElement>('[data-fixture="reply"]')!.click();
    const body = page.doc.querySelector<HTMLElement>('.ip.adB [g_editable="true"]')!;
    expect(page.doc.activeElement).toBe(body);
    // Gmail replies to the latest message's sender, Alex: nobody external in the draft.
    expect(page.doc.querySelector('.ip.adB [role="option"]')?.getAttribute('data-hovercard-id')).toBe(ALEX);
    expect(page.detect()).toEqual({ ref: { emails: [DANA, MARCUS], name: 'Dana Whitfield' }, settled: true });
    expect(gmailComposeTarget(page.doc)).toBe(body);
  });

  it('has no compose target on the inbox without drafts, and none it would have to guess', () => {
    const page = openGmail('#inbox');
    expect(gmailComposeTarget(page.doc)).toBeNull();
    page.fixture.openCompose();
    page.fixture.openCompose();
    (page.doc.activeElement as HTMLElement | null)?.blur();
    expect(gmailComposeTarget(page.doc)).toBeNull();
  });

  it('drops colleagues at extra domains from settings', async () => {
    const page = openGmail(`#inbox/${THREAD_PRIYA}`, { ownDomains: ['helixbio.io'] });
    await page.threadRendered();
    expect(page.detect()).toEqual({ ref: { emails: [] }, settled: true });
  });
});

describe('gmail.detect when Gmail drops the cues it usually has (fixture variants)', () => {
  it('finds the thread by h2.hP when the header has no thread-id attributes, and names the latest external sender', () => {
    const doc = variantAt('gmail', 'thread-without-ids.html', `${BASE}#inbox/${THREAD_DANA}`);
    expect(doc.querySelector('[data-thread-perm-id], [data-legacy-thread-id]:not(span)')).toBeNull();
    expect(gmail.detect(doc, new URL(`${BASE}#inbox/${THREAD_DANA}`))).toEqual({
      ref: { emails: [DANA, MARCUS], name: 'Dana Whitfield' },
      settled: true,
    });
  });

  it('finds the thread by [role=main] h2 and the sender by td.gF span[email] when the classes rotated too', () => {
    const doc = variantAt('gmail', 'thread-renamed-header.html', `${BASE}#inbox/${THREAD_TOM}`);
    expect(doc.querySelector('h2.hP, span.gD')).toBeNull();
    expect(gmail.detect(doc, new URL(`${BASE}#inbox/${THREAD_TOM}`))).toEqual({ ref: { emails: [TOM], name: 'Tom Berg' }, settled: true });
  });

  it('does not take a list view for a thread: a heading without a message header beside it names nobody', () => {
    const doc = documentFrom(
      `<div role="main"><h2 class="aKz">Primary</h2><table><tbody>
         <tr class="zA"><td><span class="zF" email="${TOM}" name="Tom Berg">Tom Berg</span></td></tr>
       </tbody></table></div>`,
    );
    expect(gmail.detect(doc, new URL(`${BASE}#inbox`))).toBeNull();
  });
});

describe('gmail.detect on markup the fixture does not produce', () => {
  it('reads the older compose recipients (.vR chips with span[email] / hidden inputs)', () => {
    const doc = documentFrom(
      `<a href="https://accounts.google.com/SignOutOptions?hl=en" aria-label="Compte Google : Sam Rep (${SAM})">S</a>
       <div class="M9"><table class="GS"><tbody><tr><td class="eV"><div><div>
         <div class="vR"><span class="vN" email="${MARCUS}" name="Marcus Oyelaran">Marcus Oyelaran</span><input type="hidden" name="to" value="Marcus Oyelaran &lt;${MARCUS}&gt;"></div>
         <div class="vR"><span class="vN">Dana</span><input type="hidden" name="to" value="Dana Whitfield &lt;${DANA}&gt;"></div>
         <textarea name="to" class="vO"></textarea>
       </div></div></td></tr></tbody></table>
       <div class="Am Al editable" contenteditable="true" g_editable="true" role="textbox"></div></div>`,
    );
    expect(gmail.detect(doc, new URL(`${BASE}#inbox?compose=new`))).toEqual({
      ref: { emails: [MARCUS, DANA], name: 'Marcus Oyelaran' },
      settled: true,
    });
  });

  it('treats a gmail.com user’s contacts at gmail.com as external', () => {
    const doc = documentFrom(
      `<a href="https://accounts.google.com/SignOutOptions" aria-label="Google Account: Sam (sam.rep.private@gmail.com)">S</a>
       <div role="main"><h2 class="hP" data-legacy-thread-id="18c3f0a2b4d5e6f7">Hi</h2>
       <div class="adn" data-legacy-message-id="1"><span class="gD" email="friend@gmail.com" name="Friend">Friend</span>
       <span class="g2" email="sam.rep.private+news@gmail.com">me</span></div></div>`,
    );
    expect(gmail.detect(doc, new URL(`${BASE}#inbox/18c3f0a2b4d5e6f7`))?.ref.emails).toEqual(['friend@gmail.com']);
  });

  it('never throws, even on a document it cannot query', () => {
    const broken = { querySelectorAll: () => { throw new Error('boom'); }, title: '' } as unknown as Document;
    expect(() => gmail.detect(broken, new URL(`${BASE}#inbox`))).not.toThrow();
    expect(gmailComposeTarget(broken)).toBeNull();
  });

  it('is silent outside the mail client', () => {
    const doc = documentFrom('<div role="main"><h2 data-legacy-thread-id="1">x</h2></div>');
    expect(gmail.detect(doc, new URL('https://mail.google.com/chat/u/0/'))).toBeNull();
  });
});
