import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const OUT_DIR = path.resolve(ROOT, process.env.CUECARD_OUT_DIR ?? '.output');
export const CHROME_BUILD = path.join(OUT_DIR, 'chrome-mv3');
export const FIREFOX_BUILD = path.join(OUT_DIR, 'firefox-mv3');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');

export function requireBuild(dir: string): string {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`No extension build in ${dir}: run \`npm run build\` first.`);
  }
  return dir;
}
