import { describe, expect, it } from 'vitest';
import { type ImportJournalEntry, type Touch } from '../../../lib/contract';
import { describeInterruptedImport, interruptedImports } from '../../../components/shared/interrupted-imports';
import { finishImportJournal, MAX_JOURNAL_ENTRIES, readImportJournal, startImportJournal, writeChunkJournaled } from '../../../lib/store/import-journal';
import { IMPORT_JOURNAL_KEY } from '../../../lib/store/meta-keys';
import { openDb } from '../../../lib/store/db';
import { freshDb } from './test-db';

const T0 = Date.parse('2026-11-20T10:42:00Z');
const FILE = { id: 'journal-0001', fileName: 'workspace.json', fileSize: 1_234_567 };

const touches = (from: number, n: number): Touch[] =>
  Array.from({ length: n }, (_, i) => ({ id: `t${from + i}`, prospectId: 'p1', type: 'page_view', occurredAt: '2026-11-01T10:00:00Z' }) as Touch);

describe('the import journal in the store', () => {
  it('starts an entry once per id, even when the start is sent again', async () => {
    const db = freshDb();
    const first = await startImportJournal(db, FILE, T0);
    const again = await startImportJournal(db, FILE, T0 + 5_000);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ ...FILE, startedAt: T0, rowsWritten: 0, chunks: 0, status: 'running' });
    expect(await readImportJournal(db)).toHaveLength(1);
  });

  it('counts rows in the chunk’s own transaction, and a re-sent chunk once', async () => {
    const db = freshDb();
    await startImportJournal(db, FILE, T0);
    await writeChunkJournaled(db, 'touches', touches(0, 3), { id: FILE.id, seq: 1 }, T0 + 1);
    await writeChunkJournaled(db, 'touches', touches(3, 2), { id: FILE.id, seq: 2 }, T0 + 2);
    // The reply to chunk 2 was lost; the page sends it again.
    await writeChunkJournaled(db, 'touches', touches(3, 2), { id: FILE.id, seq: 2 }, T0 + 3);
    const [entry] = await readImportJournal(db);
    expect(entry).toMatchObject({ rowsWritten: 5, chunks: 2, updatedAt: T0 + 2 });
    expect(await db.touches.count()).toBe(5);
  });

  it('a chunk that fails writes neither its rows nor its journal line', async () => {
    const db = freshDb();
    await startImportJournal(db, FILE, T0);
    await writeChunkJournaled(db, 'touches', touches(0, 2), { id: FILE.id, seq: 1 });
    // A row whose id is not a valid key makes the put fail: the whole chunk and its journal line roll back.
    const bad = [...touches(2, 2), { ...touches(9, 1)[0]!, id: {} as unknown as string }];
    await expect(writeChunkJournaled(db, 'touches', bad, { id: FILE.id, seq: 2 })).rejects.toThrow();
    const [entry] = await readImportJournal(db);
    expect(entry).toMatchObject({ rowsWritten: 2, chunks: 1 });
    expect(await db.touches.count()).toBe(2);
  });

  it('rows of an unknown or finished journal still land; the journal does not move', async () => {
    const db = freshDb();
    await writeChunkJournaled(db, 'touches', touches(0, 2), { id: 'nobody-0001', seq: 1 });
    expect(await db.touches.count()).toBe(2);
    expect(await readImportJournal(db)).toEqual([]);
    await startImportJournal(db, FILE, T0);
    await finishImportJournal(db, FILE.id, 'cancelled', T0 + 10);
    await writeChunkJournaled(db, 'touches', touches(2, 2), { id: FILE.id, seq: 1 });
    expect((await readImportJournal(db))[0]).toMatchObject({ status: 'cancelled', rowsWritten: 0, finishedAt: T0 + 10 });
  });

  it('finishing the same file again settles the entry that stopped; another file’s stays', async () => {
    const db = freshDb();
    await startImportJournal(db, FILE, T0);
    await startImportJournal(db, { id: 'journal-other', fileName: 'other.csv', fileSize: 10 }, T0 + 1);
    await startImportJournal(db, { ...FILE, id: 'journal-0002' }, T0 + 60_000);
    expect(await finishImportJournal(db, 'journal-0002', 'done', T0 + 70_000)).toMatchObject({ status: 'done' });
    const byId = Object.fromEntries((await readImportJournal(db)).map((entry) => [entry.id, entry.status]));
    expect(byId).toEqual({ [FILE.id]: 'superseded', 'journal-other': 'running', 'journal-0002': 'done' });
  });

  it('a failed or cancelled import settles only itself; finishing twice changes nothing', async () => {
    const db = freshDb();
    await startImportJournal(db, FILE, T0);
    await startImportJournal(db, { ...FILE, id: 'journal-0002' }, T0 + 1);
    await finishImportJournal(db, 'journal-0002', 'failed', T0 + 2);
    await finishImportJournal(db, 'journal-0002', 'done', T0 + 3);
    const entries = await readImportJournal(db);
    expect(entries.map((entry) => [entry.id, entry.status])).toEqual([
      [FILE.id, 'running'],
      ['journal-0002', 'failed'],
    ]);
    expect(await finishImportJournal(db, 'missing-0001', 'done')).toBeNull();
  });

  it('keeps at most MAX_JOURNAL_ENTRIES, dropping finished history before warnings', async () => {
    const db = freshDb();
    await startImportJournal(db, { ...FILE, id: 'stopped-0001' }, T0);
    for (let i = 0; i < MAX_JOURNAL_ENTRIES + 5; i++) {
      const id = `journal-${String(i).padStart(4, '0')}`;
      await startImportJournal(db, { ...FILE, fileName: `f${i}.json`, id }, T0 + 1 + i);
      await finishImportJournal(db, id, 'done', T0 + 1 + i);
    }
    const entries = await readImportJournal(db);
    expect(entries).toHaveLength(MAX_JOURNAL_ENTRIES);
    expect(entries.some((entry) => entry.id === 'stopped-0001')).toBe(true);
  });

  it('survives closing and reopening the database (a browser restart)', async () => {
    const name = `journal-reopen-${Math.random()}`;
    const db = openDb(name);
    await startImportJournal(db, FILE, T0);
    await writeChunkJournaled(db, 'touches', touches(0, 4), { id: FILE.id, seq: 1 });
    db.close();
    const reopened = openDb(name);
    expect((await readImportJournal(reopened))[0]).toMatchObject({ status: 'running', rowsWritten: 4 });
    expect(await reopened.touches.count()).toBe(4);
  });

  it('reads an unreadable journal as empty instead of failing imports', async () => {
    const db = freshDb();
    await db.meta.put({ key: IMPORT_JOURNAL_KEY, value: 'garbage' });
    expect(await readImportJournal(db)).toEqual([]);
    await db.meta.put({ key: IMPORT_JOURNAL_KEY, value: { entries: [{ id: 1 }, null, { ...FILE, startedAt: T0, updatedAt: T0, rowsWritten: 1, chunks: 1, status: 'running' }] } });
    expect((await readImportJournal(db)).map((entry) => entry.id)).toEqual([FILE.id]);
    expect(await startImportJournal(db, { ...FILE, id: 'journal-0002' }, T0)).toMatchObject({ status: 'running' });
  });
});

