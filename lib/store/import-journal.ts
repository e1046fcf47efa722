/**
 * The import journal: what an import started, how far it got, how it ended. An import lives in
 * the options page (the file is only in that page's memory), so closing the browser or the page
 * stops it for good; the journal is how the next page learns that and tells the rep.
 * Kept in `meta` under IMPORT_JOURNAL_KEY; the rows-written counter moves in the same transaction
 * as each chunk, so it never claims a row the store lacks, nor misses one it has.
 */
import type { CollectionName, ImportJournalEntry, ImportOutcome, RowTypes } from '../contract';
import type { CuecardDb } from './db';
import { writeChunk } from './write';

import { IMPORT_JOURNAL_KEY } from './meta-keys';
/** Entries kept; unfinished ones go last. */
export const MAX_JOURNAL_ENTRIES = 20;

export interface JournalStart {
  id: string;
  fileName: string;
  fileSize: number;
}

export interface ChunkJournal {
  id: string;
  /** 1, 2, 3… in the order the page sends its chunks. */
  seq: number;
}

function isEntry(value: unknown): value is ImportJournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.fileName === 'string' &&
    typeof entry.fileSize === 'number' &&
    typeof entry.startedAt === 'number' &&
    typeof entry.rowsWritten === 'number' &&
    typeof entry.chunks === 'number' &&
    typeof entry.status === 'string'
  );
}

/** Entries as stored; anything unreadable counts as no journal rather than breaking imports. */
function entriesOf(value: unknown): ImportJournalEntry[] {
  const list = (value as { entries?: unknown } | undefined)?.entries;
  return Array.isArray(list) ? list.filter(isEntry) : [];
}

function bounded(entries: ImportJournalEntry[]): ImportJournalEntry[] {
  if (entries.length <= MAX_JOURNAL_ENTRIES) return entries;
  // Finished entries are history; unfinished ones are warnings the rep has not seen yet.
  const ranked = [...entries].sort((a, b) => Number(a.status === 'running') - Number(b.status === 'running') || a.startedAt - b.startedAt);
  const drop = new Set(ranked.slice(0, entries.length - MAX_JOURNAL_ENTRIES).map((entry) => entry.id));
  return entries.filter((entry) => !drop.has(entry.id));
}

async function read(db: CuecardDb): Promise<ImportJournalEntry[]> {
  return entriesOf((await db.meta.get(IMPORT_JOURNAL_KEY))?.value);
}

async function write(db: CuecardDb, entries: ImportJournalEntry[]): Promise<void> {
  await db.meta.put({ key: IMPORT_JOURNAL_KEY, value: { entries: bounded(entries) } });
}

export async function readImportJournal(db: CuecardDb): Promise<ImportJournalEntry[]> {
  return read(db);
}

/** Idempotent per id: a start re-sent after a lost reply returns the entry already made. */
export async function startImportJournal(db: CuecardDb, start: JournalStart, now = Date.now()): Promise<ImportJournalEntry> {
  return db.transaction('rw', db.meta, async () => {
    const entries = await read(db);
    const existing = entries.find((entry) => entry.id === start.id);
    if (existing) return existing;
    const entry: ImportJournalEntry = { ...start, startedAt: now, updatedAt: now, rowsWritten: 0, chunks: 0, status: 'running' };
    await write(db, [...entries, entry]);
    return entry;
  });
}

/** One chunk and its journal line in one transaction (lib/store/write.ts writeChunk, plus the journal). */
export async function writeChunkJournaled<C extends CollectionName>(
  db: CuecardDb,
  collection: C,
  rows: RowTypes[C][],
  journal: ChunkJournal,
  now = Date.now(),
): Promise<number> {
  return writeChunk(db, collection, rows, {
    tables: [db.meta],
    async run(written) {
      const entries = await read(db);
      const entry = entries.find((candidate) => candidate.id === journal.id);
      // Rows of an unknown or ended journal still land: the journal reports, it never gates a write.
      if (!entry || entry.status !== 'running' || journal.seq <= entry.chunks) return;
      entry.rowsWritten += written;
      entry.chunks = journal.seq;
      entry.updatedAt = now;
      await write(db, entries);
    },
  });
}

/**
 * Ends an entry. A finished import ("done") also settles the unfinished entries of the same file
 * (same name and size): importing it again completed what they started.
 */
export async function finishImportJournal(db: CuecardDb, id: string, outcome: ImportOutcome, now = Date.now()): Promise<ImportJournalEntry | null> {
  return db.transaction('rw', db.meta, async () => {
    const entries = await read(db);
    const entry = entries.find((candidate) => candidate.id === id);
    // Finishing twice (a reply lost, the finish sent again) changes nothing the second time.
    if (!entry || entry.status !== 'running') return entry ?? null;
    entry.status = outcome;
    entry.finishedAt = now;
    entry.updatedAt = now;
    if (outcome === 'done') {
      for (const other of entries) {
        if (other.status === 'running' && other.id !== id && other.fileName === entry.fileName && other.fileSize === entry.fileSize) {
          other.status = 'superseded';
          other.finishedAt = now;
          other.updatedAt = now;
        }
      }
    }
    await write(db, entries);
    return entry;
  });
}
