import { describe, expect, it, vi } from 'vitest';
import { routeMessage } from '../../../lib/background/router';
import { generateWorkspace, DEMO_NOW } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { dbSink } from '../store/test-db';
import { testRouterDeps, type TestRouterDeps } from './test-deps';
import { bindSidebar, keyed, TEST_FRAME_KEY } from './sidebar-key';

const RUNTIME_ID = 'cuecard-test-id';
const ORIGIN = 'chrome-extension://cuecard-test-id';
const PAGE_ORIGIN = 'https://mail.google.com';

const deps = (extra: Parameters<typeof testRouterDeps>[0] = {}): TestRouterDeps => testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, now: () => new Date(DEMO_NOW), ...extra });

const contentScript = { id: RUNTIME_ID, origin: PAGE_ORIGIN, tab: { id: 7 }, frameId: 0 };
const sidebar = { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 7 }, frameId: 3 };
const optionsPage = { id: RUNTIME_ID, origin: ORIGIN };
const otherExtension = { id: 'evil-extension', origin: 'chrome-extension://evil-extension', tab: { id: 7 }, frameId: 0 };

const insert = { type: 'compose:insert', text: 'Hi Dana' };
const warnings = { type: 'compose:warnings', phrases: [{ phrase: 'guarantee', ruleId: 'm-finance-freight-roi' }] };
const pageContext = { type: 'page:context', site: 'gmail', ref: { emails: ['a@b.co'] }, settled: true, frameKey: TEST_FRAME_KEY };

describe('cue-card messages refuse the wrong senders', () => {
  it.each([
    ['a content script asking to insert into a page (only the sidebar may)', insert, contentScript],
    ['an options page asking to insert', insert, optionsPage],
    ['another extension asking to insert', insert, otherExtension],
    ['the sidebar reporting a page context', pageContext, sidebar],
    ['the sidebar reporting compose warnings', warnings, sidebar],
    ['an options page reporting compose warnings', warnings, optionsPage],
    ['the sidebar asking for compose rules', { type: 'compose:rules' }, sidebar],
    ['a content script asking for recommendations', { type: 'sidebar:recommendations', prospectId: 'p-dana' }, contentScript],
    ['a content script reading another person by id', { type: 'sidebar:context', prospectId: 'p-dana' }, contentScript],
  ])('refuses %s', async (_name, message, sender) => {
    const sendToTab = vi.fn();
    const d = deps({ sendToTab });
    const reply = await routeMessage(message, sender, d);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(sendToTab).not.toHaveBeenCalled();
    expect([...d.session.data.keys()]).toEqual([]);
    expect([...d.local.data.keys()]).toEqual([]);
  });

  it.each([
    ['insert without text', { type: 'compose:insert', text: '' }],
    ['insert with a huge text', { type: 'compose:insert', text: 'x'.repeat(20_001) }],
    ['warnings carrying the draft instead of phrases', { type: 'compose:warnings', phrases: 'Dear Dana, we guarantee…' }],
    ['too many warnings', { type: 'compose:warnings', phrases: Array.from({ length: 51 }, (_, i) => ({ phrase: `p${i}`, ruleId: 'm' })) }],
    ['recommendations without a prospect', { type: 'sidebar:recommendations' }],
  ])('rejects %s as malformed', async (_name, message) => {
    const reply = await routeMessage(message, contentScript, deps());
    expect(reply).toEqual({ ok: false, error: { code: 'bad_request', message: expect.any(String) } });
  });
});

