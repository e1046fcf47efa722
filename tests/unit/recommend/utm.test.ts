import { describe, expect, it } from 'vitest';
import { withUtm } from '../../../lib/recommend/utm';

const email = { source: 'cuecard', medium: 'sales_email', campaign: 'next-best-asset' } as const;

describe('withUtm', () => {
  it.each([
    ['tags a plain link', 'https://www.meridian-analytics.example/resources/pricing-guide-2026.pdf',
      'https://www.meridian-analytics.example/resources/pricing-guide-2026.pdf?utm_source=cuecard&utm_medium=sales_email&utm_campaign=next-best-asset'],
    ['keeps existing parameters byte for byte (signed links still work)', 'https://cdn.example/file.pdf?sig=abc%2Fdef&q=a%20b&flag',
      'https://cdn.example/file.pdf?sig=abc%2Fdef&q=a%20b&flag&utm_source=cuecard&utm_medium=sales_email&utm_campaign=next-best-asset'],
    ['replaces marketing\u2019s own utm_source/medium/campaign, keeps utm_content', 'https://x.example/a?utm_source=email&UTM_Campaign=old&utm_content=hero',
      'https://x.example/a?utm_content=hero&utm_source=cuecard&utm_medium=sales_email&utm_campaign=next-best-asset'],
    ['keeps the fragment', 'https://x.example/guide#pricing', 'https://x.example/guide?utm_source=cuecard&utm_medium=sales_email&utm_campaign=next-best-asset#pricing'],
  ])('%s', (_name, url, expected) => {
    expect(withUtm(url, email)).toBe(expected);
  });

  it('encodes a campaign name with spaces and symbols', () => {
    expect(withUtm('https://x.example/', { source: 'cuecard', medium: 'crm', campaign: 'Q4 Finance & Ops' })).toBe(
      'https://x.example/?utm_source=cuecard&utm_medium=crm&utm_campaign=Q4%20Finance%20%26%20Ops',
    );
  });

  it('leaves out the campaign when there is none', () => {
    expect(withUtm('https://x.example/', { source: 'cuecard', medium: 'crm' })).toBe('https://x.example/?utm_source=cuecard&utm_medium=crm');
  });

  it.each([
    ['http', 'http://x.example/a'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['relative', '/resources/guide.pdf'],
    ['garbage', 'not a url'],
    ['empty', ''],
    ['with credentials', 'https://user:pass@x.example/a'],
    ['protocol-relative', '//x.example/a'],
  ])('never produces a link from a %s URL', (_name, url) => {
    expect(withUtm(url, email)).toBeUndefined();
  });
});
