/**
 * Every English sentence the recommend modules produce (reasons, brief), in one place for
 * translation. Values from the data (industry, topic, names) are passed in, never concatenated
 * elsewhere.
 */
import type { TouchType } from '../contract';

/** How a touch type reads to a rep: the timeline and the brief say the same words. */
export const TOUCH_TYPE_LABELS: Record<TouchType, string> = {
  email_open: 'Opened email',
  email_click: 'Clicked email',
  webinar: 'Webinar',
  download: 'Download',
  page_view: 'Visited page',
  ad_click: 'Clicked ad',
  event: 'Event',
  form_submit: 'Filled form',
};

const STAGE_LABELS: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  mql: 'MQL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
};

const PERSONA_LABELS: Record<string, string> = {
  finance: 'Finance',
  it: 'IT',
  operations: 'Operations',
  procurement: 'Procurement',
  executive: 'Executive',
  end_user: 'Practitioner',
};

function humanize(value: string): string {
  const spaced = value.trim().replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage.trim().toLowerCase()] ?? humanize(stage);
}

export function personaLabel(persona: string): string {
  return PERSONA_LABELS[persona.trim().toLowerCase()] ?? humanize(persona);
}

export const REASON_TEXT = {
  stageFit: (stage?: string) => (stage ? `Made for their stage: ${stageLabel(stage)}` : 'Made for their stage'),
  personaFit: (persona?: string) => (persona ? `Written for their role: ${personaLabel(persona)}` : 'Written for their role'),
  industryFit: (industry?: string) => (industry ? `Same industry: ${industry}` : 'Same industry'),
  topicCount: (count: number, topic: string, recent: boolean) =>
    `Read ${count} ${count === 1 ? 'piece' : 'pieces'} on ${topic}${recent ? ' recently' : ''}`,
  topicInterest: (topic: string) => `Interested in ${topic}`,
  effectiveWithSimilar: 'Worked well with similar prospects',
  fresh: 'Current version, not about to expire',
  notSentBefore: 'Not sent to them before',
  accountTopicCount: (count: number, topic: string, recent: boolean) =>
    `People here read ${count} ${count === 1 ? 'piece' : 'pieces'} on ${topic}${recent ? ' recently' : ''}`,
  notSentToAccount: 'Not sent to anyone here before',
  fitsPeople: (fits: number, of: number) => `Fits ${fits} of the ${of} most engaged people here`,
  forPerson: (name: string, reason: string) => `${name}: ${reason}`,
} as const;

export const BRIEF_TEXT = {
  title: (who: string) => `Meeting brief: ${who}`,
  prepared: (date: string) => `Prepared ${date}`,
  who: 'Who',
  at: (title: string | undefined, company: string | undefined) =>
    [title, company].filter(Boolean).join(' at '),
  stage: 'Stage',
  persona: 'Role',
  industry: 'Industry',
  email: 'Email',
  committee: (count: number) => `Buying committee (${count})`,
  committeeEmpty: 'No one else from this company is known yet.',
  touches: 'What marketing did (last 10 touches, by campaign)',
  touchesEmpty: 'No marketing touches recorded yet.',
  touchGroup: (count: number, latest: string) => `${count} ${count === 1 ? 'touch' : 'touches'}, latest ${latest}`,
  automatedSkipped: (count: number) =>
    `${count} automated ${count === 1 ? 'open' : 'opens'} (privacy proxy or scanner) left out.`,
  noCampaign: 'No campaign',
  topics: 'What they care about',
  topicsEmpty: 'Not enough activity to tell yet.',
  talkingPoints: 'Talking points (approved messaging)',
  talkingPointsEmpty: 'No approved messaging for this segment yet.',
  asset: 'Asset to bring',
  assetEmpty: 'No eligible asset right now.',
  why: 'Why',
  alternates: 'Alternates',
  questions: 'Open questions',
} as const;

/** Open questions a rep can ask, by stage, role and topic: derived from the data, no model involved. */
export const QUESTIONS = {
  stage: {
    subscriber: 'What made them start looking into this now?',
    lead: 'What problem are they trying to solve, and who feels it most?',
    mql: 'Is there a project, budget or deadline behind their interest?',
    sql: 'Who else is involved in the decision, and how do they usually buy?',
    opportunity: 'What stands between now and a signature: security review, legal, procurement?',
    customer: 'How is the rollout going, and where else could it help?',
  } as Record<string, string>,
  persona: {
    finance: 'What saving or payback would make this worth it for them?',
    it: 'Which systems must it connect to, and which security review applies?',
    operations: 'Which sites or teams would go first?',
    procurement: 'What does their vendor review require (security pack, DPA, references)?',
    executive: 'What outcome would they report to their board?',
    end_user: 'What slows them down day to day?',
  } as Record<string, string>,
  topic: (topic: string) => `They have been reading about ${topic}: what prompted it?`,
  committeeUnknown: 'Who else will weigh in on the decision?',
  committeeKnown: (names: string) => `Are ${names} part of the decision?`,
} as const;
