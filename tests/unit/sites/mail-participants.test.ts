// @vitest-environment happy-dom
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { holdsFocus } from '../../../lib/sites/dom';
import { externalParticipants, isOwnAddress, latestDraftRef, ownIdentity } from '../../../lib/sites/mail-participants';

const SAM = 'sam.rep@cuecard-customer.com';
const me = ownIdentity([SAM]);

describe('who counts as the user or a colleague', () => {
  it('the user under any spelling or plus-tag, and everyone at the user’s domain and its subdomains', () => {
    expect(isOwnAddress('Sam.Rep+crm@Cuecard-Customer.com', me)).toBe(true);
    expect(isOwnAddress('alex.kim@cuecard-customer.com', me)).toBe(true);
    expect(isOwnAddress('ops@eu.cuecard-customer.com', me)).toBe(true);
    expect(isOwnAddress('dana@northwind-logistics.com', me)).toBe(false);
    expect(isOwnAddress('someone@notcuecard-customer.com', me)).toBe(false);
  });

  it('never a whole free-mail domain, from the page or from settings', () => {
    const gmailUser = ownIdentity(['sam.private@gmail.com'], ['outlook.com', '@cuecard.app']);
    expect(gmailUser.domains).toEqual(['cuecard.app']);
    expect(isOwnAddress('sam.private+x@gmail.com', gmailUser)).toBe(true);
    expect(isOwnAddress('friend@gmail.com', gmailUser)).toBe(false);
    expect(isOwnAddress('friend@outlook.com', gmailUser)).toBe(false);
    expect(isOwnAddress('ceo@cuecard.app', gmailUser)).toBe(true);
  });

  it('with no address found on the page, only configured domains are excluded', () => {
    const unknown = ownIdentity([], ['cuecard-customer.com']);
    expect(isOwnAddress(SAM, unknown)).toBe(true);
    expect(isOwnAddress('dana@northwind-logistics.com', ownIdentity([]))).toBe(false);
  });
});

describe('externalParticipants', () => {
  it('keeps the order given, drops the user and colleagues, merges spellings and plus-tags', () => {
    const ref = externalParticipants(
      [
        { email: 'alex.kim@cuecard-customer.com', name: 'Alex Kim' },
        { email: 'Dana.Whitfield@Northwind-Logistics.com' },
        { email: SAM, name: 'me' },
        { email: 'marcus.oyelaran@northwind-logistics.com', name: 'Marcus Oyelaran' },
        { email: 'dana.whitfield+pilot@northwind-logistics.com', name: 'Dana Whitfield' },
      ],
      me,
    );
    // The name of the first participant comes from a later mention when the first had none.
    expect(ref).toEqual({
      emails: ['dana.whitfield@northwind-logistics.com', 'marcus.oyelaran@northwind-logistics.com'],
      name: 'Dana Whitfield',
    });
  });

  it('gives no emails and no name when everyone is internal', () => {
    expect(externalParticipants([{ email: SAM, name: 'Sam Rep' }, { email: 'alex.kim@cuecard-customer.com' }], me)).toEqual({ emails: [] });
  });

  it('ignores names that are the address again, and caps the list at the contract’s 50', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ email: `p${i}@example.org`, name: `p${i}@example.org` }));
    const ref = externalParticipants(many, me);
    expect(ref.emails).toHaveLength(50);
    expect(ref.name).toBeUndefined();
  });
});

describe('latestDraftRef', () => {
  it('takes the latest draft that names someone external, else the latest draft', () => {
    const dana = { emails: ['dana@northwind-logistics.com'], name: 'Dana' };
    const marcus = { emails: ['marcus@northwind-logistics.com'] };
    expect(latestDraftRef([dana, marcus, { emails: [] }])).toBe(marcus);
    expect(latestDraftRef([{ emails: [] }, { emails: [] }])).toEqual({ emails: [] });
    expect(latestDraftRef([])).toEqual({ emails: [] });
  });
});

describe('holdsFocus', () => {
  const windows: Window[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((win) => win.happyDOM.close()));
  });

  it('follows keyboard focus, and the caret once focus has left for the sidebar frame', () => {
    const win = new Window({ url: 'https://mail.google.com/mail/u/0/' });
    windows.push(win);
    const doc = win.document as unknown as Document;
    const a = doc.createElement('div');
    const b = doc.createElement('div');
    for (const draft of [a, b]) {
      const body = doc.createElement('div');
      body.setAttribute('contenteditable', 'true');
      body.textContent = 'Hello';
      draft.appendChild(body);
      doc.body.appendChild(draft);
    }
    const frame = doc.createElement('iframe');
    doc.body.appendChild(frame);
    (b.firstChild as HTMLElement).focus();
    expect(holdsFocus(doc, b)).toBe(true);
    expect(holdsFocus(doc, a)).toBe(false);
    // The rep put the caret in draft A, then clicked into the sidebar.
    const range = doc.createRange();
    range.setStart(a.firstChild!.firstChild!, 2);
    doc.getSelection()!.removeAllRanges();
    doc.getSelection()!.addRange(range);
    frame.focus();
    expect(holdsFocus(doc, a)).toBe(true);
  });
});
