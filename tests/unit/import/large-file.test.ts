import { describe, expect, it } from 'vitest';
import type { ImportSink } from '../../../lib/import/bundle';
import { importCsv } from '../../../lib/import/csv/import';
import { hubspotEmailEvents } from '../../../lib/import/presets/hubspot';

const TARGET_BYTES = 100 * 1024 * 1024;
const HEADER = 'Recipient,Event type,Event date,Email name,Email subject,Campaign,URL,Filtered event\n';
const TYPES = ['Open', 'Click', 'Delivered', 'Open', 'Sent'] as const;

/** A HubSpot email-events export of ~100 MB, generated piece by piece: the test never holds it whole. */
function syntheticExport(): { stream: ReadableStream<Uint8Array>; rows: () => number } {
  const encoder = new TextEncoder();
  let produced = 0;
  let row = 0;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= TARGET_BYTES) {
        controller.close();
        return;
      }
      let text = headerSent ? '' : HEADER;
      headerSent = true;
      while (text.length < 256 * 1024) {
        const person = row % 20_000;
        const type = TYPES[row % TYPES.length]!;
        const day = String(1 + (row % 28)).padStart(2, '0');
        const minute = String(row % 60).padStart(2, '0');
        // Every 1,000th subject has a quoted comma and newline, as real subject lines do.
        const subject = row % 1_000 === 0 ? `"Freight, costs\nand ""you"" #${row % 97}"` : `Nurture email #${row % 97}`;
        const url = type === 'Click' ? `https://www.meridian-analytics.example/guides/${row % 311}?utm_source=email` : '';
        text += `buyer${person}@company${person % 1_300}.example.com,${type},2026-11-${day} 08:${minute},Nurture ${row % 13},${subject},Finance Leaders Nurture,${url},${row % 7 === 0}\n`;
        row++;
      }
      const bytes = encoder.encode(text);
      produced += bytes.byteLength;
      controller.enqueue(bytes);
    },
  });
  return { stream, rows: () => row };
}

describe('a 100 MB export', () => {
  it('streams through in chunks with bounded memory', { timeout: 120_000 }, async () => {
    const { stream, rows } = syntheticExport();
    let written = 0;
    let writes = 0;
    // Counts and drops rows: this measures the pipeline's memory, not a store holding a million rows.
    const sink: ImportSink = {
      async write(_collection, chunk) {
        written += chunk.length;
        writes++;
      },
    };
    globalThis.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await importCsv(stream, hubspotEmailEvents, sink, {
      chunkSize: 5_000,
      totalBytes: TARGET_BYTES,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    const seconds = (performance.now() - started) / 1_000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(
      `100 MB CSV: ${rows()} rows in ${seconds.toFixed(1)} s = ${Math.round(rows() / seconds)} rows/s, `
        + `${(100 / seconds).toFixed(1)} MB/s; CPU ${cpuSeconds.toFixed(1)} s = ${Math.round(rows() / cpuSeconds)} rows per CPU-second; `
        + `${written} touches in ${writes} writes; peak heap growth ${growthMb.toFixed(0)} MB`,
    );
    expect(report.fatal).toBeUndefined();
    expect(report.rowsRead).toBe(rows());
    expect(report.rejected).toBe(0);
    // Delivered and Sent are skipped; the 20k people x few timestamps repeat, which the duplicate count shows.
    expect(report.skipped).toBe(Math.floor(rows() / 5) * 2 + [0, 0, 0, 1, 1][rows() % 5]!);
    expect(report.imported.touches + report.duplicates + report.skipped).toBe(rows());
    expect(written).toBeGreaterThanOrEqual(report.imported.touches);
    expect(growthMb).toBeLessThan(200);
    // CPU time, not wall time: the test machines are shared, and wall time there measures the neighbours.
    expect(cpuSeconds).toBeLessThan(60);
  });
});
