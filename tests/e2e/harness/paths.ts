import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = path.join(ROOT, '.output/firefox-mv3');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');

export function requireBuild(dir: string): string {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`No extension build in ${dir}: run \`npm run build\` first.`);
  }
  return dir;
}
