import { describe, expect, it } from 'vitest';
import { composeRules, recommendationsFor } from '../../../lib/background/recommendations';
import { generateWorkspace, DEMO_NOW } from '../../../lib/demo/generate';
import type { Asset, Message, Touch } from '../../../lib/contract';
import { importBundle } from '../../../lib/import/bundle';
import { recordUsage } from '../../../lib/store/outbox';
import { prospectContext } from '../../../lib/store/queries';
import { writeChunk } from '../../../lib/store/write';
import { dbSink, freshDb } from '../store/test-db';

const NOW = new Date(DEMO_NOW);

async function demoDb() {
  const db = freshDb();
  await importBundle(generateWorkspace({ prospects: 60, touches: 600, seed: 7 }), dbSink(db));
  return db;
}

describe('recommendations for a showcase prospect (Dana, VP Finance at a logistics company, SQL)', () => {
  it('shows approved, valid messaging only, the finance opener first; drafts, retired, expired and future ones never', async () => {
    const db = await demoDb();
    const cues = (await recommendationsFor(db, 'p-dana', NOW))!;
    const ids = cues.messages.map((m) => m.message.id);
    expect(ids[0]).toBe('m-finance-freight-roi');
    for (const hidden of ['m-finance-freight-roi-v2', 'm-finance-freight-roi-v1', 'm-pricing-draft', 'm-q3-promo-expired', 'm-2027-launch']) {
      expect(ids).not.toContain(hidden);
    }
    // The IT opener is approved but written for IT: it may follow, never among the fitting ones.
    expect(cues.messages.find((m) => m.message.id === 'm-it-integration')?.fit).toBe(false);
  });

  it('recommends an asset with reasons in words, never one she already downloaded or attended', async () => {
    const db = await demoDb();
    const cues = (await recommendationsFor(db, 'p-dana', NOW))!;
    const top = cues.assets[0]!;
    expect(top.reasonTexts.length).toBeGreaterThan(0);
    expect(top.reasonTexts.length).toBe(top.reasons.length);
    const ids = cues.assets.map((a) => a.asset.id);
    // t-dana-01 (webinar, a-route-webinar) and t-dana-05 (download, a-northstar-case): already consumed.
    expect(ids).not.toContain('a-route-webinar');
    expect(ids).not.toContain('a-northstar-case');
    expect(ids[0]).toBe('a-pricing-guide');
    expect(cues.brief.text).toContain('Dana Whitfield');
    expect(cues.avoidRules.some((r) => r.phrases.includes('guarantee'))).toBe(true);
  });

  it('leaves out an asset the rep copied for her last week (sent_recently), from the outbox', async () => {
    const db = await demoDb();
    await recordUsage(db, {
      id: '7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f',
      type: 'asset_copied',
      at: new Date(NOW.getTime() - 7 * 86_400_000).toISOString(),
      surface: 'salesforce',
      prospectId: 'p-dana',
      assetId: 'a-pricing-guide',
    });
    const cues = (await recommendationsFor(db, 'p-dana', NOW))!;
    expect(cues.assets.map((a) => a.asset.id)).not.toContain('a-pricing-guide');
    expect(cues.counts.usage).toBe(1);
  });

  it('gives undefined for an unknown prospect and passes the rep name through', async () => {
    const db = await demoDb();
    expect(await recommendationsFor(db, 'p-nobody', NOW)).toBeUndefined();
    expect((await recommendationsFor(db, 'p-dana', NOW, { repName: 'Sam Rep' }))?.repName).toBe('Sam Rep');
  });

  it('hands the content script phrases and rule ids only, from approved valid messages', async () => {
    const db = await demoDb();
    const rules = await composeRules(db, NOW);
    expect(rules.find((r) => r.id === 'm-finance-freight-roi')?.phrases).toEqual(['guarantee', 'cheapest']);
    expect(rules.some((r) => r.id === 'm-q3-promo-expired')).toBe(false);
    for (const rule of rules) expect(Object.keys(rule).sort()).toEqual(['id', 'phrases']);
  });
});

describe('timing at 2,000 messages / 1,000 assets / 3,000 touches for one prospect', () => {
  it('keeps the context query fast and ranks within budget (printed)', async () => {
    const db = await demoDb();
    const messages: Message[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: `m-bulk-${i}`,
      title: `Bulk message ${i}`,
      body: `Hi {{first_name}}, message ${i} for {{company}}.`,
      personas: [['finance', 'it', 'operations'][i % 3]!],
      stages: i % 2 ? ['sql'] : [],
      status: i % 10 === 0 ? 'draft' : 'approved',
      avoidPhrases: i % 50 === 0 ? [`phrase ${i}`] : undefined,
      version: 1 + (i % 4),
    }));
    const assets: Asset[] = Array.from({ length: 1_000 }, (_, i) => ({
      id: `a-bulk-${i}`,
      title: `Bulk asset ${i}`,
      url: `https://cdn.example.com/a/${i}.pdf`,
      kind: 'guide',
      topics: [['pricing', 'roi', 'analytics', 'security'][i % 4]!],
      stages: i % 3 ? ['sql'] : [],
      status: i % 10 === 0 ? 'retired' : 'approved',
      version: 1,
    }));
    const touches: Touch[] = Array.from({ length: 3_000 }, (_, i) => ({
      id: `t-bulk-${i}`,
      prospectId: 'p-dana',
      type: (['page_view', 'email_open', 'download', 'webinar'] as const)[i % 4]!,
      occurredAt: new Date(NOW.getTime() - i * 3_600_000).toISOString(),
      topics: [['pricing', 'roi', 'analytics'][i % 3]!],
      assetId: i % 7 === 0 ? `a-bulk-${i % 1_000}` : undefined,
    }));
    await writeChunk(db, 'messages', messages);
    await writeChunk(db, 'assets', assets);
    for (let i = 0; i < touches.length; i += 1_000) await writeChunk(db, 'touches', touches.slice(i, i + 1_000));

    const ref = { emails: ['dana.whitfield@northwind-logistics.com'] };
    await prospectContext(db, ref); // warm-up
    const contextTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await prospectContext(db, ref);
      contextTimes.push(performance.now() - t);
    }
    const rankTimes: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      last = await recommendationsFor(db, 'p-dana', NOW);
      rankTimes.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `[cue timing] prospectContext median ${median(contextTimes).toFixed(1)} ms; recommendationsFor median ${median(rankTimes).toFixed(1)} ms ` +
        `(read ${last!.counts.messages} approved messages, ${last!.counts.assets} approved assets, ${last!.counts.touches} touches) — fake-indexeddb in Node`,
    );
    expect(last!.counts.touches).toBe(2_000);
    expect(last!.messages.length).toBeGreaterThan(1_000);
    expect(last!.assets.length).toBe(10);
    expect(JSON.stringify(last).length).toBeLessThan(2_000_000);
  }, 120_000);
});
