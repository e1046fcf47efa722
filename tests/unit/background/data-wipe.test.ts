import { describe, expect, it } from 'vitest';
import { hubHandlers } from '../../../lib/background/hub-handlers';
import type { HubDeps } from '../../../lib/background/hub-service';
import { SIDEBAR_PING_KEY, SYNC_STATUS_KEY } from '../../../lib/contract';
import type { SettingsStores } from '../../../lib/settings/settings';
import { openDb } from '../../../lib/store/db';
import { CURSOR_KEY, IMPORT_JOURNAL_KEY } from '../../../lib/store/meta-keys';
import { readImportJournal, startImportJournal } from '../../../lib/store/import-journal';
import { recordUsage } from '../../../lib/store/outbox';
import { writeChunk } from '../../../lib/store/write';
import { memoryArea } from './memory-area';
import { memoryAlarms } from './test-deps';

const noSettings: SettingsStores = {
  readUser: async () => undefined,
  writeUser: async () => undefined,
  readManaged: async () => ({}),
  readToken: async () => 'cch_kept',
  writeToken: async () => undefined,
};

describe('data:wipe (the options page’s "Delete local data")', () => {
  it('deletes the cached workspace, sync position and import journal, keeps the outbox, recent sends and token, and pings sidebars', async () => {
    const db = openDb('wipe-test');
    const local = memoryArea();
    const deps: HubDeps = { db, local, settings: noSettings, alarms: memoryAlarms() };
    await writeChunk(db, 'prospects', [{ id: 'p-dana', email: 'dana@northwind.example', name: 'Dana' }]);
    await writeChunk(db, 'touches', [{ id: 't1', prospectId: 'p-dana', type: 'webinar', occurredAt: '2026-11-01T10:00:00Z' }]);
    await db.meta.bulkPut([
      { key: CURSOR_KEY, value: 42 },
      { key: 'hubToken', value: 'cch_kept' },
    ]);
    await startImportJournal(db, { id: 'j-1', fileName: 'workspace.json', fileSize: 1_000 });
    expect(await readImportJournal(db)).toHaveLength(1);
    await local.set({ [SYNC_STATUS_KEY]: { lastSuccessAt: '2026-11-01T10:00:00Z' } });
    await recordUsage(db, { id: '00000000-0000-4000-8000-000000000001', type: 'asset_copied', at: '2026-11-10T10:00:00Z', surface: 'salesforce', prospectId: 'p-dana', assetId: 'a-1' });

    const left = await hubHandlers['data:wipe']({ type: 'data:wipe' }, deps);

    expect(left).toEqual({ prospects: 0, touches: 0, messages: 0, assets: 0 });
    expect(await db.meta.get(CURSOR_KEY)).toBeUndefined();
    // A "stopped import, rows kept" warning would be false once the rows are gone.
    expect(await readImportJournal(db)).toEqual([]);
    expect(await db.meta.get(IMPORT_JOURNAL_KEY)).toBeUndefined();
    expect(local.data.get(SYNC_STATUS_KEY)).toBeNull();
    // What the options page's confirm promises is kept:
    expect(await db.outbox.count()).toBe(1);
    expect(await db.recentSends.count()).toBe(1);
    expect((await db.meta.get('hubToken'))?.value).toBe('cch_kept');
    // Every open sidebar re-reads its state (tab -1: all tabs) and finds no workspace.
    expect(local.data.get(SIDEBAR_PING_KEY)).toMatchObject({ tabId: -1 });
    db.close();
  });
});
