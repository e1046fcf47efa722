/**
 * Deterministic demo workspace generator: a realistic cuecard/v1 bundle for the demo, the e2e
 * tests and the benchmarks. Pure: no fs, no clock, no Math.random; the same options always give
 * the same bundle. Rows are plain objects (no per-row zod parsing: it has to make 500k touches fast);
 * the unit test checks every row against the contract.
 *
 * The story tests rely on is in showcase.ts, the words rows are made of in vocabulary.ts, and one
 * generator per collection beside them. They draw from one Random in a fixed order (prospects,
 * assets, messages, touches): reordering the calls changes every workspace after the first draw.
 * Prospects' owner, qualifiedAt and source (turn 2) come last, from handover.ts.
 */
import { type Bundle, BUNDLE_FORMAT } from '../contract/data';
import { generateAssets } from './assets';
import { assignHandover } from './handover';
import { generateMessages } from './messages';
import { generateProspects } from './prospects';
import { createRandom, hashSeed } from './random';
import { generateTouches } from './touches';
import { DEMO_NOW } from './vocabulary';

export { HOSTILE, SHOWCASE, SHOWCASE_TOUCH_COUNT } from './showcase';
export { salesforceChecksum } from './prospects';
export {
  DEMO_ASSET_KINDS,
  DEMO_REP,
  DEMO_TEAM,
  DEMO_INDUSTRIES,
  DEMO_NOW,
  DEMO_PERSONAS,
  DEMO_SITE,
  DEMO_STAGES,
  DEMO_TOPICS,
  type DemoAssetKind,
  type DemoIndustry,
  type DemoPersona,
  type DemoRep,
  type DemoStage,
  type DemoTopic,
} from './vocabulary';

/** Any constant: it only has to give the handover fields a stream apart from the workspace's. */
const HANDOVER_STREAM = 0x7a11_0fe2;

export interface GenerateOptions {
  prospects: number;
  touches: number;
  seed: number;
  /** ISO time the workspace is generated "at": touches are before it, validity windows relative to it. */
  now?: string;
}

export function generateWorkspace(options: GenerateOptions): Bundle {
  const prospectCount = Math.max(0, Math.floor(options.prospects));
  const touchBudget = Math.max(0, Math.floor(options.touches));
  const now = options.now ?? DEMO_NOW;
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new Error(`generateWorkspace: "now" is not an ISO date: ${now}`);
  const rng = createRandom(options.seed);
  // The showcase people need room; the hostile rows need enough generated rows to hide in.
  const flags = { showcase: prospectCount >= 5, hostile: prospectCount >= 10 };

  const { prospects, generated } = generateProspects(rng, prospectCount, nowMs, flags);
  const assets = generateAssets(rng, prospectCount, nowMs, flags);
  const messages = generateMessages(rng, prospectCount, nowMs, flags);
  const touches = generateTouches(rng, { touchBudget, generatedProspects: generated, assets }, nowMs, flags);
  // Turn 2 fields draw from a stream of their own, so every row and field above stays as it was.
  assignHandover(createRandom(hashSeed(options.seed) ^ HANDOVER_STREAM), generated, touches, nowMs);

  return {
    format: BUNDLE_FORMAT,
    workspace: `Meridian Analytics demo (seed ${options.seed})`,
    generatedAt: now,
    prospects,
    touches,
    messages,
    assets: assets.assets,
  };
}
