import { describe, expect, it } from 'vitest';
import { cleanName, emailsInText, mailbox, parseMailbox, toEmail } from '../../../lib/match/emails';
import { cleanText } from '../../../lib/match/text';

const SAM = 'sam.rep@cuecard-customer.com';

describe('toEmail: one address per attribute value or href', () => {
  it('takes an address from mailto links, angle brackets and bare values, and refuses the rest', () => {
    expect(toEmail('mailto:Dana.Whitfield@Northwind-Logistics.com?subject=Hi')).toBe('dana.whitfield@northwind-logistics.com');
    expect(toEmail(' <tom.berg@fjordbakery.no> ')).toBe('tom.berg@fjordbakery.no');
    expect(toEmail('mailto:priya.raman%2Bsfdc@helixbio.io')).toBe('priya.raman+sfdc@helixbio.io');
    expect(toEmail('Dana Whitfield')).toBeUndefined();
    expect(toEmail('dana@localhost')).toBeUndefined();
    expect(toEmail('a@b.c')).toBeUndefined();
    expect(toEmail('dana@x.com, marcus@x.com')).toBeUndefined();
    expect(toEmail(null)).toBeUndefined();
  });

  it('accepts internationalized addresses and punycode domains', () => {
    expect(toEmail('Jürgen@Bäckerei-Müller.de')).toBe('jürgen@bäckerei-müller.de');
    expect(toEmail('ivan@xn--80ak6aa92e.xn--p1ai')).toBe('ivan@xn--80ak6aa92e.xn--p1ai');
  });
});

describe('emailsInText: every address written in text', () => {
  it('finds every address in a label, in order', () => {
    expect(emailsInText('Google Account: Sam Rep\n(Sam.Rep@cuecard-customer.com)')).toEqual([SAM]);
    expect(emailsInText('Fwd: a@b.co - sam.rep@cuecard-customer.com - Gmail')).toEqual(['a@b.co', SAM]);
    expect(emailsInText('Account manager for Sam Rep')).toEqual([]);
  });

  it('stops at the sentence or markup around an address', () => {
    expect(emailsInText('Write to dana@northwind-logistics.com.')).toEqual(['dana@northwind-logistics.com']);
    expect(emailsInText('"Dana" <dana@northwind-logistics.com>; (marcus@northwind-logistics.com)')).toEqual([
      'dana@northwind-logistics.com',
      'marcus@northwind-logistics.com',
    ]);
  });
});

describe('mailboxes and display names', () => {
  it('parses "Name <address>" as Gmail and Outlook write them', () => {
    expect(parseMailbox('Dana Whitfield <dana@northwind-logistics.com>')).toEqual({ email: 'dana@northwind-logistics.com', name: 'Dana Whitfield' });
    expect(parseMailbox('"Whitfield, Dana" <DANA@northwind-logistics.com>')).toEqual({ email: 'dana@northwind-logistics.com', name: 'Whitfield, Dana' });
    expect(parseMailbox('dana@northwind-logistics.com <dana@northwind-logistics.com>')).toEqual({ email: 'dana@northwind-logistics.com' });
    expect(parseMailbox('Dana')).toBeUndefined();
  });

  it('keeps a name only when it is one: not an address, not empty, without invisible marks', () => {
    expect(cleanName('  "Dana\u200e  Whitfield" ')).toBe('Dana Whitfield');
    expect(cleanName('DANA@northwind-logistics.com', 'dana@northwind-logistics.com')).toBeUndefined();
    expect(cleanName('\u200b')).toBeUndefined();
    expect(mailbox('dana@northwind-logistics.com', 'me@example.org')).toEqual({ email: 'dana@northwind-logistics.com' });
  });
});

describe('cleanText: the one cleaner for text read off a page', () => {
  it('drops zero-width and bidi controls, folds whitespace (NBSP too), and caps the length', () => {
    expect(cleanText('\u2067Dana\u2069\u00a0 Whitfield\u200b\n')).toBe('Dana Whitfield');
    expect(cleanText('\ufeff \u200e')).toBeUndefined();
    expect(cleanText('x'.repeat(400))).toHaveLength(300);
    expect(cleanText(null)).toBeUndefined();
  });
});
