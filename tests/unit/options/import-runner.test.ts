/**
 * The options page's import against a background that dies: the real router and store (fake
 * IndexedDB) behind a fake runtime.sendMessage that loses chunks the way Chromium does when the
 * service worker is stopped — before the write, or after it with the reply lost.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { routeMessage, type RouterDeps } from '../../../lib/background/router';
import { testRouterDeps } from '../background/test-deps';
import { generateWorkspace } from '../../../lib/demo/generate';
import { readImportJournal } from '../../../lib/store/import-journal';
import { countRows } from '../../../lib/store/write';
import { freshDb } from '../store/test-db';

const RUNTIME_ID = 'cuecard-test-id';
const ORIGIN = `chrome-extension://${RUNTIME_ID}`;
const CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

type Fault = 'before-write' | 'reply-lost' | 'quota';
const fake = vi.hoisted(() => ({
  send: (async () => undefined) as (message: unknown) => Promise<unknown>,
}));
vi.mock('wxt/browser', () => ({ browser: { runtime: { sendMessage: (message: unknown) => fake.send(message) } } }));
// Real waits would only slow the test: the retry delays are unit-tested in tests/unit/messaging.
vi.mock('../../../lib/messaging/retry', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lib/messaging/retry')>();
  return { ...actual, BACKGROUND_RETRY_DELAYS_MS: [0, 0, 0, 0, 0, 0], retryWhenBackgroundGone: (attempt: () => Promise<unknown>, options = {}) => actual.retryWhenBackgroundGone(attempt, { ...options, sleep: async () => undefined }) };
});

const { importJsonFile } = await import('../../../components/options/import-runner');
const { loadInterruptedImports, IMPORT_LOCK_PREFIX } = await import('../../../components/shared/interrupted-imports');

/** Web Locks as a page has them: held while the callback runs, gone when the page dies. */
const held = new Set<string>();
vi.stubGlobal('navigator', {
  locks: {
    request: async (name: string, run: () => Promise<unknown>) => {
      held.add(name);
      try {
        return await run();
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })), pending: [] }),
  },
});

let deps: RouterDeps;
/** Chunk requests seen so far (1-based), and what goes wrong at which one. */
let chunkCalls = 0;
let faults: Map<number, Fault>;

beforeEach(() => {
  deps = testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN });
  chunkCalls = 0;
  faults = new Map();
  fake.send = async (message) => {
    const type = (message as { type?: string }).type;
    if (type === 'import:chunk') {
      chunkCalls++;
      const fault = faults.get(chunkCalls);
      if (fault === 'before-write') throw new Error(CLOSED);
      if (fault === 'quota') return { ok: false, error: { code: 'quota', message: 'No space left.' } };
      const reply = await routeMessage(message, { id: RUNTIME_ID, origin: ORIGIN }, deps);
      if (fault === 'reply-lost') throw new Error(CLOSED);
      return reply;
    }
    return routeMessage(message, { id: RUNTIME_ID, origin: ORIGIN }, deps);
  };
});

const bundle = generateWorkspace({ prospects: 40, touches: 900, seed: 5 });
const file = () => new File([JSON.stringify(bundle)], 'workspace.json', { type: 'application/json' });

describe('importing while the background dies', () => {
  it('ends with exactly the file’s rows when chunks are lost before and after their write', async () => {
    const clean = await importJsonFile(file(), { chunkSize: 100 });
    const expected = await countRows(deps.db);
    expect(clean.imported).toEqual(expected);

    deps = { ...deps, db: freshDb() };
    chunkCalls = 0;
    faults = new Map<number, Fault>([
      [2, 'before-write'],
      [3, 'reply-lost'],
      [4, 'reply-lost'],
      [7, 'before-write'],
      [8, 'before-write'],
    ]);
    const retries: number[] = [];
    const report = await importJsonFile(file(), { chunkSize: 100 }, { onRetry: (retry) => retries.push(retry) });
    expect(report.imported).toEqual(expected);
    expect(await countRows(deps.db)).toEqual(expected);
    // Attempts 2–4 are chunk 2 (lost before, then twice after its write), 7–8 are chunk 5.
    expect(retries).toEqual([1, 2, 3, 1, 2]);
    // The journal counted every chunk once, re-sent or not, and the import ended.
    const [entry] = await readImportJournal(deps.db);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(entry).toMatchObject({ fileName: 'workspace.json', rowsWritten: total, status: 'done' });
    expect(await loadInterruptedImports()).toEqual([]);
  });

  it('never retries a quota error: the import stops, the journal says failed', async () => {
    faults = new Map<number, Fault>([[3, 'quota']]);
    await expect(importJsonFile(file(), { chunkSize: 100 })).rejects.toThrow(/No space left/);
    expect(chunkCalls).toBe(3);
    const [entry] = await readImportJournal(deps.db);
    expect(entry).toMatchObject({ status: 'failed', chunks: 2 });
  });

  it('gives up on a background that stays away, and says so', async () => {
    fake.send = async (message) => {
      if ((message as { type?: string }).type === 'import:chunk') throw new Error('Could not establish connection. Receiving end does not exist.');
      return routeMessage(message, { id: RUNTIME_ID, origin: ORIGIN }, deps);
    };
    await expect(importJsonFile(file(), { chunkSize: 100 })).rejects.toThrow(/Receiving end does not exist/);
  });

  it('an import whose page died is reported as stopped, with its rows', async () => {
    const cancel = new AbortController();
    let chunks = 0;
    let lockDuringImport: string[] = [];
    const send = fake.send;
    fake.send = async (message) => {
      const reply = await send(message);
      // The page closes after 3 chunks: no finish ever arrives.
      if ((message as { type?: string }).type === 'import:chunk' && ++chunks === 3) {
        lockDuringImport = [...held];
        fake.send = async (next) => ((next as { type?: string }).type === 'import:journal-finish' ? { ok: true, value: null } : send(next));
        cancel.abort();
      }
      return reply;
    };
    await importJsonFile(file(), { chunkSize: 100, signal: cancel.signal });
    // While it ran, its page held the lock that tells other pages "not stopped, running".
    expect(lockDuringImport).toHaveLength(1);
    expect(lockDuringImport[0]!.startsWith(IMPORT_LOCK_PREFIX)).toBe(true);
    fake.send = send;
    const [stopped] = await loadInterruptedImports();
    // Three chunks (prospects, messages, assets are one chunk each here): exactly what the store holds.
    const stored = Object.values(await countRows(deps.db)).reduce((a, b) => a + b, 0);
    expect(stopped).toMatchObject({ fileName: 'workspace.json', rowsWritten: stored, chunks: 3, status: 'running' });
    expect(stored).toBeGreaterThan(0);
    // Importing the same file again finishes it: the warning goes.
    await importJsonFile(file(), { chunkSize: 100 });
    expect(await loadInterruptedImports()).toEqual([]);
  });
});
