/** Demo messages: the showcase's ten, then generated ones in every status, with a few replacedBy chains. */
import { personaLabel } from '../recommend/labels';
import type { Message } from '../contract/data';
import { DAY, iso, longText, padId } from './format';
import type { Random } from './random';
import { HOSTILE, SHOWCASE_MESSAGES, type DemoFlags } from './showcase';
import {
  AVOID_PHRASES,
  CTAS,
  DEMO_INDUSTRIES,
  DEMO_PERSONAS,
  DEMO_TOPICS,
  KIND_OPENING,
  MESSAGE_KINDS,
  PERSONA_LINE,
  PERSONA_TOPICS,
  PERSONA_WEIGHTS,
  TOPIC_SUBJECTS,
  TOPIC_VALUE,
  stageRange,
} from './vocabulary';

/** Between 30 and 2,000 messages (one per five prospects). */
export function generateMessages(rng: Random, prospectCount: number, nowMs: number, flags: DemoFlags): Message[] {
  const { showcase, hostile } = flags;
  const messageCount = Math.min(2000, Math.max(30, Math.floor(prospectCount / 5)));
  const messages: Message[] = showcase ? SHOWCASE_MESSAGES.map((m) => ({ ...m })) : [];
  const forced = ['approved', 'draft', 'retired', 'expired', 'future'] as const;
  let seq = 0;
  const nextMessageId = () => padId('m-', ++seq, 4);
  while (messages.length < messageCount) {
    const persona = rng.weighted(DEMO_PERSONAS, PERSONA_WEIGHTS);
    const topic = rng.chance(0.7) ? rng.pick(PERSONA_TOPICS[persona]) : rng.pick(DEMO_TOPICS);
    const kind = rng.pick(MESSAGE_KINDS);
    const category = seq < forced.length ? (forced[seq] as (typeof forced)[number]) : rng.weighted(['approved', 'draft', 'retired', 'expired', 'future'] as const, [70, 10, 8, 6, 6]);
    const title = `${personaLabel(persona)} ${kind}: ${rng.pick(TOPIC_SUBJECTS[topic])}`;
    const body = [
      kind === 'LinkedIn note' ? 'Hi {{first_name}} —' : 'Hi {{first_name}},',
      '',
      `${KIND_OPENING[kind]} ${TOPIC_VALUE[topic]}.`,
      '',
      PERSONA_LINE[persona],
      '',
      rng.pick(CTAS),
      '',
      rng.chance(0.5) ? '{{rep_name}}' : 'Best,\n{{rep_name}}',
    ].join('\n');
    const base: Message = {
      id: '',
      title,
      body,
      personas: rng.chance(0.15) ? [] : rng.chance(0.3) ? [persona, rng.pick(DEMO_PERSONAS)].filter((v, i, all) => all.indexOf(v) === i) : [persona],
      industries: rng.chance(0.45) ? [] : rng.sample(DEMO_INDUSTRIES, rng.int(1, 2)),
      stages: rng.chance(0.2) ? [] : stageRange(rng),
      status: 'approved',
    };
    if (rng.chance(0.35)) base.avoidPhrases = rng.sample(AVOID_PHRASES, rng.int(1, 3));
    // A few replacedBy chains: v1 retired -> v2 retired -> v3 current.
    const chain = seq >= forced.length && rng.chance(0.04) && messages.length + 3 <= messageCount;
    if (chain) {
      const ids = [nextMessageId(), nextMessageId(), nextMessageId()];
      const [v1, v2, v3] = ids as [string, string, string];
      messages.push(
        { ...base, id: v1, status: 'retired', version: 1, validUntil: iso(nowMs - rng.int(200, 500) * DAY), replacedBy: v2 },
        { ...base, id: v2, status: 'retired', version: 2, validUntil: iso(nowMs - rng.int(10, 190) * DAY), replacedBy: v3 },
        { ...base, id: v3, status: 'approved', version: 3, validFrom: iso(nowMs - rng.int(1, 9) * DAY) },
      );
      continue;
    }
    const m: Message = { ...base, id: nextMessageId(), version: rng.weighted([1, 2, 3], [70, 22, 8]) };
    switch (category) {
      case 'approved':
        if (rng.chance(0.7)) m.validFrom = iso(nowMs - rng.int(10, 400) * DAY);
        if (rng.chance(0.4)) m.validUntil = iso(nowMs + rng.int(20, 400) * DAY);
        break;
      case 'draft':
        m.status = 'draft';
        m.title += ' [draft]';
        break;
      case 'retired':
        m.status = 'retired';
        m.validUntil = iso(nowMs - rng.int(1, 400) * DAY);
        break;
      case 'expired':
        m.validFrom = iso(nowMs - rng.int(120, 500) * DAY);
        m.validUntil = iso(nowMs - rng.int(1, 100) * DAY);
        break;
      case 'future':
        m.validFrom = iso(nowMs + rng.int(2, 90) * DAY);
        break;
    }
    messages.push(m);
  }
  if (hostile) {
    // Approved, valid, fits everyone: the sidebar will render these.
    const script = messages[messages.length - 1] as Message;
    Object.assign(script, { title: HOSTILE.messageTitle, status: 'approved', personas: [], industries: [], stages: [] });
    script.body = `${script.body}\n\n<script>alert(1)</script>`;
    delete script.validFrom;
    delete script.validUntil;
    delete script.replacedBy;
    const long = messages[messages.length - 2] as Message;
    Object.assign(long, { title: longText('Practitioner follow-up: a very long subject line that keeps on going, ', 298), status: 'approved', personas: [], industries: [], stages: [] });
    delete long.validFrom;
    delete long.validUntil;
    delete long.replacedBy;
  }
  return messages;
}