describe('cue-card messages from the right senders', () => {
  it('sends an insert to the top frame of the sidebar’s own tab and passes the answer back', async () => {
    const sendToTab = vi.fn(async () => ({ inserted: true }));
    const d = deps({ sendToTab });
    await bindSidebar(d.session);
    const reply = await routeMessage(keyed(insert), sidebar, d);
    // The sidebar also learns which of its keys is its tab's (it pins that one).
    expect(reply).toEqual({ ok: true, value: { inserted: true }, frameKey: TEST_FRAME_KEY });
    expect(sendToTab).toHaveBeenCalledWith(7, { type: 'cuecard:insert-text', text: 'Hi Dana' });
  });

  it('says not inserted when the tab has no content script to answer', async () => {
    const sendToTab = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const d = deps({ sendToTab });
    await bindSidebar(d.session);
    expect(await routeMessage(keyed(insert), sidebar, d)).toEqual({ ok: true, value: { inserted: false }, frameKey: TEST_FRAME_KEY });
  });

  it('stores compose warnings per tab, pings the sidebar, and hands them to the sidebar with its context', async () => {
    const d = deps();
    expect(await routeMessage(warnings, contentScript, d)).toEqual({ ok: true, value: null });
    expect(d.session.data.get('warnings:7')).toEqual(warnings.phrases);
    expect((d.local.data.get('sidebar:ping') as { tabId: number }).tabId).toBe(7);
    await bindSidebar(d.session);
    const context = await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d);
    expect(context.ok && (context.value as { warnings: unknown }).warnings).toEqual(warnings.phrases);
    await routeMessage({ type: 'compose:warnings', phrases: [] }, contentScript, d);
    expect(d.session.data.has('warnings:7')).toBe(false);
  });

  it('opens a committee member by id, and ranks for them', async () => {
    const d = deps();
    await importBundle(generateWorkspace({ prospects: 60, touches: 300, seed: 3 }), dbSink(d.db));
    await routeMessage(pageContext, contentScript, d);
    const reply = await routeMessage(keyed({ type: 'sidebar:context', prospectId: 'p-marcus' }), sidebar, d);
    expect(reply.ok && reply.value).toMatchObject({ status: 'match', site: 'gmail', context: { prospect: { id: 'p-marcus' }, matchedBy: 'selected' } });
    const cues = await routeMessage(keyed({ type: 'sidebar:recommendations', prospectId: 'p-marcus' }), sidebar, d);
    expect(cues.ok && (cues.value as { messages: { message: { id: string } }[] }).messages[0]?.message.id).toBe('m-it-integration');
    const rules = await routeMessage({ type: 'compose:rules' }, contentScript, d);
    expect(rules.ok && Array.isArray(rules.value)).toBe(true);
  });

  it('fills the rep name from settings, and never lets slow settings hold up the cue card', async () => {
    const d = deps({ repName: async () => 'Sam Rep' });
    await importBundle(generateWorkspace({ prospects: 60, touches: 100, seed: 3 }), dbSink(d.db));
    await bindSidebar(d.session);
    const first = await routeMessage(keyed({ type: 'sidebar:recommendations', prospectId: 'p-dana' }), sidebar, d);
    expect(first.ok && (first.value as { repName?: string }).repName).toBe('Sam Rep');

    const slow = deps({ repName: () => new Promise<string>(() => undefined) });
    await importBundle(generateWorkspace({ prospects: 60, touches: 100, seed: 3 }), dbSink(slow.db));
    await bindSidebar(slow.session);
    const started = performance.now();
    const reply = await routeMessage(keyed({ type: 'sidebar:recommendations', prospectId: 'p-dana' }), sidebar, slow);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(reply.ok && (reply.value as { repName?: string }).repName).toBeUndefined();
  });
});

