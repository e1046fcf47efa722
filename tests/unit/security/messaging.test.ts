/**
 * Table-driven rejection tests for the runtime message channel (DESIGN.md "Security and lifecycle
 * rules"): every request type in lib/contract/messages.ts × every sender kind. A pair that
 * ALLOWED_SENDERS does not list is refused with `forbidden` before any handler runs, and leaves no
 * trace: no database row, no session/local key, no message to a tab.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeRequest, SITE_IDS, type RequestType } from '../../../lib/contract';
import { routeMessage } from '../../../lib/background/router';
import { ALLOWED_SENDERS, classifySender, type SenderKind, type SenderLike } from '../../../lib/background/sender';
import { SUPPORTED_HOST_PATTERNS } from '../../../lib/sites/registry';
import { testRouterDeps } from '../background/test-deps';

const RUNTIME_ID = 'cuecard-test-id';
const ORIGIN = `chrome-extension://${RUNTIME_ID}`;
const SUPPORTED_PAGE = 'https://northwind.lightning.force.com';

const deps = () => testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN });

/** One representative sender per kind, plus every way of being "unknown" we know of. */
const SENDERS: Record<string, { sender: SenderLike; kind: SenderKind }> = {
  'options page (no tab)': { sender: { id: RUNTIME_ID, origin: ORIGIN }, kind: 'extension-page' },
  'options page in a tab': { sender: { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 9 }, frameId: 0 }, kind: 'extension-page' },
  'content script (supported host)': { sender: { id: RUNTIME_ID, origin: SUPPORTED_PAGE, tab: { id: 7 }, frameId: 0 }, kind: 'content-script' },
  'sidebar iframe': { sender: { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 7 }, frameId: 3 }, kind: 'sidebar' },
  'another extension': { sender: { id: 'evil-ext', origin: 'chrome-extension://evil-ext', tab: { id: 7 }, frameId: 0 }, kind: 'unknown' },
  'another extension claiming our origin': { sender: { id: 'evil-ext', origin: ORIGIN }, kind: 'unknown' },
  'web page (externally_connectable, no id)': { sender: { origin: SUPPORTED_PAGE, tab: { id: 7 }, frameId: 0 }, kind: 'unknown' },
  'our content script in a sub-frame': { sender: { id: RUNTIME_ID, origin: 'https://ads.example', tab: { id: 7 }, frameId: 5 }, kind: 'unknown' },
  'no origin': { sender: { id: RUNTIME_ID, tab: { id: 7 }, frameId: 0 }, kind: 'unknown' },
  'web origin without a tab': { sender: { id: RUNTIME_ID, origin: SUPPORTED_PAGE }, kind: 'unknown' },
  'negative tab id': { sender: { id: RUNTIME_ID, origin: ORIGIN, tab: { id: -1 }, frameId: 0 }, kind: 'unknown' },
  'empty sender': { sender: {}, kind: 'unknown' },
};

const EVENT_ID = '7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f';

/** A well-formed payload of every request type: the refusal must come from the sender check, not the schema. */
const VALID: Record<RequestType, Record<string, unknown>> = {
  'page:context': { type: 'page:context', site: 'salesforce', ref: { emails: ['dana@northwind.example'] }, settled: true },
  'sidebar:context': { type: 'sidebar:context' },
  'sidebar:recommendations': { type: 'sidebar:recommendations', prospectId: 'p1' },
  'sidebar:account': { type: 'sidebar:account' },
  'compose:insert': { type: 'compose:insert', text: 'Hello', cue: { kind: 'message', id: 'm1', version: 2, prospectId: 'p1', rank: 1 } },
  'compose:sent': { type: 'compose:sent', site: 'gmail', items: [{ kind: 'message', id: 'm1', version: 2, prospectId: 'p1', rank: 1, retained: 0.95, scheduled: false }] },
  'compose:rules': { type: 'compose:rules' },
  'compose:warnings': { type: 'compose:warnings', phrases: [{ phrase: 'guarantee', ruleId: 'm1' }] },
  'sidebar:touches': { type: 'sidebar:touches', prospectId: 'p1', limit: 10 },
  'import:chunk': { type: 'import:chunk', collection: 'prospects', rows: [{ id: 'p-evil', email: 'evil@x.example' }] },
  'import:resolve': { type: 'import:resolve', lookups: [{ email: 'dana@northwind.example' }] },
  'import:journal-start': { type: 'import:journal-start', journalId: 'j-0123456789', fileName: 'workspace.json', fileSize: 1234 },
  'import:journal-finish': { type: 'import:journal-finish', journalId: 'j-0123456789', outcome: 'done' },
  'import:journal': { type: 'import:journal' },
  'usage:record': { type: 'usage:record', event: { id: EVENT_ID, type: 'message_copied', at: '2026-11-20T10:00:00Z', surface: 'salesforce' } },
  'diagnostics:context': { type: 'diagnostics:context', ref: { emails: ['dana@northwind.example'] } },
  'store:counts': { type: 'store:counts' },
  'store:usage': { type: 'store:usage' },
  'settings:get': { type: 'settings:get' },
  'settings:save': { type: 'settings:save', patch: { hubUrl: 'https://evil.example', hubToken: 'stolen' } },
  'hub:test': { type: 'hub:test' },
  'sso:sign-in': { type: 'sso:sign-in' },
  'sso:sign-out': { type: 'sso:sign-out' },
  'sso:available': { type: 'sso:available' },
  'sync:now': { type: 'sync:now' },
  'sync:status': { type: 'sync:status' },
  'reports:usage': { type: 'reports:usage' },
  'reports:leads': { type: 'reports:leads', groupBy: 'campaign' },
  'leads:waiting': { type: 'leads:waiting' },
  'data:wipe': { type: 'data:wipe' },
};

