// Prints the gzipped size of every page script in each build and fails above the 12 KB budget
// (DESIGN.md, turn 2): each ships into every tab of its site. One page script per site
// (entrypoints/<site>.content.ts): a tab loads its own site's adapter only.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 12 * 1024;
let failed = false;
for (const target of ['chrome-mv3', 'firefox-mv3']) {
  const dir = `${process.env.CUECARD_OUT_DIR ?? '.output'}/${target}/content-scripts`;
  const files = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.js')).sort() : [];
  if (!files.length) {
    console.error(`size-report: no page scripts in ${dir}`);
    failed = true;
    continue;
  }
  for (const file of files) {
    const raw = readFileSync(`${dir}/${file}`);
    const gz = gzipSync(raw, { level: 9 }).length;
    const verdict = gz <= BUDGET ? 'ok' : 'OVER BUDGET';
    console.log(`page script ${target}/${file}: ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (budget 12 KB) ${verdict}`);
    if (gz > BUDGET) failed = true;
  }
}
process.exit(failed ? 1 : 0);
