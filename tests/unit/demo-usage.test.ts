import { describe, expect, it } from 'vitest';
import { usageEvent } from '../../lib/contract';
import type { Prospect } from '../../lib/contract/data';
import { DEMO_NOW, DEMO_REP, DEMO_TEAM, generateWorkspace } from '../../lib/demo/generate';
import { generateDemoLeadActivity } from '../../lib/demo/lead-activity';
import { generateDemoUsage } from '../../lib/demo/usage';

const bundle = generateWorkspace({ prospects: 200, touches: 2000, seed: 4 });
const usage = generateDemoUsage(bundle, { reps: 6, seed: 4, now: DEMO_NOW });

describe('generateDemoUsage', () => {
  it('gives every rep valid events, the same ones for the same seed', () => {
    expect(usage).toHaveLength(6);
    for (const events of usage) {
      // 60 actions, then the sends of what was inserted in Gmail/Outlook.
      expect(events.filter((event) => !event.type.endsWith('_sent'))).toHaveLength(60);
      for (const event of events) usageEvent.parse(event);
    }
    expect(JSON.stringify(generateDemoUsage(bundle, { reps: 6, seed: 4, now: DEMO_NOW }))).toBe(JSON.stringify(usage));
    const ids = usage.flat().map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends some inserts from the mail surfaces, as approved or rewritten, never more sends than inserts', () => {
    const all = usage.flat();
    const sends = all.filter((event) => event.type === 'message_sent' || event.type === 'asset_sent');
    expect(sends.length).toBeGreaterThan(10);
    for (const send of sends) {
      expect(['gmail', 'outlook']).toContain(send.surface);
      expect(send.retained).toBeGreaterThanOrEqual(0);
      expect(send.retained).toBeLessThanOrEqual(1);
    }
    expect(sends.some((send) => send.retained === 1)).toBe(true);
    expect(sends.some((send) => send.retained! < 0.5)).toBe(true);
    const inserts = all.filter((event) => event.type.endsWith('_inserted') && ['gmail', 'outlook'].includes(event.surface));
    expect(sends.length).toBeLessThanOrEqual(inserts.length);
  });

  it('never names the prospect in a content request', () => {
    const requests = usage.flat().filter((event) => event.type === 'content_request');
    expect(requests.length).toBeGreaterThan(0);
    const identities = (bundle.prospects as Prospect[]).flatMap((p) => [p.id, p.email, p.name ?? p.email]);
    for (const event of requests) {
      expect(event.prospectId).toBeUndefined();
      for (const identity of identities) expect(event.request).not.toContain(identity);
    }
  });
});

describe('generateDemoLeadActivity', () => {
  const team = DEMO_TEAM;
  const prospects = bundle.prospects as Prospect[];
  const activity = generateDemoLeadActivity(prospects, team, { seed: 4, now: DEMO_NOW });
  const byId = new Map(prospects.map((p) => [p.id, p]));

  it('follows up only the rep’s own handed-over leads, after the handover and before now, the same way for the same seed', () => {
    expect(activity).toHaveLength(team.length);
    expect(JSON.stringify(generateDemoLeadActivity(prospects, team, { seed: 4, now: DEMO_NOW }))).toBe(JSON.stringify(activity));
    activity.forEach((events, i) => {
      for (const event of events) {
        usageEvent.parse(event);
        const lead = byId.get(event.prospectId!)!;
        expect(lead.owner).toBe(team[i]!.email);
        expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(lead.qualifiedAt!));
        expect(Date.parse(event.at)).toBeLessThanOrEqual(Date.parse(DEMO_NOW));
      }
    });
    // The demo rep's leads wait for `npm run demo`: nothing is done about them here.
    expect(activity.flat().some((event) => byId.get(event.prospectId!)?.owner === DEMO_REP.email)).toBe(false);
  });

  it('leaves some leads never followed up and gives feedback with reasons, good fit the most common', () => {
    const handed = prospects.filter((p) => p.qualifiedAt && team.some((rep) => rep.email === p.owner));
    const opened = new Set(activity.flat().filter((e) => e.type === 'sidebar_opened').map((e) => e.prospectId));
    expect(opened.size).toBeGreaterThan(handed.length / 2);
    expect(opened.size).toBeLessThan(handed.length);
    const reasons = activity.flat().filter((e) => e.type === 'lead_feedback').map((e) => e.reason!);
    expect(reasons.length).toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    expect([...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe('good_fit');
  });
});