describe('a copy of our sidebar that the page embedded itself (clickjacking)', () => {
  const FORGED = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  it.each([
    ['no key at all', { type: 'sidebar:context' }, undefined],
    ['an empty key list', { type: 'sidebar:context' }, []],
    ['a made-up key', { type: 'sidebar:context' }, [FORGED]],
    ['a made-up key, inserting', insert, [FORGED]],
    ['a made-up key, reading recommendations', { type: 'sidebar:recommendations', prospectId: 'p-dana' }, [FORGED]],
    ['a made-up key, reading older touches', { type: 'sidebar:touches', prospectId: 'p-dana', limit: 10 }, [FORGED]],
    [
      'a made-up key, recording usage',
      { type: 'usage:record', event: { id: '7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f', type: 'message_copied', at: '2026-11-20T10:00:00Z', surface: 'gmail' } },
      [FORGED],
    ],
    ['keys that are not keys', { type: 'sidebar:context' }, ['not-a-uuid', 42]],
    ['too many keys', { type: 'sidebar:context' }, [...Array.from({ length: 16 }, () => FORGED), TEST_FRAME_KEY]],
  ])('refuses %s, and changes nothing', async (_name, message, keys) => {
    const sendToTab = vi.fn(async () => ({ inserted: true }));
    const d = deps({ sendToTab });
    await routeMessage(pageContext, contentScript, d);
    const before = JSON.stringify([...d.session.data.entries()]);
    const raw = keys === undefined ? message : { ...message, frameKeys: keys };
    expect(await routeMessage(raw, sidebar, d)).toEqual({ ok: false, error: { code: 'frame_key', message: expect.any(String) } });
    expect(sendToTab).not.toHaveBeenCalled();
    expect(await d.db.outbox.count()).toBe(0);
    expect(JSON.stringify([...d.session.data.entries()])).toBe(before);
  });

  it('answers the sidebar that holds its tab’s key among fakes the page posted to it', async () => {
    const d = deps();
    await routeMessage(pageContext, contentScript, d);
    const reply = await routeMessage(keyed({ type: 'sidebar:context' }, [FORGED, TEST_FRAME_KEY]), sidebar, d);
    expect(reply.ok).toBe(true);
    // Names the real one, so the sidebar can keep it ahead of later fakes.
    expect(reply.ok && reply.frameKey).toBe(TEST_FRAME_KEY);
  });

  it('refuses the key of another tab, and the old key once the page reloaded with a new one', async () => {
    const d = deps();
    await routeMessage(pageContext, contentScript, d);
    expect(await routeMessage(keyed({ type: 'sidebar:context' }), { ...sidebar, tab: { id: 8 } }, d)).toMatchObject({ ok: false, error: { code: 'frame_key' } });
    await routeMessage({ ...pageContext, frameKey: FORGED }, contentScript, d);
    expect(await routeMessage(keyed({ type: 'sidebar:context' }), sidebar, d)).toMatchObject({ ok: false, error: { code: 'frame_key' } });
    expect((await routeMessage(keyed({ type: 'sidebar:context' }, [FORGED]), sidebar, d)).ok).toBe(true);
  });

  it('never asks for a key from extension pages (options, dashboard)', async () => {
    const d = deps();
    const reply = await routeMessage({ type: 'store:counts' }, optionsPage, d);
    expect(reply.ok).toBe(true);
    expect(reply.ok && 'frameKey' in reply).toBe(false);
  });
});

