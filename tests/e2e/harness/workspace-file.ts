import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateWorkspace } from '../../../lib/demo/generate';

/** A small deterministic demo workspace (with the showcase prospects) written to a temp file. */
export function writeWorkspaceFile(options = { prospects: 60, touches: 1_500, seed: 7 }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cuecard-ws-'));
  const file = path.join(dir, 'workspace.json');
  writeFileSync(file, JSON.stringify(generateWorkspace(options)));
  return file;
}

export function writeJsonFile(name: string, value: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cuecard-file-'));
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}
