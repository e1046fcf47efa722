// Prints the gzipped size of each build's content script and fails above the 15 KB budget
// (DESIGN.md): it ships into every CRM and mail tab.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 15 * 1024;
let failed = false;
for (const target of ['chrome-mv3', 'firefox-mv3']) {
  const file = `${process.env.CUECARD_OUT_DIR ?? '.output'}/${target}/content-scripts/content.js`;
  if (!existsSync(file)) {
    console.error(`size-report: ${file} is missing`);
    failed = true;
    continue;
  }
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const verdict = gz <= BUDGET ? 'ok' : 'OVER BUDGET';
  console.log(`content script ${target}: ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (budget 15 KB) ${verdict}`);
  if (gz > BUDGET) failed = true;
}
process.exit(failed ? 1 : 0);
