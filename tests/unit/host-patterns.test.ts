import { describe, expect, it } from 'vitest';
import { originMatchesPattern } from '../../lib/sites/host-patterns';

describe('origins against the content script match patterns', () => {
  it.each([
    ['https://northwind.lightning.force.com', 'https://*.lightning.force.com/*', true],
    ['https://lightning.force.com', 'https://*.lightning.force.com/*', true],
    ['https://evil-lightning.force.com', 'https://*.lightning.force.com/*', false],
    ['https://northwind.lightning.force.com.evil.example', 'https://*.lightning.force.com/*', false],
    ['http://northwind.lightning.force.com', 'https://*.lightning.force.com/*', false],
    ['https://northwind.lightning.force.com:8443', 'https://*.lightning.force.com/*', false],
    ['https://mail.google.com', 'https://mail.google.com/*', true],
    ['https://evilmail.google.com', 'https://mail.google.com/*', false],
    ['null', 'https://mail.google.com/*', false],
  ])('%s against %s: %s', (origin, pattern, expected) => {
    expect(originMatchesPattern(origin, pattern)).toBe(expected);
  });
});
