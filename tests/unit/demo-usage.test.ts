import { describe, expect, it } from 'vitest';
import { usageEvent } from '../../lib/contract';
import type { Prospect } from '../../lib/contract/data';
import { DEMO_NOW, generateWorkspace } from '../../lib/demo/generate';
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
