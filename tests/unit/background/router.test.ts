import { describe, expect, it } from 'vitest';
import { routeMessage } from '../../../lib/background/router';
import { classifySender } from '../../../lib/background/sender';
import { testRouterDeps } from './test-deps';
import { keyed, TEST_FRAME_KEY } from './sidebar-key';

const RUNTIME_ID = 'cuecard-test-id';
const ORIGIN = 'chrome-extension://cuecard-test-id';
const PAGE_ORIGIN = 'https://northwind.lightning.force.com';

const deps = () => testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN });

const contentScript = { id: RUNTIME_ID, origin: PAGE_ORIGIN, tab: { id: 7 }, frameId: 0 };
const sidebar = { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 7 }, frameId: 3 };
const optionsPage = { id: RUNTIME_ID, origin: ORIGIN };
const optionsInTab = { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 9 }, frameId: 0 };
const otherExtension = { id: 'evil-extension', origin: 'chrome-extension://evil-extension', tab: { id: 7 }, frameId: 0 };
const contentScriptInSubframe = { id: RUNTIME_ID, origin: 'https://ads.example', tab: { id: 7 }, frameId: 5 };

describe('sender classification', () => {
  it.each([
    [contentScript, 'content-script'],
    [sidebar, 'sidebar'],
    [optionsPage, 'extension-page'],
    [optionsInTab, 'extension-page'],
    [otherExtension, 'unknown'],
    [contentScriptInSubframe, 'unknown'],
    [{ id: RUNTIME_ID, tab: { id: 7 }, frameId: 0 }, 'unknown'],
    [{ id: RUNTIME_ID, origin: ORIGIN, tab: {} }, 'unknown'],
    [{ id: RUNTIME_ID, origin: PAGE_ORIGIN }, 'unknown'],
    [{}, 'unknown'],
  ] as const)('%j is %s', (sender, kind) => {
    expect(classifySender(sender, RUNTIME_ID, ORIGIN)).toBe(kind);
  });
});

const pageContext = { type: 'page:context', site: 'salesforce', ref: { emails: ['a@b.co'] }, settled: true, frameKey: TEST_FRAME_KEY };
const importChunk = { type: 'import:chunk', collection: 'prospects', rows: [{ id: 'p1', email: 'a@b.co' }] };

describe('message router refuses what a sender may not ask', () => {
  it.each([
    ['a content script importing data', importChunk, contentScript],
    ['the sidebar importing data', importChunk, sidebar],
    ['another extension reporting a page', pageContext, otherExtension],
    ['an extension page posing as a page', pageContext, optionsPage],
    ['an options page in a tab posing as a page', pageContext, optionsInTab],
    ['a web page frame without our origin', { type: 'sidebar:context' }, contentScriptInSubframe],
    ['a content script reading the sidebar context', { type: 'sidebar:context' }, contentScript],
    ['a content script reading counts', { type: 'store:counts' }, contentScript],
    [
      'a content script recording usage',
      { type: 'usage:record', event: { id: '7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f', type: 'message_copied', at: '2026-11-20T10:00:00Z', surface: 'salesforce' } },
      contentScript,
    ],
  ])('refuses %s', async (_name, message, sender) => {
    const d = deps();
    const reply = await routeMessage(message, sender, d);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(await d.db.prospects.count()).toBe(0);
    expect([...d.session.data.keys()]).toEqual([]);
    expect([...d.local.data.keys()]).toEqual([]);
  });

  it.each([
    ['an unknown type', { type: 'store:wipe' }],
    ['no type', { collection: 'prospects' }],
    ['a malformed row', { ...importChunk, rows: [{ id: 'p1', email: 'javascript:alert(1)' }] }],
    ['a string', 'page:context'],
    ['null', null],
  ])('drops %s before any handler runs', async (_name, message) => {
    const d = deps();
    expect(await routeMessage(message, optionsPage, d)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await d.db.prospects.count()).toBe(0);
  });
});

describe('page context reaches the sidebar of the same tab only', () => {
  it('stores the page context per tab, where the sidebars watch for it', async () => {
    const d = deps();
    await routeMessage(importChunk, optionsPage, d);
    expect(d.local.data.get('sidebar:ping')).toMatchObject({ tabId: -1 });
    expect(await routeMessage(pageContext, contentScript, d)).toEqual({ ok: true, value: null });
    expect(d.local.data.get('sidebar:ping')).toMatchObject({ tabId: 7 });
    expect(d.session.data.get('tab:7')).toEqual({ site: 'salesforce', ref: { emails: ['a@b.co'] }, settled: true, frameKey: TEST_FRAME_KEY });
    const reply = await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d);
    expect(reply).toMatchObject({ ok: true, value: { status: 'match', tabId: 7, context: { prospect: { id: 'p1' } } } });
    const otherTab = await routeMessage(keyed({ type: 'sidebar:context' }), { ...sidebar, tab: { id: 8 } }, d);
    // Tab 8's content script never handed this key out: a sidebar there learns nothing.
    expect(otherTab).toMatchObject({ ok: false, error: { code: 'frame_key' } });
  });

  it('says loading, not no-match, while the page is still rendering', async () => {
    const d = deps();
    await routeMessage(importChunk, optionsPage, d);
    await routeMessage({ ...pageContext, ref: { emails: [] }, settled: false }, contentScript, d);
    expect(await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d)).toMatchObject({ value: { status: 'loading' } });
    await routeMessage({ ...pageContext, ref: { emails: ['x@y.co'] }, settled: true }, contentScript, d);
    expect(await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d)).toMatchObject({ value: { status: 'no-match', hint: expect.any(String) } });
  });

  it('tells an empty workspace apart from an unknown person', async () => {
    const d = deps();
    await routeMessage(pageContext, contentScript, d);
    expect(await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d)).toMatchObject({ value: { status: 'no-data' } });
  });
});

describe('usage consent holds with or without a hub', () => {
  const assetSent = (prospectId: string) => ({
    type: 'usage:record',
    event: { id: crypto.randomUUID(), type: 'asset_inserted', at: new Date().toISOString(), surface: 'gmail', prospectId, assetId: 'a-tco', rank: 1 },
  });
  const optionsPage = { id: RUNTIME_ID, origin: ORIGIN };

  it('records nothing for the hub before the rep agreed, in local-only mode too, yet remembers the send for ranking', async () => {
    const d = testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, settings: { usageConsent: false } });
    expect(await routeMessage(assetSent('p-dana'), optionsPage, d)).toEqual({ ok: true, value: null });
    expect(await d.db.outbox.count()).toBe(0);
    // "Sent recently" keeps working: the recent-sends table never leaves the browser.
    expect(await d.db.recentSends.count()).toBe(1);
  });

  it('records into the outbox once the rep agreed, hub or not', async () => {
    const d = testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, settings: { usageConsent: true } });
    await routeMessage(assetSent('p-dana'), optionsPage, d);
    expect(await d.db.outbox.count()).toBe(1);
  });
});
