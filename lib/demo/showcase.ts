/**
 * The showcase story the e2e tests, the demo and the screenshots rely on: Northwind Logistics'
 * buying committee (Dana Whitfield, VP Finance, with Salesforce contact 003Dn00000QxAbcIAF; Marcus
 * Oyelaran, IT; Lena Park, COO) and Priya Raman at Helix Biotech, their exact touch histories,
 * six assets and ten messages with every status. Exact values: fixtures, tests and the demo
 * script open these people by id, email and CRM id. Present whenever a workspace has >= 5 prospects.
 * The hostile strings are here too: the UI must render them inertly.
 */
import type { Message, Prospect, Touch, TouchType } from '../contract/data';
import { DEMO_REP, DEMO_SITE, type AssetSeed, type DemoTopic } from './vocabulary';

/** Which fixed rows a workspace carries: the showcase from 5 prospects, the hostile rows from 10. */
export interface DemoFlags {
  showcase: boolean;
  hostile: boolean;
}

/** Hostile strings the UI must render inertly; present whenever prospects >= 10 (the first also whenever >= 5). */
export const HOSTILE = {
  touchTitle: '<img src=x onerror=alert(1)>',
  messageTitle: 'Security follow-up <script>alert(1)</script>',
  /** U+202E RIGHT-TO-LEFT OVERRIDE inside a company name. */
  companyName: 'Kestrel \u202EHealth Systems',
} as const;

/** Ids of the fixed showcase rows (present whenever prospects >= 5). */
export const SHOWCASE = {
  prospects: ['p-dana', 'p-marcus', 'p-priya', 'p-lena'],
  assets: [
    'a-route-webinar',
    'a-northstar-case',
    'a-pricing-guide',
    'a-security-whitepaper',
    'a-security-webinar',
    'a-integration-deck',
  ],
  messages: [
    'm-finance-freight-roi',
    'm-finance-freight-roi-v2',
    'm-finance-freight-roi-v1',
    'm-it-integration',
    'm-procurement-security',
    'm-exec-brief',
    'm-ops-onboarding',
    'm-pricing-draft',
    'm-q3-promo-expired',
    'm-2027-launch',
  ],
} as const;

const NW = { company: 'Northwind Logistics', domain: 'northwind-logistics.com', industry: 'Logistics' } as const;

export const SHOWCASE_PROSPECTS: Prospect[] = [
  {
    id: 'p-dana',
    email: 'dana.whitfield@northwind-logistics.com',
    name: 'Dana Whitfield',
    title: 'VP Finance',
    ...NW,
    stage: 'sql',
    persona: 'finance',
    crmIds: { salesforce: '003Dn00000QxAbcIAF' },
    updatedAt: '2026-11-18T16:02:00.000Z',
    owner: DEMO_REP.email,
    // Handed over after registering for the route analytics webinar; sales has since accepted her.
    qualifiedAt: '2026-10-14T11:20:00.000Z',
    source: 'Website',
  },
  {
    id: 'p-marcus',
    email: 'marcus.oyelaran@northwind-logistics.com',
    name: 'Marcus Oyelaran',
    title: 'Director of IT Operations',
    ...NW,
    stage: 'mql',
    persona: 'it',
    updatedAt: '2026-11-15T10:30:00.000Z',
    owner: DEMO_REP.email,
    // A waiting lead: handed over 15 minutes after the integration deck download, five days before DEMO_NOW.
    qualifiedAt: '2026-11-15T10:25:00.000Z',
    source: 'Integration Hub Launch',
  },
  {
    id: 'p-priya',
    email: 'priya.raman@helixbio.io',
    name: 'Priya Raman',
    title: 'Head of Procurement',
    company: 'Helix Biotech',
    domain: 'helixbio.io',
    industry: 'Biotech',
    stage: 'opportunity',
    persona: 'procurement',
    updatedAt: '2026-11-19T09:00:00.000Z',
    owner: DEMO_REP.email,
    qualifiedAt: '2026-11-02T10:20:00.000Z',
    source: 'Life Sciences Paid Social',
  },
  {
    id: 'p-lena',
    email: 'lena.park@northwind-logistics.com',
    name: 'Lena Park',
    title: 'Chief Operating Officer',
    ...NW,
    stage: 'sql',
    persona: 'executive',
    updatedAt: '2026-11-08T20:00:00.000Z',
    owner: DEMO_REP.email,
    // The morning after the executive dinner.
    qualifiedAt: '2026-11-09T08:30:00.000Z',
    source: 'Website',
  },
];
// Property order inside each showcase prospect follows the contract (id, email, name, title, company…).
for (const p of SHOWCASE_PROSPECTS) reorderProspect(p);

