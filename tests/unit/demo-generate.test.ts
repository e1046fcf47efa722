import { describe, expect, it } from 'vitest';
import { TOUCH_TYPES, bundle, type Asset, type Message, type Prospect, type Touch } from '../../lib/contract/data';
import {
  DEMO_NOW,
  DEMO_PERSONAS,
  DEMO_REP,
  DEMO_STAGES,
  DEMO_TEAM,
  HOSTILE,
  SHOWCASE_TOUCH_COUNT,
  generateWorkspace,
  salesforceChecksum,
} from '../../lib/demo/generate';
import { createRandom } from '../../lib/demo/random';

const small = generateWorkspace({ prospects: 200, touches: 5000, seed: 1 });
const prospects = small.prospects as Prospect[];
const touches = small.touches as Touch[];
const messages = small.messages as Message[];
const assets = small.assets as Asset[];
const nowMs = Date.parse(DEMO_NOW);

describe('random', () => {
  it('is deterministic per seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateWorkspace', () => {
  it('gives identical output for the same seed and different output for another seed', () => {
    const again = generateWorkspace({ prospects: 200, touches: 5000, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = generateWorkspace({ prospects: 200, touches: 5000, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small));
  });

  it('produces rows that all pass the contract', () => {
    const parsed = bundle.parse(small);
    expect(parsed.prospects).toHaveLength(200);
    expect(parsed.touches).toHaveLength(5000);
    expect(parsed.messages.length).toBeGreaterThanOrEqual(30);
    expect(parsed.assets.length).toBeGreaterThanOrEqual(20);
    for (const t of touches) if (t.url) expect(t.url.startsWith('https://')).toBe(true);
    for (const a of assets) expect(a.url.startsWith('https://')).toBe(true);
    // Small and tiny workspaces are valid too.
    for (const n of [0, 1, 4, 5, 9, 10]) bundle.parse(generateWorkspace({ prospects: n, touches: 3, seed: n }));
  });

  it('has unique ids per collection and only known prospectIds in touches', () => {
    for (const rows of [prospects, touches, messages, assets]) {
      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(new Set(prospects.map((p) => p.email.toLowerCase())).size).toBe(prospects.length);
    const known = new Set(prospects.map((p) => p.id));
    for (const t of touches) expect(known.has(t.prospectId)).toBe(true);
    const assetIds = new Set(assets.map((a) => a.id));
    for (const t of touches) if (t.assetId) expect(assetIds.has(t.assetId)).toBe(true);
    const messageIds = new Set(messages.map((m) => m.id));
    for (const m of messages) if (m.replacedBy) expect(messageIds.has(m.replacedBy)).toBe(true);
    for (const a of assets) if (a.replacedBy) expect(assetIds.has(a.replacedBy)).toBe(true);
  });

  it('starts with the showcase prospects, exactly', () => {
    expect(prospects.slice(0, 4).map((p) => p.id)).toEqual(['p-dana', 'p-marcus', 'p-priya', 'p-lena']);
    const [dana, marcus, priya, lena] = prospects as [Prospect, Prospect, Prospect, Prospect];
    expect(dana).toMatchObject({
      email: 'dana.whitfield@northwind-logistics.com',
      name: 'Dana Whitfield',
      title: 'VP Finance',
      company: 'Northwind Logistics',
      domain: 'northwind-logistics.com',
      stage: 'sql',
      persona: 'finance',
      industry: 'Logistics',
      crmIds: { salesforce: '003Dn00000QxAbcIAF' },
    });
    expect(marcus).toMatchObject({
      email: 'marcus.oyelaran@northwind-logistics.com',
      name: 'Marcus Oyelaran',
      title: 'Director of IT Operations',
      company: 'Northwind Logistics',
      domain: 'northwind-logistics.com',
      stage: 'mql',
      persona: 'it',
      industry: 'Logistics',
    });
    expect(marcus.crmIds).toBeUndefined();
    expect(priya).toMatchObject({
      email: 'priya.raman@helixbio.io',
      name: 'Priya Raman',
      title: 'Head of Procurement',
      company: 'Helix Biotech',
      domain: 'helixbio.io',
      stage: 'opportunity',
      persona: 'procurement',
      industry: 'Biotech',
    });
    expect(priya.crmIds).toBeUndefined();
    expect(lena).toMatchObject({
      email: 'lena.park@northwind-logistics.com',
      name: 'Lena Park',
      title: 'Chief Operating Officer',
      company: 'Northwind Logistics',
      domain: 'northwind-logistics.com',
      stage: 'sql',
      persona: 'executive',
      industry: 'Logistics',
    });
    // Turn 2: the demo rep owns the showcase accounts; Marcus is the lead waiting for a follow-up.
    expect([dana, marcus, priya, lena].map((p) => p.owner)).toEqual(Array(4).fill('demo.rep@northwind-demo.example'));
    expect(dana).toMatchObject({ qualifiedAt: '2026-10-14T11:20:00.000Z', source: 'Website' });
    expect(marcus).toMatchObject({ qualifiedAt: '2026-11-15T10:25:00.000Z', source: 'Integration Hub Launch' });
    expect(priya).toMatchObject({ qualifiedAt: '2026-11-02T10:20:00.000Z', source: 'Life Sciences Paid Social' });
    expect(lena).toMatchObject({ qualifiedAt: '2026-11-09T08:30:00.000Z', source: 'Website' });
    // Northwind's buying committee is exactly Dana, Marcus and Lena.
    expect(prospects.filter((p) => p.domain === 'northwind-logistics.com').map((p) => p.id)).toEqual(['p-dana', 'p-marcus', 'p-lena']);
    expect(prospects.filter((p) => p.domain === 'helixbio.io').map((p) => p.id)).toEqual(['p-priya']);
  });

  it('gives the showcase prospects their fixed touches', () => {
    const of = (id: string) => touches.filter((t) => t.prospectId === id);
    const dana = of('p-dana');
    expect(dana).toHaveLength(12);
    expect(dana.map((t) => t.id)).toEqual(Array.from({ length: 12 }, (_, i) => `t-dana-${String(i + 1).padStart(2, '0')}`));
    expect(dana[0]).toMatchObject({
      type: 'webinar',
      title: 'Attended: Cutting freight costs with route analytics',
      occurredAt: '2026-11-18T15:00:00.000Z',
    });
    const times = dana.map((t) => Date.parse(t.occurredAt));
    expect(new Set(times).size).toBe(12);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(dana.filter((t) => t.title === '<img src=x onerror=alert(1)>' && t.type === 'page_view')).toHaveLength(1);
    expect(dana.filter((t) => t.type === 'email_open' && t.automated === true)).toHaveLength(1);
    expect(of('p-marcus')).toHaveLength(5);
    expect(of('p-priya')).toHaveLength(7);
    expect(of('p-lena')).toHaveLength(3);
    expect(of('p-marcus')[0]?.id).toBe('t-marcus-01');
    expect(SHOWCASE_TOUCH_COUNT).toBe(27);
    // Showcase touches are included even when the budget is smaller.
    const tiny = generateWorkspace({ prospects: 5, touches: 3, seed: 1 });
    expect(tiny.touches).toHaveLength(27);
    expect(tiny.prospects).toHaveLength(5);
  });

  it('has a realistic mix of vocabulary, CRM ids and touch types', () => {
    const generated = prospects.slice(4);
    for (const p of generated) {
      expect(DEMO_PERSONAS).toContain(p.persona);
      expect(DEMO_STAGES).toContain(p.stage);
      expect(p.email.endsWith(`@${p.domain}`)).toBe(true);
    }
    const sf = generated.map((p) => p.crmIds?.salesforce).filter((v): v is string => !!v);
    expect(sf.length / generated.length).toBeGreaterThan(0.6);
    for (const id of sf) {
      expect(id).toMatch(/^(003|00Q)[0-9A-Za-z]{12}[A-Z0-5]{3}$/);
      expect(id.slice(15)).toBe(salesforceChecksum(id.slice(0, 15)));
    }
    expect(salesforceChecksum('003Dn00000QxAbc')).toBe('IAF');
    expect(generated.some((p) => p.crmIds?.hubspot)).toBe(true);
    const companies = new Set(generated.map((p) => p.company));
    expect(companies.size).toBeGreaterThan(30);
    expect(new Set(touches.map((t) => t.type))).toEqual(new Set(TOUCH_TYPES));
    const opens = touches.filter((t) => t.type === 'email_open');
    const automated = opens.filter((t) => t.automated).length / opens.length;
    expect(automated).toBeGreaterThan(0.02);
    expect(automated).toBeLessThan(0.1);
    for (const t of touches) {
      const at = Date.parse(t.occurredAt);
      expect(at).toBeLessThanOrEqual(nowMs);
      expect(at).toBeGreaterThan(nowMs - 560 * 86_400_000);
      if (t.type === 'download') expect(t.assetId).toBeTruthy();
      if (t.type === 'page_view' || t.type === 'email_click') expect(t.url).toMatch(/^https:\/\//);
      expect(t.topics?.length).toBeGreaterThan(0);
    }
    // Heavy tail: the busiest prospect has far more touches than the median one.
    const perProspect = new Map<string, number>();
    for (const t of touches) perProspect.set(t.prospectId, (perProspect.get(t.prospectId) ?? 0) + 1);
    const sorted = [...perProspect.values()].sort((a, b) => a - b);
    expect(sorted[sorted.length - 1]!).toBeGreaterThan(5 * sorted[Math.floor(sorted.length / 2)]!);
    const bodies = messages.map((m) => m.body).join('\n');
    for (const v of ['{{first_name}}', '{{company}}', '{{title}}', '{{rep_name}}']) expect(bodies).toContain(v);
  });

  it('hands prospects to reps: owner, qualifiedAt and source (turn 2)', () => {
    const repEmails = new Set([DEMO_REP, ...DEMO_TEAM].map((rep) => rep.email));
    expect(repEmails.size).toBe(7);
    for (const email of repEmails) expect(email).toMatch(/^[a-z]+\.rep@northwind-demo\.example$/);
    const oldestCampaign = new Map<string, Touch>();
    for (const t of touches) {
      const seen = oldestCampaign.get(t.prospectId);
      if (t.campaign && (!seen || t.occurredAt < seen.occurredAt)) oldestCampaign.set(t.prospectId, t);
    }
    const day = 86_400_000;
    const qualifiedAge = (p: Prospect) => nowMs - Date.parse(p.qualifiedAt!);
    for (const p of prospects) {
      if (p.owner) expect(repEmails.has(p.owner)).toBe(true);
      else expect(p.stage).toBe('subscriber');
      // The source is the prospect's first campaign; people marketing never touched came in some other way.
      const first = oldestCampaign.get(p.id);
      if (first) expect(p.source).toBe(first.campaign);
      else expect(['Sales prospecting', 'Referral', 'Partner referral', 'Purchased list']).toContain(p.source);
      if (p.qualifiedAt) {
        expect(['mql', 'sql', 'opportunity', 'customer']).toContain(p.stage);
        expect(qualifiedAge(p)).toBeGreaterThan(0);
        expect(qualifiedAge(p)).toBeLessThan(560 * day);
      }
      if (p.stage === 'mql') expect(p.qualifiedAt).toBeDefined();
      if (p.stage === 'subscriber' || p.stage === 'lead') expect(p.qualifiedAt).toBeUndefined();
    }
    // Every rep owns somebody, and an account's people mostly share its owner.
    expect(new Set(prospects.map((p) => p.owner).filter(Boolean))).toEqual(repEmails);
    const ownersByDomain = new Map<string, Set<string>>();
    for (const p of prospects) if (p.owner && p.domain) ownersByDomain.set(p.domain, (ownersByDomain.get(p.domain) ?? new Set()).add(p.owner));
    const singleOwner = [...ownersByDomain.values()].filter((owners) => owners.size === 1).length;
    expect(singleOwner / ownersByDomain.size).toBeGreaterThan(0.7);
    // MQLs over the last weeks, some of them in the last two days (the reps' waiting leads).
    const mqls = prospects.filter((p) => p.stage === 'mql');
    expect(mqls.every((p) => qualifiedAge(p) <= 42 * day)).toBe(true);
    const fresh = mqls.filter((p) => qualifiedAge(p) <= 2 * day).length;
    expect(fresh).toBeGreaterThan(mqls.length * 0.1);
    expect(fresh).toBeLessThan(mqls.length * 0.5);
    const later = prospects.filter((p) => ['sql', 'opportunity', 'customer'].includes(p.stage!));
    const share = later.filter((p) => p.qualifiedAt).length / later.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(1);
    // A handover follows marketing's touches: most MQL dates come minutes after one of the prospect's touches.
    const touchTimes = new Map<string, number[]>();
    for (const t of touches) touchTimes.set(t.prospectId, [...(touchTimes.get(t.prospectId) ?? []), Date.parse(t.occurredAt)]);
    const afterTouch = mqls.filter((p) => (touchTimes.get(p.id) ?? []).some((at) => Date.parse(p.qualifiedAt!) - at >= 5 * 60_000 && Date.parse(p.qualifiedAt!) - at <= 120 * 60_000));
    expect(afterTouch.length / mqls.length).toBeGreaterThan(0.5);
  });

  it('has every message status: approved, draft, retired, expired, not yet valid', () => {
    const live = (m: { validFrom?: string; validUntil?: string }) =>
      (!m.validFrom || Date.parse(m.validFrom) <= nowMs) && (!m.validUntil || Date.parse(m.validUntil) > nowMs);
    const generated = messages.filter((m) => /^m-\d+$/.test(m.id));
    for (const list of [messages, generated]) {
      expect(list.some((m) => m.status === 'approved' && live(m))).toBe(true);
      expect(list.some((m) => m.status === 'draft')).toBe(true);
      expect(list.some((m) => m.status === 'retired')).toBe(true);
      expect(list.some((m) => m.status === 'approved' && m.validUntil && Date.parse(m.validUntil) < nowMs)).toBe(true);
      expect(list.some((m) => m.status === 'approved' && m.validFrom && Date.parse(m.validFrom) > nowMs)).toBe(true);
    }
    expect(messages.some((m) => m.avoidPhrases?.includes('guarantee'))).toBe(true);
    expect(messages.some((m) => m.replacedBy && messages.find((n) => n.id === m.replacedBy)?.replacedBy)).toBe(true);
    for (const list of [assets, generateWorkspace({ prospects: 10, touches: 0, seed: 5 }).assets as Asset[]]) {
      expect(new Set(list.map((a) => a.status))).toEqual(new Set(['approved', 'draft', 'retired']));
      expect(list.some((a) => a.status === 'approved' && a.validUntil && Date.parse(a.validUntil) < nowMs)).toBe(true);
    }
    expect(new Set(assets.map((a) => a.kind)).size).toBe(5);
  });

  it('always contains the hostile strings', () => {
    for (const ws of [small, generateWorkspace({ prospects: 10, touches: 0, seed: 99 })]) {
      const t = ws.touches as Touch[];
      const m = ws.messages as Message[];
      const p = ws.prospects as Prospect[];
      expect(t.some((x) => x.title === HOSTILE.touchTitle)).toBe(true);
      expect(m.some((x) => x.title === HOSTILE.messageTitle && x.title.includes('<script>alert(1)</script>'))).toBe(true);
      expect(p.some((x) => x.company?.includes('\u202E'))).toBe(true);
      const longTouch = Math.max(...t.map((x) => x.title?.length ?? 0));
      expect(longTouch).toBeGreaterThan(450);
      expect(longTouch).toBeLessThanOrEqual(500);
      const longMessage = Math.max(...m.map((x) => x.title.length));
      expect(longMessage).toBeGreaterThan(280);
      expect(longMessage).toBeLessThanOrEqual(300);
      bundle.parse(ws);
    }
  });

  it('generates 10,000 prospects / 500,000 touches quickly', () => {
    const started = performance.now();
    const big = generateWorkspace({ prospects: 10_000, touches: 500_000, seed: 3 });
    const ms = performance.now() - started;
    console.log(
      `generateWorkspace 10k/500k: ${ms.toFixed(0)} ms (${big.prospects?.length} prospects, ${big.touches?.length} touches, ${big.messages?.length} messages, ${big.assets?.length} assets)`,
    );
    expect(big.prospects).toHaveLength(10_000);
    expect(big.touches).toHaveLength(500_000);
    expect(big.messages).toHaveLength(2000);
    expect(big.assets).toHaveLength(1000);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);
});