const TYPES = Object.keys(ALLOWED_SENDERS) as RequestType[];

async function expectNoSideEffect(d: ReturnType<typeof deps>) {
  expect(await d.db.prospects.count()).toBe(0);
  expect(await d.db.outbox.count()).toBe(0);
  // meta: sync cursor and the import journal.
  expect(await d.db.meta.count()).toBe(0);
  expect([...d.session.data.keys()]).toEqual([]);
  expect([...d.local.data.keys()]).toEqual([]);
  expect(d.sentToTabs).toEqual([]);
}

describe('the table covers the contract', () => {
  it('has a valid payload and a sender rule for every request type in messages.ts', () => {
    const fromSchema = runtimeRequest.options.flatMap((option) =>
      'options' in option ? option.options.map((inner) => inner.shape.type.value) : [option.shape.type.value],
    );
    expect(new Set(fromSchema)).toEqual(new Set(TYPES));
    expect(new Set(Object.keys(VALID))).toEqual(new Set(TYPES));
    for (const type of TYPES) expect(runtimeRequest.safeParse(VALID[type]).success, type).toBe(true);
  });

  it.each(Object.entries(SENDERS))('classifies %s as expected', (_name, { sender, kind }) => {
    expect(classifySender(sender, RUNTIME_ID, ORIGIN)).toBe(kind);
  });
});

const refusals = TYPES.flatMap((type) =>
  Object.entries(SENDERS)
    .filter(([, { kind }]) => !ALLOWED_SENDERS[type].includes(kind))
    .map(([name, { sender }]) => [type, name, sender] as const),
);

describe(`every disallowed (request type × sender) pair is refused (${refusals.length} pairs)`, () => {
  it.each(refusals)('%s from %s → forbidden, no side effect', async (type, _name, sender) => {
    const d = deps();
    const reply = await routeMessage(VALID[type], sender, d);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    await expectNoSideEffect(d);
  });

  it('privileged requests are never allowed from a content script or the sidebar', () => {
    for (const type of ['settings:get', 'settings:save', 'hub:test', 'sync:now', 'data:wipe', 'import:chunk', 'import:journal-start', 'import:journal-finish', 'import:journal', 'reports:usage', 'reports:leads', 'leads:waiting'] as const) {
      expect(ALLOWED_SENDERS[type]).toEqual(['extension-page']);
    }
  });

  it('the unknown sender kind may send nothing', () => {
    for (const type of TYPES) expect(ALLOWED_SENDERS[type]).not.toContain('unknown');
  });
});