const entry = (over: Partial<ImportJournalEntry>): ImportJournalEntry => ({
  ...FILE,
  startedAt: T0,
  updatedAt: T0,
  rowsWritten: 12_000,
  chunks: 6,
  status: 'running',
  ...over,
});

describe('which imports stopped', () => {
  it('unfinished entries without a live page’s lock, newest first', () => {
    const entries = [
      entry({ id: 'a-000001', startedAt: T0 }),
      entry({ id: 'b-000001', startedAt: T0 + 10 }),
      entry({ id: 'c-000001', status: 'done' }),
      entry({ id: 'd-000001', status: 'superseded' }),
    ];
    expect(interruptedImports(entries, new Set()).map((e) => e.id)).toEqual(['b-000001', 'a-000001']);
    // b is being imported in another tab right now.
    expect(interruptedImports(entries, new Set(['b-000001'])).map((e) => e.id)).toEqual(['a-000001']);
  });

  it('without Web Locks, only entries quiet for 2 minutes count as stopped', () => {
    const entries = [entry({ id: 'a-000001', updatedAt: T0 }), entry({ id: 'b-000001', updatedAt: T0 + 100_000 })];
    expect(interruptedImports(entries, undefined, T0 + 150_000).map((e) => e.id)).toEqual(['a-000001']);
  });
});

describe('the warning', () => {
  it('names the file, the start time and the rows kept, and says what to do', () => {
    expect(describeInterruptedImport(entry({}), T0 + 60_000, 'UTC')).toBe(
      'The import of ‘workspace.json’ (started 10:42) stopped after 12,000 of its rows, when the browser or the page closed or Cuecard restarted. ' +
        'The 12,000 rows are kept; import the same file again to finish — rows already imported are updated, not doubled.',
    );
  });

  it('adds the day when the import was not today, and says so when nothing was written', () => {
    const text = describeInterruptedImport(entry({ rowsWritten: 0 }), T0 + 3 * 86_400_000, 'UTC');
    expect(text).toMatch(/\(started 20 Nov, 10:42\) stopped after 0 of its rows/);
    expect(text).toMatch(/Nothing from it was written; import the file again\.$/);
  });
});