type ShowcaseTouch = [TouchType, string, string, string, DemoTopic[], { assetId?: string; url?: string; automated?: true }?];
const ROUTE = 'Route Analytics Webinar Series';
const FIN = 'Finance Leaders Nurture';
const SEC = 'Security & Compliance Webinar';
const SHOWCASE_TOUCHES: Record<'dana' | 'marcus' | 'priya' | 'lena', ShowcaseTouch[]> = {
  dana: [
    ['webinar', '2026-11-18T15:00:00.000Z', 'Attended: Cutting freight costs with route analytics', ROUTE, ['analytics', 'pricing'], { assetId: 'a-route-webinar' }],
    ['email_open', '2026-11-16T08:41:00.000Z', 'Opened: Reminder — Cutting freight costs with route analytics', ROUTE, ['analytics', 'pricing'], { automated: true }],
    ['page_view', '2026-11-12T14:05:00.000Z', HOSTILE.touchTitle, 'Website', ['pricing'], { url: `${DEMO_SITE}/pricing/enterprise` }],
    ['page_view', '2026-11-12T13:58:00.000Z', 'Visited: Pricing', 'Website', ['pricing'], { url: `${DEMO_SITE}/pricing` }],
    ['download', '2026-11-05T10:20:00.000Z', 'Downloaded: Case study: How Northstar Freight cut empty miles 18%', 'Freight ROI Content Syndication', ['roi', 'analytics'], { assetId: 'a-northstar-case' }],
    ['email_click', '2026-10-29T16:32:00.000Z', "Clicked: The CFO's guide to freight spend", FIN, ['roi', 'pricing'], { url: `${DEMO_SITE}/guides/cfo-freight-spend?utm_source=email&utm_campaign=finance-leaders-nurture` }],
    ['email_open', '2026-10-29T16:30:00.000Z', "Opened: The CFO's guide to freight spend", FIN, ['roi', 'pricing']],
    ['form_submit', '2026-10-14T11:03:00.000Z', 'Submitted form: Register — Cutting freight costs with route analytics', ROUTE, ['analytics', 'pricing'], { url: `${DEMO_SITE}/webinars/route-analytics` }],
    ['ad_click', '2026-10-02T19:47:00.000Z', 'Clicked ad: Stop overpaying for freight', 'LinkedIn Logistics Q4', ['pricing', 'roi'], { url: `${DEMO_SITE}/lp/freight-costs?utm_source=linkedin&utm_campaign=linkedin-logistics-q4` }],
    ['event', '2026-09-18T09:00:00.000Z', 'Visited booth: Supply Chain Summit Chicago', 'Supply Chain Summit 2026', ['analytics', 'integration']],
    ['email_open', '2026-08-27T07:15:00.000Z', 'Opened: 3 ways finance teams cut logistics spend', FIN, ['roi']],
    ['page_view', '2026-07-09T12:30:00.000Z', 'Visited: Blog — Route optimization explained', 'Website', ['analytics'], { url: `${DEMO_SITE}/blog/route-optimization-explained` }],
  ],
  marcus: [
    ['download', '2026-11-15T10:10:00.000Z', 'Downloaded: Integration overview: ERP, TMS and WMS connectors', 'Integration Hub Launch', ['integration'], { assetId: 'a-integration-deck' }],
    ['page_view', '2026-11-10T17:22:00.000Z', 'Visited: Docs — API authentication', 'Website', ['integration', 'security'], { url: `${DEMO_SITE}/docs/api/authentication` }],
    ['webinar', '2026-10-21T09:45:00.000Z', 'Attended: Securing your supply chain data', SEC, ['security', 'compliance'], { assetId: 'a-security-webinar' }],
    ['email_open', '2026-10-20T08:00:00.000Z', 'Opened: Tomorrow — Securing your supply chain data', SEC, ['security', 'compliance']],
    ['email_click', '2026-09-30T13:37:00.000Z', 'Clicked: Meet the Integration Hub', 'Integration Hub Launch', ['integration'], { url: `${DEMO_SITE}/integrations?utm_source=email&utm_campaign=integration-hub-launch` }],
  ],
  priya: [
    ['download', '2026-11-19T08:55:00.000Z', 'Downloaded: Security and compliance whitepaper (SOC 2, ISO 27001)', SEC, ['security', 'compliance'], { assetId: 'a-security-whitepaper' }],
    ['page_view', '2026-11-13T15:20:00.000Z', 'Visited: Trust center', 'Website', ['security', 'compliance'], { url: `${DEMO_SITE}/trust` }],
    ['page_view', '2026-11-13T15:12:00.000Z', 'Visited: Pricing', 'Website', ['pricing'], { url: `${DEMO_SITE}/pricing` }],
    ['form_submit', '2026-11-02T10:00:00.000Z', 'Submitted form: Request a security questionnaire', 'Website', ['security', 'compliance'], { url: `${DEMO_SITE}/trust/questionnaire` }],
    ['email_click', '2026-10-08T14:30:00.000Z', 'Clicked: Procurement checklist for analytics platforms', 'Procurement Playbook Nurture', ['pricing', 'compliance'], { url: `${DEMO_SITE}/guides/procurement-checklist?utm_source=email&utm_campaign=procurement-playbook-nurture` }],
    ['email_open', '2026-10-08T14:28:00.000Z', 'Opened: Procurement checklist for analytics platforms', 'Procurement Playbook Nurture', ['pricing', 'compliance']],
    ['ad_click', '2026-09-12T11:11:00.000Z', 'Clicked ad: Lab data, audit-ready', 'Life Sciences Paid Social', ['compliance'], { url: `${DEMO_SITE}/lp/biotech-compliance?utm_source=linkedin&utm_campaign=life-sciences-paid-social` }],
  ],
  lena: [
    ['event', '2026-11-08T18:00:00.000Z', 'Attended: Executive dinner — Logistics leaders, Chicago', 'Executive Dinner Series', ['roi', 'ai']],
    ['email_open', '2026-10-25T07:50:00.000Z', 'Opened: Invitation — Executive dinner, Chicago', 'Executive Dinner Series', ['roi']],
    ['page_view', '2026-10-01T12:00:00.000Z', 'Visited: AI route planning', 'Website', ['ai', 'analytics'], { url: `${DEMO_SITE}/product/ai-route-planning` }],
  ],
};
export const SHOWCASE_TOUCH_COUNT = 12 + 5 + 7 + 3;

