import { describe, expect, it } from 'vitest';
import { injectIntoOpenTabs, injectPageScript, isSupportedPage, pageScriptFor, type PageScriptDeps } from '../../../lib/background/page-script';

const PATTERNS = ['https://*.lightning.force.com/*', 'https://mail.google.com/*'];

function deps(tabs: { id?: number; url?: string; status?: string }[] = [], failFor: number[] = []) {
  const injected: number[] = [];
  const files: string[] = [];
  const value: PageScriptDeps = {
    patterns: PATTERNS,
    executeScript: async (tabId, file) => {
      if (failFor.includes(tabId)) throw new Error('Cannot access contents of the page');
      injected.push(tabId);
      files.push(file);
    },
    queryTabs: async () => tabs,
  };
  return { value, injected, files };
}

describe('injecting the page script after load', () => {
  it('goes only into pages of the supported hosts', async () => {
    const d = deps();
    expect(await injectPageScript(d.value, 1, 'https://northwind.lightning.force.com/lightning/r/Contact/003/view')).toBe(true);
    expect(await injectPageScript(d.value, 2, 'https://evil.example/')).toBe(false);
    expect(await injectPageScript(d.value, 3, undefined)).toBe(false);
    expect(await injectPageScript(d.value, 4, 'chrome://extensions')).toBe(false);
    expect(d.injected).toEqual([1]);
  });

  it('gives each page the page script of its own site only', async () => {
    const d = deps();
    await injectPageScript(d.value, 1, 'https://northwind.lightning.force.com/lightning/r/Contact/003Dn00000QxAbcIAF/view');
    await injectPageScript(d.value, 2, 'https://mail.google.com/mail/u/0/#inbox');
    expect(d.files).toEqual(['/content-scripts/salesforce.js', '/content-scripts/gmail.js']);
    expect(pageScriptFor('https://northwind.pipedrive.com/person/1', PATTERNS)).toBeUndefined(); // host not in the patterns given
    expect(pageScriptFor('https://northwind.crm4.dynamics.com/main.aspx', ['https://*.crm4.dynamics.com/*'])).toBe('/content-scripts/dynamics.js');
  });

  it('treats a tab that went away as nothing to do', async () => {
    const d = deps([], [5]);
    expect(await injectPageScript(d.value, 5, 'https://mail.google.com/mail/u/0/')).toBe(false);
  });

  it('reaches pages that were already open when Cuecard was installed, once loaded', async () => {
    const d = deps([
      { id: 1, url: 'https://mail.google.com/mail/u/0/#inbox', status: 'complete' },
      { id: 2, url: 'https://mail.google.com/mail/u/0/#inbox', status: 'loading' },
      { id: 3, url: 'https://news.example/', status: 'complete' },
    ]);
    expect(await injectIntoOpenTabs(d.value)).toBe(1);
    expect(d.injected).toEqual([1]);
  });

  it('recognizes supported pages by origin, not by text in the URL', () => {
    expect(isSupportedPage('https://evil.example/?next=https://mail.google.com/', PATTERNS)).toBe(false);
  });
});

describe('a page that already runs the page script', () => {
  it('is not injected again (Firefox reports each history.pushState as a completed load)', async () => {
    const d = deps();
    const running = new Set([1]);
    const value = { ...d.value, isRunning: async (tabId: number) => running.has(tabId) };
    expect(await injectPageScript(value, 1, 'https://mail.google.com/mail/u/0/#inbox/abc')).toBe(false);
    expect(await injectPageScript(value, 2, 'https://mail.google.com/mail/u/0/#inbox')).toBe(true);
    expect(d.injected).toEqual([2]);
  });

  it('is injected when the probe cannot run (a document in between)', async () => {
    const d = deps();
    const value = { ...d.value, isRunning: async () => Promise.reject(new Error('Frame not found')) };
    expect(await injectPageScript(value, 3, 'https://mail.google.com/mail/u/0/')).toBe(true);
  });

  it('tells a live page script from a stale or foreign marker', async () => {
    const { pageScriptIsLive } = await import('../../../lib/background/page-script');
    const scope = globalThis as { __cuecardPageScript?: unknown };
    try {
      scope.__cuecardPageScript = () => true;
      expect(pageScriptIsLive()).toBe(true);
      scope.__cuecardPageScript = () => false;
      expect(pageScriptIsLive()).toBe(false);
      scope.__cuecardPageScript = true;
      expect(pageScriptIsLive()).toBe(false);
      scope.__cuecardPageScript = () => {
        throw new Error('dead object');
      };
      expect(pageScriptIsLive()).toBe(false);
    } finally {
      delete scope.__cuecardPageScript;
    }
  });
});