describe('what reps actually sent (compose:sent)', () => {
  const cue = { kind: 'message', id: 'm-finance-freight-roi', version: 3, prospectId: 'p-dana', rank: 1 } as const;
  const assetCue = { kind: 'asset', id: 'a-tco', prospectId: 'p-dana', rank: 2 } as const;
  const sent = (items: Record<string, unknown>[]) => ({ type: 'compose:sent', site: 'gmail', items });

  async function insertCues(d: TestRouterDeps, ...cues: Record<string, unknown>[]) {
    await bindSidebar(d.session);
    for (const item of cues) {
      expect(await routeMessage(keyed({ ...insert, cue: item }), sidebar, d)).toMatchObject({ ok: true, value: { inserted: true } });
    }
  }

  it('hands the cue to the tab with the text, and remembers the insert only once the page took it', async () => {
    const d = deps();
    await insertCues(d, cue);
    expect(d.sentToTabs).toEqual([{ tabId: 7, message: { type: 'cuecard:insert-text', text: 'Hi Dana', cue } }]);
    expect(d.session.data.get('inserts:7')).toEqual([cue]);

    const refusing = deps({ sendToTab: async () => ({ inserted: false }) });
    await bindSidebar(refusing.session);
    await routeMessage(keyed({ ...insert, cue }), sidebar, refusing);
    expect(refusing.session.data.has('inserts:7')).toBe(false);
  });

  it('records one message_sent and one asset_sent, with retained and scheduled, ids and numbers only', async () => {
    const d = deps();
    await insertCues(d, cue, assetCue);
    const reply = await routeMessage(
      sent([
        { ...cue, retained: 0.95, scheduled: false },
        { ...assetCue, retained: 1, scheduled: false },
      ]),
      contentScript,
      d,
    );
    expect(reply).toEqual({ ok: true, value: 2 });
    // Same time, random ids: the outbox's order between the two says nothing.
    const events = (await d.db.outbox.toArray()).map((row) => row.event).sort((a, b) => b.type.localeCompare(a.type));
    expect(events).toEqual([
      { id: expect.any(String), at: DEMO_NOW, surface: 'gmail', type: 'message_sent', messageId: 'm-finance-freight-roi', messageVersion: 3, prospectId: 'p-dana', rank: 1, retained: 0.95, scheduled: false },
      { id: expect.any(String), at: DEMO_NOW, surface: 'gmail', type: 'asset_sent', assetId: 'a-tco', prospectId: 'p-dana', rank: 2, retained: 1, scheduled: false },
    ]);
    // An asset sent counts as "sent recently" for ranking.
    expect((await d.db.recentSends.toArray()).map((row) => [row.type, row.assetId])).toEqual([['asset_sent', 'a-tco']]);
  });

  it('records nothing for an insert this tab never received, and each insert once', async () => {
    const d = deps();
    await insertCues(d, cue);
    const forged = { ...cue, id: 'm-other', retained: 1, scheduled: false };
    expect(await routeMessage(sent([forged]), contentScript, d)).toEqual({ ok: true, value: 0 });
    expect(await routeMessage(sent([{ ...cue, retained: 1, scheduled: false }]), { ...contentScript, tab: { id: 8 } }, d)).toEqual({ ok: true, value: 0 });
    expect(await routeMessage(sent([{ ...cue, rank: 4, retained: 1, scheduled: false }]), contentScript, d)).toEqual({ ok: true, value: 0 });
    expect(await d.db.outbox.count()).toBe(0);

    expect(await routeMessage(sent([{ ...cue, retained: 0.5, scheduled: true }]), contentScript, d)).toEqual({ ok: true, value: 1 });
    // Replayed: the insert is used up.
    expect(await routeMessage(sent([{ ...cue, retained: 0.5, scheduled: true }]), contentScript, d)).toEqual({ ok: true, value: 0 });
    expect((await d.db.outbox.toArray()).map((row) => [row.event.type, row.event.scheduled])).toEqual([['message_sent', true]]);
    expect(d.session.data.has('inserts:7')).toBe(false);
  });

  it('records nothing for the hub before the rep agreed to share usage, yet remembers an asset sent for ranking', async () => {
    const d = deps({ settings: { usageConsent: false } });
    await insertCues(d, assetCue);
    expect(await routeMessage(sent([{ ...assetCue, retained: 1, scheduled: false }]), contentScript, d)).toEqual({ ok: true, value: 1 });
    expect(await d.db.outbox.count()).toBe(0);
    expect(await d.db.recentSends.count()).toBe(1);
  });

  it('refuses a send report from the sidebar or an extension page', async () => {
    const d = deps();
    await insertCues(d, cue);
    const report = sent([{ ...cue, retained: 1, scheduled: false }]);
    expect(await routeMessage(keyed(report), sidebar, d)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await routeMessage(report, optionsPage, d)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d.db.outbox.count()).toBe(0);
  });
});
