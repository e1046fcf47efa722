import { describe, expect, it } from 'vitest';
import { readPageSettings } from '../../../lib/page/page-settings';
import { parseDomains } from '../../../components/options/SitesPanel';

describe('settings the page side reads', () => {
  it('takes the rep’s settings, with enterprise policy on top', () => {
    expect(readPageSettings({ disabledSites: ['gmail'], ownEmailDomains: ['Acme.com'] }, {})).toEqual({ disabledSites: ['gmail'], ownEmailDomains: ['acme.com'] });
    expect(readPageSettings({ disabledSites: ['gmail'] }, { disabledSites: ['hubspot'] }).disabledSites).toEqual(['hubspot']);
  });

  it('ignores values that are not lists of short strings', () => {
    expect(readPageSettings({ disabledSites: 'gmail', ownEmailDomains: [1, null, 'x'.repeat(300), 'acme.com'] }, null)).toEqual({ disabledSites: [], ownEmailDomains: ['acme.com'] });
    expect(readPageSettings(undefined, undefined)).toEqual({ disabledSites: [], ownEmailDomains: [] });
  });
});

describe('own domains typed in the options page', () => {
  it('accepts commas, spaces, new lines and a leading @, and drops what is not a domain', () => {
    expect(parseDomains('acme.com, @Acme.co.uk\nmail.acme.com;; not a domain acme.com')).toEqual(['acme.com', 'acme.co.uk', 'mail.acme.com']);
  });
});