const MALFORMED: [string, unknown][] = [
  ['unknown type', { type: 'store:wipe' }],
  ['type with different case', { type: 'PAGE:CONTEXT', site: 'salesforce', ref: null, settled: true }],
  ['prototype key as type', { type: '__proto__' }],
  ['constructor as type', { type: 'constructor' }],
  ['no type', { collection: 'prospects' }],
  ['array', [VALID['store:counts']]],
  ['string', 'page:context'],
  ['number', 42],
  ['null', null],
  ['undefined', undefined],
  ['page:context with unknown site', { ...VALID['page:context'], site: 'evil.example' }],
  ['page:context with 51 emails', { ...VALID['page:context'], ref: { emails: Array.from({ length: 51 }, (_, i) => `a${i}@b.co`) } }],
  ['page:context with a 1 MB name', { ...VALID['page:context'], ref: { emails: [], name: 'x'.repeat(1_000_000) } }],
  ['page:context without settled', { type: 'page:context', site: 'salesforce', ref: null }],
  ['compose:insert empty', { type: 'compose:insert', text: '' }],
  ['compose:insert over 20,000 chars', { type: 'compose:insert', text: 'x'.repeat(20_001) }],
  ['compose:insert with a cue of an unknown kind', { ...VALID['compose:insert'], cue: { kind: 'brief', id: 'b1' } }],
  ['compose:insert with page text in its cue', { ...VALID['compose:insert'], cue: { kind: 'message', id: 'm1', text: 'Dear Dana, …' } }],
  ['compose:sent carrying the draft', { ...VALID['compose:sent'], draft: 'Dear Dana, …' }],
  ['compose:sent with draft text in an item', { type: 'compose:sent', site: 'gmail', items: [{ kind: 'message', id: 'm1', retained: 1, scheduled: false, body: 'Dear Dana' }] }],
  ['compose:sent with retained above 1', { type: 'compose:sent', site: 'gmail', items: [{ kind: 'message', id: 'm1', retained: 1.5, scheduled: false }] }],
  ['compose:sent without scheduled', { type: 'compose:sent', site: 'gmail', items: [{ kind: 'message', id: 'm1', retained: 1 }] }],
  ['compose:sent with no items', { type: 'compose:sent', site: 'gmail', items: [] }],
  ['compose:sent with 21 items', { type: 'compose:sent', site: 'gmail', items: Array.from({ length: 21 }, (_, i) => ({ kind: 'asset', id: `a${i}`, retained: 1, scheduled: false })) }],
  ['compose:sent from an unknown site', { ...VALID['compose:sent'], site: 'evil.example' }],
  ['compose:warnings with 51 phrases', { type: 'compose:warnings', phrases: Array.from({ length: 51 }, () => ({ phrase: 'a', ruleId: 'b' })) }],
  ['sidebar:touches limit 0', { ...VALID['sidebar:touches'], limit: 0 }],
  ['sidebar:touches limit 10^9', { ...VALID['sidebar:touches'], limit: 1e9 }],
  ['import:chunk javascript: url', { type: 'import:chunk', collection: 'assets', rows: [{ id: 'a', title: 't', url: 'javascript:alert(1)', kind: 'k', status: 'approved' }] }],
  ['import:chunk unknown collection', { type: 'import:chunk', collection: 'users', rows: [] }],
  ['import:chunk over 5,000 rows', { type: 'import:chunk', collection: 'prospects', rows: Array.from({ length: 5_001 }, (_, i) => ({ id: `p${i}`, email: 'a@b.co' })) }],
  ['import:chunk with a journal id that is not an id', { ...VALID['import:chunk'], journal: { id: '../../meta', seq: 1 } }],
  ['import:chunk with journal seq 0', { ...VALID['import:chunk'], journal: { id: 'j-0123456789', seq: 0 } }],
  ['import:chunk with an extra journal key', { ...VALID['import:chunk'], journal: { id: 'j-0123456789', seq: 1, rowsWritten: 1e9 } }],
  ['import:journal-start with a 261-char file name', { ...VALID['import:journal-start'], fileName: 'x'.repeat(261) }],
  ['import:journal-start with an empty file name', { ...VALID['import:journal-start'], fileName: '' }],
  ['import:journal-start with a negative size', { ...VALID['import:journal-start'], fileSize: -1 }],
  ['import:journal-start with rows already written', { ...VALID['import:journal-start'], rowsWritten: 5 }],
  ['import:journal-finish with an unknown outcome', { ...VALID['import:journal-finish'], outcome: 'running' }],
  ['import:journal-finish with a 65-char id', { ...VALID['import:journal-finish'], journalId: 'a'.repeat(65) }],
  ['import:journal with a key', { type: 'import:journal', key: 'importJournal' }],
  ['usage:record with a non-uuid id', { type: 'usage:record', event: { ...(VALID['usage:record'].event as object), id: 'x' } }],
  ['usage:record with a 501-char request', { type: 'usage:record', event: { ...(VALID['usage:record'].event as object), request: 'x'.repeat(501) } }],
  ['settings:save with an unknown key', { type: 'settings:save', patch: { isAdmin: true } }],
  ['settings:save with a __proto__ key', { type: 'settings:save', patch: JSON.parse('{"__proto__": {"polluted": 1}}') }],
  ['reports:usage with a bad date', { type: 'reports:usage', from: "2026'; DROP TABLE usage_events; --" }],
];

