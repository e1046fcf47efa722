/**
 * Writes a deterministic demo workspace (cuecard/v1 bundle).
 *
 *   tsx scripts/demo-data.ts --prospects N --touches M --seed S --out FILE [--now ISO]
 *
 * Defaults: 200 prospects, 5000 touches, seed 1, demo-output/workspace.json.
 * Rows are streamed to the file one at a time (500k touches are > 100 MB of JSON).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { COLLECTIONS } from '../lib/contract/data';
import { DEMO_NOW, generateWorkspace } from '../lib/demo/generate';

function usage(message?: string): never {
  if (message) console.error(`demo-data: ${message}`);
  console.error('usage: tsx scripts/demo-data.ts --prospects N --touches M --seed S --out FILE [--now ISO]');
  process.exit(2);
}

function intArg(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) usage(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      prospects: { type: 'string' },
      touches: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) usage();

const prospects = intArg('prospects', values.prospects as string | undefined, 200);
const touches = intArg('touches', values.touches as string | undefined, 5000);
const seedRaw = values.seed as string | undefined;
const seed = seedRaw === undefined ? 1 : Number(seedRaw);
if (!Number.isFinite(seed)) usage(`--seed must be a number, got "${seedRaw}"`);
const now = (values.now as string | undefined) ?? DEMO_NOW;
if (Number.isNaN(Date.parse(now))) usage(`--now must be an ISO date, got "${now}"`);
const out = resolve((values.out as string | undefined) ?? 'demo-output/workspace.json');

const started = performance.now();
const workspace = generateWorkspace({ prospects, touches, seed, now });
const generatedMs = performance.now() - started;

await mkdir(dirname(out), { recursive: true });
const stream = createWriteStream(out, { encoding: 'utf8' });
const streamError = new Promise<never>((_, reject) => stream.once('error', reject));

let buffer = '';
async function write(chunk: string): Promise<void> {
  buffer += chunk;
  if (buffer.length < 1 << 20) return;
  const data = buffer;
  buffer = '';
  if (!stream.write(data)) await Promise.race([once(stream, 'drain'), streamError]);
}

const header: Record<string, unknown> = { format: workspace.format };
if (workspace.workspace !== undefined) header.workspace = workspace.workspace;
if (workspace.generatedAt !== undefined) header.generatedAt = workspace.generatedAt;
await write(JSON.stringify(header).slice(0, -1));
for (const collection of COLLECTIONS) {
  const rows = (workspace[collection] ?? []) as unknown[];
  await write(`,\n${JSON.stringify(collection)}: [`);
  for (let i = 0; i < rows.length; i++) {
    await write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(rows[i])}`);
  }
  await write(rows.length > 0 ? '\n]' : ']');
}
await write('\n}\n');
stream.end(buffer);
await Promise.race([once(stream, 'finish'), streamError]);

const { size } = await stat(out);
const totalMs = performance.now() - started;
const counts = COLLECTIONS.map((collection) => `${(workspace[collection] ?? []).length} ${collection}`).join(', ');
console.log(`demo-data: ${counts}`);
console.log(`demo-data: wrote ${out} (${(size / 1_048_576).toFixed(1)} MB) in ${(totalMs / 1000).toFixed(2)} s (generation ${(generatedMs / 1000).toFixed(2)} s)`);
