/** Demo assets: the showcase's six, then generated collateral, each promoted by a campaign in turn. */
import type { Asset } from '../contract/data';
import { DAY, iso, longText, padId, slugify } from './format';
import type { Random } from './random';
import { SHOWCASE_ASSETS, type DemoFlags } from './showcase';
import {
  ASSET_FOLDER,
  CAMPAIGNS,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  DEMO_ASSET_KINDS,
  DEMO_INDUSTRIES,
  DEMO_PERSONAS,
  DEMO_SITE,
  TOPIC_LABEL,
  TOPIC_OUTCOMES,
  TOPIC_SUBJECTS,
  stageRange,
  type AssetSeed,
  type Campaign,
  type DemoAssetKind,
  type DemoIndustry,
  type DemoTopic,
} from './vocabulary';

export interface DemoAssets {
  assets: Asset[];
  /** Per campaign name, the non-draft assets its touches may download or watch. */
  byCampaign: Map<string, { downloads: AssetSeed[]; webinars: AssetSeed[] }>;
  /** Every non-draft download and recording, for touches of a campaign with none of its own. */
  allDownloads: AssetSeed[];
  allWebinars: AssetSeed[];
}

/** Between 20 and 1,000 assets (one per ten prospects), with a status mix even in the smallest workspace. */
export function generateAssets(rng: Random, prospectCount: number, nowMs: number, flags: DemoFlags): DemoAssets {
  const { showcase, hostile } = flags;
  const assetCount = Math.min(1000, Math.max(20, Math.floor(prospectCount / 10)));
  const assetSeeds: AssetSeed[] = showcase ? SHOWCASE_ASSETS.map((a) => ({ ...a })) : [];
  const generatedAssets = assetCount - assetSeeds.length;
  for (let i = 0; i < generatedAssets; i++) {
    const campaign = CAMPAIGNS[i % CAMPAIGNS.length] as Campaign;
    let kind: DemoAssetKind;
    if (i < CAMPAIGNS.length && campaign.channel === 'webinar') kind = 'webinar_recording';
    else if (i < CAMPAIGNS.length && campaign.channel === 'syndication') kind = 'whitepaper';
    else kind = rng.weighted(DEMO_ASSET_KINDS, [30, 20, 25, 10, 15]);
    const topics = rng.sample(campaign.topics, rng.int(1, campaign.topics.length));
    const topic = topics[0] as DemoTopic;
    const industries = campaign.industries.length > 0 ? campaign.industries.slice() : rng.chance(0.35) ? rng.sample(DEMO_INDUSTRIES, rng.int(1, 2)) : [];
    const id = padId('a-', i + 1, 4);
    const industryLabel = industries[0] ?? 'mid-market';
    let title: string;
    switch (kind) {
      case 'case_study':
        title = `Case study: How ${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES[(industries[0] as DemoIndustry | undefined) ?? 'Logistics'])} ${rng.pick(TOPIC_OUTCOMES[topic])}`;
        break;
      case 'deck':
        title = `${TOPIC_LABEL[topic]} overview deck for ${industryLabel} teams`;
        break;
      case 'one_pager':
        title = `One-pager: ${TOPIC_LABEL[topic]} at a glance`;
        break;
      case 'webinar_recording':
        title = `Webinar recording: ${i < CAMPAIGNS.length ? campaign.headline : rng.pick(TOPIC_SUBJECTS[topic])} (${rng.pick(['EMEA', 'Americas', 'APAC'])} session)`;
        break;
      default:
        title = `Whitepaper: ${rng.pick(TOPIC_SUBJECTS[topic])}`;
    }
    if (i >= CAMPAIGNS.length * 2) title += ` (${industryLabel}, ${2025 + (i % 2)})`;
    // A few fixed positions guarantee the status mix even in the smallest workspace.
    const forcedStatus = i === 3 ? 'draft' : i === 5 ? 'retired' : i === 7 ? 'expired' : undefined;
    const drawn = forcedStatus ?? rng.weighted(['approved', 'draft', 'retired', 'expired'] as const, [76, 8, 10, 6]);
    const status = drawn === 'expired' ? 'approved' : drawn;
    const a: AssetSeed = {
      id,
      title,
      url: `${DEMO_SITE}/resources/${ASSET_FOLDER[kind]}/${slugify(title).slice(0, 80)}-${id.slice(2)}`,
      kind,
      stages: rng.chance(0.3) ? [] : stageRange(rng, 1, 4),
      personas: rng.chance(0.4) ? [] : rng.sample(DEMO_PERSONAS, rng.int(1, 3)),
      industries,
      topics,
      status,
      version: rng.weighted([1, 2, 3, 4], [55, 25, 12, 8]),
      campaign: campaign.name,
    };
    if (drawn === 'expired') a.validUntil = iso(nowMs - rng.int(1, 200) * DAY);
    else if (status === 'approved' && rng.chance(0.3)) a.validUntil = iso(nowMs + rng.int(30, 400) * DAY);
    else if (status === 'retired') a.validUntil = iso(nowMs - rng.int(30, 500) * DAY);
    assetSeeds.push(a);
  }
  // Retired generated assets point at a later approved asset of the same kind.
  for (let i = 0; i < assetSeeds.length; i++) {
    const a = assetSeeds[i] as AssetSeed;
    if (a.status !== 'retired') continue;
    for (let j = i + 1; j < assetSeeds.length; j++) {
      const b = assetSeeds[j] as AssetSeed;
      if (b.status === 'approved' && b.kind === a.kind) {
        a.replacedBy = b.id;
        break;
      }
    }
  }
  if (hostile) {
    const long = assetSeeds[assetSeeds.length - 1] as AssetSeed;
    long.title = longText('Whitepaper: The complete, unabridged field guide to freight analytics, ', 298);
  }
  const assetsByCampaign = new Map<string, { downloads: AssetSeed[]; webinars: AssetSeed[] }>();
  for (const campaign of CAMPAIGNS) assetsByCampaign.set(campaign.name, { downloads: [], webinars: [] });
  const allDownloads: AssetSeed[] = [];
  const allWebinars: AssetSeed[] = [];
  for (const a of assetSeeds) {
    if (a.status === 'draft') continue;
    const bucket = assetsByCampaign.get(a.campaign);
    if (a.kind === 'webinar_recording') {
      bucket?.webinars.push(a);
      allWebinars.push(a);
    } else {
      bucket?.downloads.push(a);
      allDownloads.push(a);
    }
  }
  const assets: Asset[] = assetSeeds.map(({ campaign: _campaign, ...a }) => a);
  return { assets, byCampaign: assetsByCampaign, allDownloads, allWebinars };
}