describe('unknown types and malformed payloads are dropped before any handler', () => {
  it.each(MALFORMED)('%s → bad_request', async (_name, message) => {
    // The most privileged sender: if the schema lets something through, nothing else stops it.
    for (const { sender } of [SENDERS['options page (no tab)']!, SENDERS['content script (supported host)']!, SENDERS['sidebar iframe']!]) {
      const d = deps();
      expect(await routeMessage(message, sender, d)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      await expectNoSideEffect(d);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('senders of unsupported origins', () => {
  /** Is `origin` one of the manifest's content-script matches (`https://*.x.com/*`, `https://host/*`)? */
  const supported = (origin: string) =>
    SUPPORTED_HOST_PATTERNS.some((pattern) => {
      const host = /^https:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';
      const hostname = new URL(origin).hostname;
      return host.startsWith('*.') ? hostname.endsWith(host.slice(1)) : hostname === host;
    });

  it('the test origins are what they claim to be', () => {
    expect(supported(SUPPORTED_PAGE)).toBe(true);
    expect(supported('https://evil.example')).toBe(false);
  });

  it('accepts page:context from a content script on a supported host', async () => {
    const d = deps();
    expect(await routeMessage(VALID['page:context'], SENDERS['content script (supported host)']!.sender, d)).toEqual({ ok: true, value: null });
  });

  /* A renderer of a host outside the manifest's matches cannot be our content script: refused. */
  it('refuses page:context from a "content script" of an unsupported host (https://evil.example)', async () => {
    const d = deps();
    const sender = { id: RUNTIME_ID, origin: 'https://evil.example', tab: { id: 7 }, frameId: 0 };
    expect(await routeMessage(VALID['page:context'], sender, d)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expectNoSideEffect(d);
  });

  it.each(['http://northwind.lightning.force.com', 'null', 'file://', 'data:'])(
    'an opaque or non-https origin (%s) in a sub-frame is unknown',
    (origin) => {
      expect(classifySender({ id: RUNTIME_ID, origin, tab: { id: 7 }, frameId: 2 }, RUNTIME_ID, ORIGIN)).toBe('unknown');
    },
  );
});

describe('site ids', () => {
  it('page:context accepts only the known site ids', () => {
    for (const site of SITE_IDS) expect(runtimeRequest.safeParse({ ...VALID['page:context'], site }).success).toBe(true);
  });
});

describe('no external channels', () => {
  const ROOT = path.resolve(import.meta.dirname, '../../..');
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.(ts|tsx)$/.test(name) ? [full] : [];
    });

  /**
   * The one window-messaging exchange: the frame key handshake (a capability, never data). Each
   * file must check the message's source window, and the content script must post with an
   * explicit extension origin, never '*'.
   */
  const FRAME_KEY_FILES: Record<string, RegExp[]> = {
    'lib/page/frame-key.ts': [/event\.source !== frame\.contentWindow/, /postMessage\(\{ type: FRAME_KEY_MESSAGE, key \}, targetOrigin\)/],
    'components/sidebar/frame-keys.ts': [/event\.source !== win\.parent/, /postMessage\(\{ type: FRAME_HELLO_MESSAGE \}, '\*'\)/],
  };

  it('no source listens on onMessageExternal/onConnectExternal or posts to window (except the vetted frame-key handshake)', () => {
    const offenders: string[] = [];
    for (const file of ['entrypoints', 'lib', 'components'].flatMap((dir) => sources(path.join(ROOT, dir)))) {
      const code = readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      if (/onMessageExternal|onConnectExternal/.test(code)) offenders.push(`${name}: external runtime channel`);
      if (/addEventListener\(\s*['"]message['"]|\bonmessage\s*=|\.postMessage\(/.test(code) && !FRAME_KEY_FILES[name]) offenders.push(`${name}: window messaging`);
    }
    expect(offenders).toEqual([]);
    for (const [name, required] of Object.entries(FRAME_KEY_FILES)) {
      const code = readFileSync(path.join(ROOT, name), 'utf8');
      for (const pattern of required) expect(code, `${name} must match ${pattern}`).toMatch(pattern);
      // Only the hello (which says nothing) may go to '*'.
      expect(code.match(/postMessage\([^)]*'\*'\)/g) ?? []).toHaveLength(name.startsWith('components/sidebar/') ? 1 : 0);
    }
  });
});
