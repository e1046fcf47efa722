import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../lib/import/csv/import';
import { cuecardTouches } from '../../../lib/import/presets/cuecard';
import { reportFileName, reportToCsv } from '../../../lib/import/report-csv';
import type { ImportSink } from '../../../lib/import/bundle';

const nullSink: ImportSink = { write: async () => undefined };

describe('the downloadable row report', () => {
  it('lists row, collection, field and reason, one line per rejected row', async () => {
    const report = await importCsv(
      'prospectId,type,occurredAt,title\np-dana,webinar,03/04/2026,a\np-dana,"=HYPERLINK(""https://evil.example"")",2026-11-18,b\np-dana,webinar,2026-11-18,c\n',
      cuecardTouches,
      nullSink,
    );
    const lines = reportToCsv(report).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('row,collection,field,reason');
    expect(lines[1]).toBe('2,touches,occurredAt,"ambiguous date ""03/04/2026"": it could be month/day (US) or day/month (EU); choose the date order and import again"');
    // A cell from the file that a spreadsheet would run as a formula stays text.
    expect(lines[2]).toMatch(/^3,touches,type,"unknown touch type ""=HYPERLINK/);
    expect(lines.at(-1)).toBe('');
  });

  it('neutralizes a reason that starts like a formula', () => {
    const csv = reportToCsv({
      imported: { prospects: 0, touches: 0, messages: 0, assets: 0 },
      rejected: 3,
      errors: [{ collection: 'prospects', row: 2, field: '=cmd', reason: '@SUM(A1)' }],
      duplicates: 2,
      skippedReasons: { 'email event Sent': 4 },
    });
    expect(csv).toContain("2,prospects,'=cmd,'@SUM(A1)\r\n");
    expect(csv).toContain(',,(more),2 more rejected rows are not listed\r\n');
    expect(csv).toContain(',,(duplicates),2 rows repeated an earlier id; the last one was kept\r\n');
    expect(csv).toContain(',,(skipped),4 rows skipped: email event Sent\r\n');
  });

  it('states a file-level problem on its own line', () => {
    const csv = reportToCsv({ imported: { prospects: 0, touches: 0, messages: 0, assets: 0 }, rejected: 0, errors: [], fatal: 'Only one column was found.' });
    expect(csv).toBe('\uFEFFrow,collection,field,reason\r\n,,(file),Only one column was found.\r\n');
  });

  it('names the report after the imported file', () => {
    expect(reportFileName('HubSpot export (Nov).csv')).toBe('cuecard-import-report-HubSpot-export-Nov-.csv');
  });
});
