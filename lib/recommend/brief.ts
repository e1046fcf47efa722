/**
 * The one-page meeting brief: who, committee, recent marketing touches by campaign, topics,
 * talking points, the asset to bring and open questions, as plain text and as Markdown.
 * Every value from the data is flattened to one line and stripped of control and bidi-override
 * characters (a hostile company name must not reorder the page the rep pastes it into); in the
 * Markdown version it is also escaped, so a touch title like "<img onerror=…>" stays text.
 */
import type { Brief, ProspectSummary, RankedMessage, TopicInterest, TouchView } from '../contract';
import { stripUnsafeText } from './fill-template';
import { BRIEF_TEXT, QUESTIONS, TOUCH_TYPE_LABELS, personaLabel, stageLabel } from './labels';
import { ALTERNATE_COUNT, type RankedAsset, reasonText } from './rank-assets';
import { nowMillis } from './segment';
import { touchTime } from './topics';

export interface BriefInput {
  /** A ProspectContext fits. */
  context: { prospect: ProspectSummary; committee: readonly ProspectSummary[]; touches: readonly TouchView[] };
  topAsset?: RankedAsset;
  alternates: readonly RankedAsset[];
  /** Ranked messages (rankMessages().ranked): the fitting ones become talking points. */
  messages: readonly RankedMessage[];
  topTopics: readonly TopicInterest[];
  now: Date;
}