export function showcaseTouches(): Touch[] {
  const out: Touch[] = [];
  for (const [who, rows] of Object.entries(SHOWCASE_TOUCHES)) {
    rows.forEach(([type, occurredAt, title, campaign, topics, extra], i) => {
      const t: Touch = {
        id: `t-${who}-${String(i + 1).padStart(2, '0')}`,
        prospectId: `p-${who}`,
        type,
        occurredAt,
        title,
        campaign,
        topics: topics.slice(),
      };
      if (extra?.assetId) t.assetId = extra.assetId;
      if (extra?.url) t.url = extra.url;
      if (extra?.automated) t.automated = true;
      out.push(t);
    });
  }
  return out;
}

export const SHOWCASE_ASSETS: AssetSeed[] = [
  {
    id: 'a-route-webinar',
    title: 'Webinar recording: Cutting freight costs with route analytics',
    url: `${DEMO_SITE}/resources/webinars/cutting-freight-costs-with-route-analytics`,
    kind: 'webinar_recording',
    stages: ['lead', 'mql', 'sql'],
    personas: [],
    industries: ['Logistics', 'Retail', 'Manufacturing'],
    topics: ['analytics', 'pricing'],
    status: 'approved',
    version: 1,
    campaign: ROUTE,
  },
  {
    id: 'a-northstar-case',
    title: 'Case study: How Northstar Freight cut empty miles 18%',
    url: `${DEMO_SITE}/resources/case-studies/northstar-freight`,
    kind: 'case_study',
    stages: ['mql', 'sql', 'opportunity'],
    personas: ['finance', 'executive', 'operations'],
    industries: ['Logistics'],
    topics: ['roi', 'analytics'],
    status: 'approved',
    version: 2,
    campaign: 'Freight ROI Content Syndication',
  },
  {
    id: 'a-pricing-guide',
    title: 'Pricing and packaging guide 2026',
    url: `${DEMO_SITE}/resources/pricing-guide-2026.pdf`,
    kind: 'one_pager',
    stages: ['sql', 'opportunity'],
    personas: ['finance', 'procurement', 'executive'],
    industries: [],
    topics: ['pricing', 'roi'],
    status: 'approved',
    validUntil: '2027-01-31T23:59:59.000Z',
    version: 4,
    campaign: FIN,
  },
  {
    id: 'a-security-whitepaper',
    title: 'Security and compliance whitepaper (SOC 2, ISO 27001)',
    url: `${DEMO_SITE}/resources/whitepapers/security-and-compliance`,
    kind: 'whitepaper',
    stages: [],
    personas: ['it', 'procurement'],
    industries: [],
    topics: ['security', 'compliance'],
    status: 'approved',
    version: 3,
    campaign: SEC,
  },
  {
    id: 'a-security-webinar',
    title: 'Webinar recording: Securing your supply chain data',
    url: `${DEMO_SITE}/resources/webinars/securing-your-supply-chain-data`,
    kind: 'webinar_recording',
    stages: ['mql', 'sql', 'opportunity'],
    personas: ['it', 'procurement', 'executive'],
    industries: [],
    topics: ['security', 'compliance'],
    status: 'approved',
    version: 1,
    campaign: SEC,
  },
  {
    id: 'a-integration-deck',
    title: 'Integration overview: ERP, TMS and WMS connectors',
    url: `${DEMO_SITE}/resources/decks/integration-overview`,
    kind: 'deck',
    stages: ['lead', 'mql', 'sql', 'opportunity'],
    personas: ['it', 'operations'],
    industries: [],
    topics: ['integration'],
    status: 'approved',
    version: 2,
    campaign: 'Integration Hub Launch',
  },
];