export const BRIEF_LIMITS = {
  touches: 10,
  committee: 10,
  talkingPoints: 3,
  alternates: ALTERNATE_COUNT,
  reasons: 3,
  questions: 4,
  valueChars: 300,
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One line of data, safe to paste anywhere. */
function clean(value: string | undefined, max: number = BRIEF_LIMITS.valueChars): string {
  if (!value) return '';
  const flat = value.replace(/\s+/g, ' ');
  const safe = stripUnsafeText(flat).trim();
  return safe.length > max ? `${safe.slice(0, max - 1).trimEnd()}…` : safe;
}

/** Escapes what would turn data into Markdown markup (links, images, HTML, emphasis, tables, code). */
function md(value: string): string {
  return value.replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** UTC and fixed month names: the brief reads the same on every machine and in every locale. */
export function briefDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function personName(p: Pick<ProspectSummary, 'name' | 'email'>): string {
  return clean(p.name) || clean(p.email);
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * https only (the contract already insists), with the characters that could end a Markdown link
 * target percent-encoded.
 */
function safeLinkUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:') return undefined;
    return url.href.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return undefined;
  }
}

/** Brief content as neutral blocks; rendered twice (text, Markdown) so both always agree. */
type Line = { text: string; depth?: 0 | 1; link?: { label: string; url: string } };
interface Section {
  heading: string;
  lines: Line[];
  /** A paragraph instead of a list (empty states). */
  note?: string;
}

function segmentLine(p: ProspectSummary): string {
  const parts: string[] = [];
  if (p.stage) parts.push(`${BRIEF_TEXT.stage}: ${clean(stageLabel(p.stage))}`);
  if (p.persona) parts.push(`${BRIEF_TEXT.persona}: ${clean(personaLabel(p.persona))}`);
  if (p.industry) parts.push(`${BRIEF_TEXT.industry}: ${clean(p.industry)}`);
  return parts.join(' · ');
}

function recentTouches(touches: readonly TouchView[]): { shown: TouchView[]; automated: number } {
  const sorted = touches
    .slice()
    .sort((a, b) => touchTime(b) - touchTime(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shown: TouchView[] = [];
  let automated = 0;
  for (const touch of sorted) {
    if (shown.length >= BRIEF_LIMITS.touches) break;
    // Scanner and privacy-proxy opens say nothing about the person; count them, don't list them.
    if (touch.automated) automated++;
    else shown.push(touch);
  }
  return { shown, automated };
}

function touchSection(touches: readonly TouchView[]): Section {
  const { shown, automated } = recentTouches(touches);
  const section: Section = { heading: BRIEF_TEXT.touches, lines: [] };
  if (shown.length === 0) section.note = BRIEF_TEXT.touchesEmpty;
  // Groups in order of their newest touch, which is the order the newest-first list meets them.
  const groups = new Map<string, TouchView[]>();
  for (const touch of shown) {
    const campaign = clean(touch.campaign) || BRIEF_TEXT.noCampaign;
    const group = groups.get(campaign);
    if (group) group.push(touch);
    else groups.set(campaign, [touch]);
  }
  for (const [campaign, group] of groups) {
    const latest = briefDate(touchTime(group[0] as TouchView));
    section.lines.push({ text: `${campaign}: ${BRIEF_TEXT.touchGroup(group.length, latest)}` });
    for (const touch of group) {
      const label = TOUCH_TYPE_LABELS[touch.type] ?? touch.type;
      const title = clean(touch.title);
      section.lines.push({ text: [briefDate(touchTime(touch)), label, title].filter(Boolean).join(' · '), depth: 1 });
    }
  }
  if (automated > 0) section.lines.push({ text: BRIEF_TEXT.automatedSkipped(automated) });
  return section;
}

function questions(input: BriefInput): string[] {
  const { prospect, committee } = input.context;
  const out: string[] = [];
  const stage = prospect.stage?.trim().toLowerCase();
  const persona = prospect.persona?.trim().toLowerCase();
  if (stage && QUESTIONS.stage[stage]) out.push(QUESTIONS.stage[stage]);
  if (persona && QUESTIONS.persona[persona]) out.push(QUESTIONS.persona[persona]);
  const topTopic = input.topTopics[0];
  if (topTopic) out.push(QUESTIONS.topic(clean(topTopic.topic, 60)));
  const names = committee.slice(0, 2).map(personName).filter(Boolean);
  out.push(names.length > 0 ? QUESTIONS.committeeKnown(joinNames(names)) : QUESTIONS.committeeUnknown);
  return [...new Set(out)].slice(0, BRIEF_LIMITS.questions);
}

function sections(input: BriefInput): { title: string; prepared: string; body: Section[] } {
  const { prospect, committee } = input.context;
  const nowMs = nowMillis(input.now);
  const name = personName(prospect);

  const who: Section = { heading: BRIEF_TEXT.who, lines: [] };
  const role = BRIEF_TEXT.at(clean(prospect.title) || undefined, clean(prospect.company) || undefined);
  who.lines.push({ text: role ? `${name}, ${role}` : name });
  const segment = segmentLine(prospect);
  if (segment) who.lines.push({ text: segment });
  if (prospect.email) who.lines.push({ text: `${BRIEF_TEXT.email}: ${clean(prospect.email)}` });

  const committeeSection: Section = { heading: BRIEF_TEXT.committee(committee.length), lines: [] };
  if (committee.length === 0) committeeSection.note = BRIEF_TEXT.committeeEmpty;
  for (const member of committee.slice(0, BRIEF_LIMITS.committee)) {
    const details = [member.persona && personaLabel(member.persona), member.stage && stageLabel(member.stage)]
      .filter(Boolean)
      .map((v) => clean(v as string))
      .join(', ');
    const title = clean(member.title);
    committeeSection.lines.push({
      text: `${personName(member)}${title ? `, ${title}` : ''}${details ? ` (${details})` : ''}`,
    });
  }
  if (committee.length > BRIEF_LIMITS.committee) {
    committeeSection.lines.push({ text: `…and ${committee.length - BRIEF_LIMITS.committee} more` });
  }

  const topicSection: Section = { heading: BRIEF_TEXT.topics, lines: [] };
  if (input.topTopics.length === 0) topicSection.note = BRIEF_TEXT.topicsEmpty;
  for (const topic of input.topTopics) {
    topicSection.lines.push({
      text: `${clean(topic.topic, 80)} (${topic.touches} ${topic.touches === 1 ? 'touch' : 'touches'}, latest ${briefDate(topic.lastAt)})`,
    });
  }

  const points: Section = { heading: BRIEF_TEXT.talkingPoints, lines: [] };
  const fitting = input.messages.filter((m) => m.fit).slice(0, BRIEF_LIMITS.talkingPoints);
  if (fitting.length === 0) points.note = BRIEF_TEXT.talkingPointsEmpty;
  for (const m of fitting) points.lines.push({ text: clean(m.message.title) });

  const assetSection: Section = { heading: BRIEF_TEXT.asset, lines: [] };
  const top = input.topAsset;
  if (!top) assetSection.note = BRIEF_TEXT.assetEmpty;
  else {
    const url = safeLinkUrl(top.asset.url);
    const label = clean(top.asset.title);
    assetSection.lines.push(url ? { text: `${label} — ${url}`, link: { label, url } } : { text: label });
    const why = top.reasons
      .slice(0, BRIEF_LIMITS.reasons)
      .map((code) => clean(reasonText(code, { prospect, topics: input.topTopics, now: input.now })));
    if (why.length > 0) assetSection.lines.push({ text: `${BRIEF_TEXT.why}: ${why.join('; ')}` });
    const alternates = input.alternates.slice(0, BRIEF_LIMITS.alternates);
    if (alternates.length > 0) {
      assetSection.lines.push({ text: `${BRIEF_TEXT.alternates}:` });
      for (const alt of alternates) assetSection.lines.push({ text: clean(alt.asset.title), depth: 1 });
    }
  }

  const questionSection: Section = { heading: BRIEF_TEXT.questions, lines: questions(input).map((text) => ({ text })) };

  return {
    title: BRIEF_TEXT.title(name),
    prepared: BRIEF_TEXT.prepared(briefDate(nowMs)),
    body: [who, committeeSection, touchSection(input.context.touches), topicSection, points, assetSection, questionSection],
  };
}

export function buildBrief(input: BriefInput): Brief {
  const { title, prepared, body } = sections(input);

  const text: string[] = [title, prepared];
  for (const section of body) {
    text.push('', section.heading);
    if (section.note) text.push(section.note);
    for (const line of section.lines) text.push(`${line.depth ? '    - ' : '- '}${line.text}`);
  }

  const markdown: string[] = [`# ${md(title)}`, '', `_${md(prepared)}_`];
  for (const section of body) {
    markdown.push('', `## ${md(section.heading)}`, '');
    if (section.note) markdown.push(md(section.note));
    for (const line of section.lines) {
      const content = line.link ? `[${md(line.link.label)}](${line.link.url})` : md(line.text);
      markdown.push(`${line.depth ? '  - ' : '- '}${content}`);
    }
  }

  return { text: `${text.join('\n')}\n`, markdown: `${markdown.join('\n')}\n` };
}