const FREIGHT_ROI_BODY =
  'Hi {{first_name}},\n\nFinance teams at logistics companies like {{company}} typically find 8–12% of freight spend hiding in lane and carrier mix they cannot see today. As {{title}}, you would get a monthly view of cost per lane that ties out to the GL.\n\nWorth a 20-minute look at your own numbers next week?\n\n{{rep_name}}';

export const SHOWCASE_MESSAGES: Message[] = [
  {
    id: 'm-finance-freight-roi',
    title: 'Finance opener: cut freight spend without new headcount',
    body: FREIGHT_ROI_BODY,
    personas: ['finance'],
    industries: ['Logistics'],
    stages: ['mql', 'sql', 'opportunity'],
    status: 'approved',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-06-30T23:59:59.000Z',
    avoidPhrases: ['guarantee', 'cheapest'],
    version: 3,
  },
  {
    id: 'm-finance-freight-roi-v2',
    title: 'Finance opener: cut freight spend without new headcount',
    body: FREIGHT_ROI_BODY.replace('8–12%', '10%'),
    personas: ['finance'],
    industries: ['Logistics'],
    stages: ['mql', 'sql'],
    status: 'retired',
    validFrom: '2025-06-01T00:00:00.000Z',
    validUntil: '2025-12-31T23:59:59.000Z',
    avoidPhrases: ['guarantee'],
    version: 2,
    replacedBy: 'm-finance-freight-roi',
  },
  {
    id: 'm-finance-freight-roi-v1',
    title: 'Finance opener: freight savings',
    body: 'Hi {{first_name}},\n\nWe help companies like {{company}} save on freight. Can we talk?\n\n{{rep_name}}',
    personas: ['finance'],
    industries: ['Logistics'],
    status: 'retired',
    validUntil: '2025-05-31T23:59:59.000Z',
    version: 1,
    replacedBy: 'm-finance-freight-roi-v2',
  },
  {
    id: 'm-it-integration',
    title: 'IT opener: connectors for your TMS and ERP',
    body: 'Hi {{first_name}},\n\nMost IT teams we meet are maintaining a dozen nightly exports between the TMS, the ERP and carrier portals. Our Integration Hub replaces them with one connector per system, SSO and audit logs included.\n\nAs {{title}} at {{company}}, would a 2-page architecture overview help?\n\n{{rep_name}}',
    personas: ['it'],
    industries: [],
    stages: ['lead', 'mql', 'sql'],
    status: 'approved',
    validFrom: '2026-09-01T00:00:00.000Z',
    version: 1,
  },
  {
    id: 'm-procurement-security',
    title: 'Procurement: security review in days, not months',
    body: 'Hi {{first_name}},\n\nTo keep the review at {{company}} moving, here is everything procurement usually asks for: SOC 2 Type II report, ISO 27001 certificate, DPA, sub-processor list and three references in your industry.\n\nShould I send the pack to you directly, or to your security team?\n\n{{rep_name}}',
    personas: ['procurement'],
    industries: [],
    stages: ['sql', 'opportunity'],
    status: 'approved',
    avoidPhrases: ['guarantee', '100% uptime'],
    version: 2,
  },
  {
    id: 'm-exec-brief',
    title: 'Executive note: AI route planning results',
    body: 'Hi {{first_name}},\n\nThree logistics networks your size let our AI planner propose their daily routes this year; dispatchers accepted about 70% unchanged and cost per stop fell 9%.\n\nAs {{title}}, would a 15-minute briefing for {{company}} be useful?\n\n{{rep_name}}',
    personas: ['executive'],
    industries: ['Logistics', 'Manufacturing', 'Retail'],
    stages: ['sql', 'opportunity'],
    status: 'approved',
    avoidPhrases: ['best in class'],
    version: 1,
  },
  {
    id: 'm-ops-onboarding',
    title: 'Operations: what the first 30 days look like',
    body: 'Hi {{first_name}},\n\nA common worry is the rollout. At {{company}} it would look like this: week 1 connectors, week 2 historical data, week 3 planner training, week 4 first sites live.\n\nHappy to walk you through a real project plan.\n\n{{rep_name}}',
    personas: ['operations', 'end_user'],
    industries: [],
    stages: [],
    status: 'approved',
    version: 1,
  },
  {
    id: 'm-pricing-draft',
    title: 'Pricing objection: annual vs. monthly (draft)',
    body: 'Hi {{first_name}},\n\nOn annual vs. monthly: [marketing to confirm the discount before this goes out].\n\n{{rep_name}}',
    personas: ['finance', 'procurement'],
    status: 'draft',
    version: 1,
  },
  {
    id: 'm-q3-promo-expired',
    title: 'Q3 offer: onboarding fee waived',
    body: 'Hi {{first_name}},\n\nSign before the end of Q3 and we waive the onboarding fee for {{company}}.\n\n{{rep_name}}',
    personas: [],
    stages: ['sql', 'opportunity'],
    status: 'approved',
    validFrom: '2026-07-01T00:00:00.000Z',
    validUntil: '2026-09-30T23:59:59.000Z',
    avoidPhrases: ['free forever'],
    version: 1,
  },
  {
    id: 'm-2027-launch',
    title: '2027 launch teaser: AI forecasting GA',
    body: 'Hi {{first_name}},\n\nSomething for {{company}} in January: AI demand forecasting becomes generally available. Want an early look?\n\n{{rep_name}}',
    personas: ['executive', 'operations'],
    status: 'approved',
    validFrom: '2027-01-15T00:00:00.000Z',
    version: 1,
  },
];

function reorderProspect(p: Prospect): void {
  const order = ['id', 'email', 'name', 'title', 'company', 'domain', 'stage', 'persona', 'industry', 'crmIds', 'updatedAt', 'owner', 'qualifiedAt', 'source'] as const;
  const copy = { ...p } as Record<string, unknown>;
  for (const key of Object.keys(p)) delete (p as Record<string, unknown>)[key];
  for (const key of order) if (copy[key] !== undefined) (p as Record<string, unknown>)[key] = copy[key];
}
