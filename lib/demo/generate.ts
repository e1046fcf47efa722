/**
 * Deterministic demo workspace generator: a realistic cuecard/v1 bundle for the demo, the e2e
 * tests and the benchmarks. Pure: no fs, no clock, no Math.random; the same options always give
 * the same bundle. Rows are plain objects (no per-row zod parsing: it has to make 500k touches fast);
 * the unit test checks every row against the contract.
 *
 * Vocabulary (values written into prospects/messages/assets; lower-case ids except industries):
 * - personas: finance (CFO, VP Finance, controller), it (CIO, IT/infra/security), operations
 *   (COO-level excluded: ops/supply-chain managers), procurement (buyers, sourcing), executive
 *   (CEO, COO, GM, founder), end_user (analysts, planners, coordinators — the daily users)
 * - stages (funnel order): subscriber, lead, mql, sql, opportunity, customer
 * - industries: SaaS, Logistics, Healthcare, Financial Services, Manufacturing, Retail, Biotech, Education
 * - topics: pricing, security, integration, roi, compliance, onboarding, analytics, ai
 * - asset kinds: case_study, deck, one_pager, webinar_recording, whitepaper
 *
 * The seller in the demo is "Meridian Analytics" (freight/route analytics SaaS); its links live
 * under https://www.meridian-analytics.example (a reserved, never-resolving domain).
 */
import { type Asset, type Bundle, BUNDLE_FORMAT, type Message, type Prospect, type Touch, type TouchType } from '../contract/data';
import { createRandom, weightedTable, type Random } from './random';

export interface GenerateOptions {
  prospects: number;
  touches: number;
  seed: number;
  /** ISO time the workspace is generated "at": touches are before it, validity windows relative to it. */
  now?: string;
}

export const DEMO_NOW = '2026-11-20T12:00:00.000Z';
export const DEMO_SITE = 'https://www.meridian-analytics.example';

export const DEMO_PERSONAS = ['finance', 'it', 'operations', 'procurement', 'executive', 'end_user'] as const;
export type DemoPersona = (typeof DEMO_PERSONAS)[number];
export const DEMO_STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];
export const DEMO_INDUSTRIES = [
  'SaaS',
  'Logistics',
  'Healthcare',
  'Financial Services',
  'Manufacturing',
  'Retail',
  'Biotech',
  'Education',
] as const;
export type DemoIndustry = (typeof DEMO_INDUSTRIES)[number];
export const DEMO_TOPICS = ['pricing', 'security', 'integration', 'roi', 'compliance', 'onboarding', 'analytics', 'ai'] as const;
export type DemoTopic = (typeof DEMO_TOPICS)[number];
export const DEMO_ASSET_KINDS = ['case_study', 'deck', 'one_pager', 'webinar_recording', 'whitepaper'] as const;
export type DemoAssetKind = (typeof DEMO_ASSET_KINDS)[number];

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

const DAY = 86_400_000;
const HISTORY_DAYS = 548; // ~18 months

// ---------------------------------------------------------------------------------------------
// Vocabulary tables

const TITLES: Record<DemoPersona, readonly string[]> = {
  finance: ['Chief Financial Officer', 'VP Finance', 'Finance Director', 'Controller', 'Head of FP&A', 'Senior Financial Analyst', 'Director of Finance Operations'],
  it: ['Chief Information Officer', 'VP of IT', 'Director of IT Operations', 'IT Manager', 'Head of Infrastructure', 'Information Security Manager', 'Enterprise Architect', 'Systems Administrator'],
  operations: ['VP Operations', 'Director of Operations', 'Supply Chain Manager', 'Head of Fulfillment', 'Operations Manager', 'Transportation Manager', 'Plant Manager'],
  procurement: ['Head of Procurement', 'Procurement Manager', 'Strategic Sourcing Lead', 'Senior Buyer', 'Vendor Manager', 'Category Manager'],
  executive: ['Chief Executive Officer', 'Chief Operating Officer', 'President', 'General Manager', 'Co-Founder', 'Managing Director'],
  end_user: ['Logistics Analyst', 'Demand Planner', 'Data Analyst', 'Operations Coordinator', 'Business Analyst', 'Dispatcher', 'Inventory Specialist'],
};
const PERSONA_WEIGHTS = [12, 18, 20, 10, 12, 28];
const STAGE_WEIGHTS = [20, 30, 20, 12, 10, 8];
const INDUSTRY_WEIGHTS = [16, 18, 12, 12, 14, 12, 8, 8];

const PERSONA_LABEL: Record<DemoPersona, string> = {
  finance: 'Finance',
  it: 'IT',
  operations: 'Operations',
  procurement: 'Procurement',
  executive: 'Executive',
  end_user: 'Practitioner',
};
const PERSONA_TOPICS: Record<DemoPersona, readonly DemoTopic[]> = {
  finance: ['roi', 'pricing'],
  it: ['security', 'integration'],
  operations: ['analytics', 'onboarding'],
  procurement: ['pricing', 'compliance'],
  executive: ['roi', 'ai'],
  end_user: ['onboarding', 'analytics'],
};

const COMPANY_PREFIXES = [
  'Acorn', 'Alder', 'Apex', 'Arbor', 'Aster', 'Atlas', 'Aurora', 'Basalt', 'Beacon', 'Birch', 'Blue Harbor', 'Bluefin',
  'Bright', 'Brightpath', 'Brook', 'Cairn', 'Canyon', 'Cascade', 'Cedar', 'Clearwater', 'Cobalt', 'Copper', 'Coral',
  'Crescent', 'Crown', 'Cypress', 'Delta', 'Driftwood', 'Eastgate', 'Ember', 'Evergreen', 'Falcon', 'Fernwood', 'Flint',
  'Foxglove', 'Granite', 'Greenfield', 'Harbor', 'Hawthorn', 'Highland', 'Horizon', 'Ironwood', 'Juniper', 'Keystone',
  'Lakeside', 'Lantern', 'Larch', 'Linden', 'Lumen', 'Maple', 'Marlin', 'Meadow', 'Mesa', 'Milestone', 'Monarch', 'Nimbus',
  'Northgate', 'Oakridge', 'Obsidian', 'Orchard', 'Osprey', 'Pacific', 'Pinnacle', 'Pioneer', 'Quarry', 'Quill', 'Redwood',
  'Ridgeline', 'Riverbend', 'Rowan', 'Sable', 'Saffron', 'Sequoia', 'Sierra', 'Silverline', 'Skyline', 'Sparrow', 'Spruce',
  'Stonebridge', 'Summit', 'Sycamore', 'Tamarack', 'Tidewater', 'Timber', 'Trailhead', 'Tundra', 'Vantage', 'Vertex',
  'Westbrook', 'Willow', 'Windward', 'Wren', 'Yarrow', 'Zephyr',
];
const COMPANY_SUFFIXES: Record<DemoIndustry, readonly string[]> = {
  SaaS: ['Software', 'Labs', 'Cloud', 'Systems', 'Technologies', 'Data'],
  Logistics: ['Logistics', 'Freight', 'Transport', 'Shipping', 'Cargo', 'Distribution'],
  Healthcare: ['Health', 'Medical Group', 'Care', 'Clinics', 'Health Partners', 'Hospital Network'],
  'Financial Services': ['Capital', 'Financial', 'Bank', 'Credit Union', 'Insurance', 'Payments'],
  Manufacturing: ['Manufacturing', 'Industries', 'Components', 'Fabrication', 'Machining', 'Plastics'],
  Retail: ['Outfitters', 'Market', 'Home Goods', 'Grocers', 'Apparel', 'Stores'],
  Biotech: ['Biotech', 'Therapeutics', 'Biosciences', 'Genomics', 'Pharma', 'Bio'],
  Education: ['Learning', 'Academy', 'University', 'Schools', 'College', 'Education'],
};
const INDUSTRY_TLDS: Record<DemoIndustry, readonly string[]> = {
  SaaS: ['io', 'com', 'ai', 'co'],
  Logistics: ['com', 'com', 'net', 'co'],
  Healthcare: ['com', 'org', 'health'],
  'Financial Services': ['com', 'com', 'bank', 'co'],
  Manufacturing: ['com', 'com', 'net'],
  Retail: ['com', 'com', 'shop', 'co'],
  Biotech: ['com', 'io', 'bio'],
  Education: ['edu', 'org', 'com'],
};

const FIRST_NAMES = [
  'Aaliyah', 'Adrian', 'Aisha', 'Alejandro', 'Amara', 'Anders', 'Ana', 'Arjun', 'Beatriz', 'Ben', 'Camille', 'Carlos', 'Chen',
  'Chloe', 'Daniel', 'Deepa', 'Diego', 'Elena', 'Emeka', 'Emily', 'Erik', 'Fatima', 'Felix', 'Grace', 'Hana', 'Hassan',
  'Ines', 'Isaac', 'Jade', 'James', 'Javier', 'Jin', 'Joanna', 'Jonas', 'Julia', 'Kai', 'Kavya', 'Kenji', 'Laila', 'Leo',
  'Lucia', 'Malik', 'Maya', 'Mateo', 'Mei', 'Miguel', 'Mira', 'Nadia', 'Nathan', 'Nia', 'Noah', 'Olivia', 'Omar', 'Oskar',
  'Paulo', 'Quinn', 'Rafael', 'Rania', 'Ravi', 'Rosa', 'Ryan', 'Sakura', 'Samuel', 'Sara', 'Sebastian', 'Sofia', 'Sunil',
  'Tariq', 'Thea', 'Tomas', 'Uma', 'Valentina', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zainab', 'Zoe', 'Hamza', 'Ingrid',
  'Kwame', 'Lars', 'Leila', 'Marta', 'Niamh', 'Pedro', 'Rohan', 'Signe', 'Tendai', 'Ximena',
];
const LAST_NAMES = [
  'Abara', 'Adeyemi', 'Alvarez', 'Andersson', 'Bakker', 'Banerjee', 'Becker', 'Bennett', 'Bianchi', 'Brooks', 'Castillo',
  'Chandra', 'Chen', 'Costa', 'Dubois', 'Dunn', 'Eriksen', 'Fernandes', 'Fischer', 'Foster', 'Garcia', 'Gupta', 'Haddad',
  'Hansen', 'Hayes', 'Hughes', 'Ibrahim', 'Ito', 'Jansen', 'Jensen', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Kumar', 'Larsen',
  'Lee', 'Lindqvist', 'Lopez', 'Martin', 'Mendes', 'Meyer', 'Moreau', 'Morris', 'Murphy', 'Nakamura', 'Ndlovu', 'Nguyen',
  'Novak', 'Nunez', 'Okafor', 'Oliveira', 'Olsen', 'Ortiz', 'Osei', 'Park', 'Patel', 'Pereira', 'Petrov', 'Quinn', 'Ramos',
  'Reddy', 'Reyes', 'Richter', 'Rossi', 'Russo', 'Saito', 'Santos', 'Schmidt', 'Shah', 'Silva', 'Singh', 'Sokolov', 'Suzuki',
  'Tan', 'Tanaka', 'Taylor', 'Torres', 'Turner', 'Varga', 'Vasquez', 'Walsh', 'Wang', 'Weber', 'Williams', 'Wong', 'Yamada',
  'Yilmaz', 'Zhang', 'Zielinski', "O'Brien", 'Da Silva', 'Van Dijk', 'McAllister',
];

interface Campaign {
  name: string;
  slug: string;
  channel: 'website' | 'webinar' | 'nurture' | 'paid' | 'syndication' | 'event' | 'launch';
  topics: DemoTopic[];
  /** Webinar/event title or offer headline. */
  headline: string;
  startDaysAgo: number;
  endDaysAgo: number;
  weight: number;
  /** Industries this campaign targets (empty: everyone). */
  industries: DemoIndustry[];
}

const CAMPAIGNS: Campaign[] = [
  c('Website', 'website', ['pricing', 'integration', 'security'], 'Meridian Analytics website', 548, 0, 10),
  c('Route Analytics Webinar Series', 'webinar', ['analytics', 'pricing'], 'Cutting freight costs with route analytics', 120, 0, 5, ['Logistics', 'Retail', 'Manufacturing']),
  c('Finance Leaders Nurture', 'nurture', ['roi', 'pricing'], "The CFO's guide to freight spend", 300, 0, 6),
  c('Freight ROI Content Syndication', 'syndication', ['roi', 'analytics'], 'The freight ROI benchmark report', 200, 20, 3, ['Logistics']),
  c('LinkedIn Logistics Q4', 'paid', ['pricing', 'roi'], 'Stop overpaying for freight', 60, 0, 3, ['Logistics']),
  c('Supply Chain Summit 2026', 'event', ['analytics', 'integration'], 'Supply Chain Summit Chicago', 70, 62, 2, ['Logistics', 'Manufacturing', 'Retail']),
  c('Integration Hub Launch', 'launch', ['integration'], 'Meet the Integration Hub', 90, 10, 4),
  c('Security & Compliance Webinar', 'webinar', ['security', 'compliance'], 'Securing your supply chain data', 45, 0, 3),
  c('Procurement Playbook Nurture', 'nurture', ['pricing', 'compliance'], 'Procurement checklist for analytics platforms', 150, 0, 3),
  c('Life Sciences Paid Social', 'paid', ['compliance'], 'Lab data, audit-ready', 100, 30, 2, ['Biotech', 'Healthcare']),
  c('Executive Dinner Series', 'event', ['roi', 'ai'], 'Executive dinner — Logistics leaders, Chicago', 50, 5, 1),
  c('AI Forecasting Beta Launch', 'launch', ['ai', 'analytics'], 'AI demand forecasting, now in beta', 180, 120, 3),
  c('Healthcare Data Compliance Guide', 'syndication', ['compliance', 'security'], 'The healthcare data compliance guide', 400, 250, 2, ['Healthcare', 'Biotech']),
  c('Onboarding Success Nurture', 'nurture', ['onboarding'], 'Your first 30 days with Meridian', 548, 0, 3),
  c('Retail Peak Season Webinar', 'webinar', ['analytics', 'roi'], 'Planning for peak season without the overtime', 420, 380, 2, ['Retail']),
  c('Manufacturing Ops Roadshow', 'event', ['integration', 'onboarding'], 'Manufacturing Ops Roadshow — Detroit', 330, 300, 2, ['Manufacturing']),
  c('Google Ads — Brand', 'paid', ['pricing'], 'Meridian Analytics — freight analytics platform', 548, 0, 4),
  c('Fintech Risk Analytics eBook', 'syndication', ['analytics', 'compliance', 'security'], 'Risk analytics for modern lenders', 260, 200, 2, ['Financial Services']),
  c('Education Budget Planning Webinar', 'webinar', ['pricing', 'roi'], 'Budget planning for campus operations', 500, 470, 1, ['Education']),
  c('Customer Advocacy Newsletter', 'nurture', ['onboarding', 'ai'], 'What is new at Meridian this month', 365, 0, 3),
];

function c(
  name: string,
  channel: Campaign['channel'],
  topics: DemoTopic[],
  headline: string,
  startDaysAgo: number,
  endDaysAgo: number,
  weight: number,
  industries: DemoIndustry[] = [],
): Campaign {
  return { name, slug: slugify(name), channel, topics, headline, startDaysAgo, endDaysAgo, weight, industries };
}

const CHANNEL_TYPES: Record<Campaign['channel'], [TouchType[], number[]]> = {
  website: [['page_view', 'form_submit', 'download'], [85, 10, 5]],
  webinar: [['email_open', 'email_click', 'form_submit', 'webinar', 'page_view'], [40, 15, 15, 25, 5]],
  nurture: [['email_open', 'email_click', 'page_view', 'download'], [60, 28, 8, 4]],
  paid: [['ad_click', 'page_view', 'form_submit'], [60, 30, 10]],
  syndication: [['download', 'email_open', 'email_click', 'page_view'], [60, 20, 10, 10]],
  event: [['event', 'email_open', 'email_click', 'form_submit'], [50, 30, 10, 10]],
  launch: [['email_open', 'email_click', 'page_view', 'download', 'webinar', 'ad_click'], [35, 20, 25, 10, 5, 5]],
};

interface Page {
  path: string;
  title: string;
  topics: DemoTopic[];
}
const PAGES: Page[] = [
  { path: '/pricing', title: 'Pricing', topics: ['pricing'] },
  { path: '/pricing/enterprise', title: 'Enterprise plan', topics: ['pricing', 'security'] },
  { path: '/roi-calculator', title: 'ROI calculator', topics: ['roi', 'pricing'] },
  { path: '/trust', title: 'Trust center', topics: ['security', 'compliance'] },
  { path: '/trust/soc2', title: 'SOC 2 report request', topics: ['security', 'compliance'] },
  { path: '/integrations', title: 'Integrations', topics: ['integration'] },
  { path: '/integrations/sap', title: 'SAP integration', topics: ['integration'] },
  { path: '/docs/api/authentication', title: 'Docs — API authentication', topics: ['integration', 'security'] },
  { path: '/docs/getting-started', title: 'Docs — Getting started', topics: ['onboarding'] },
  { path: '/product/route-analytics', title: 'Route analytics', topics: ['analytics'] },
  { path: '/product/ai-route-planning', title: 'AI route planning', topics: ['ai', 'analytics'] },
  { path: '/product/forecasting', title: 'Demand forecasting', topics: ['ai', 'analytics'] },
  { path: '/customers', title: 'Customer stories', topics: ['roi'] },
  { path: '/blog/route-optimization-explained', title: 'Blog — Route optimization explained', topics: ['analytics'] },
  { path: '/blog/hipaa-and-logistics-data', title: 'Blog — HIPAA and logistics data', topics: ['compliance'] },
  { path: '/blog/implementation-in-30-days', title: 'Blog — Implementation in 30 days', topics: ['onboarding'] },
  { path: '/compare/spreadsheets', title: 'Meridian vs. spreadsheets', topics: ['roi', 'analytics'] },
];

const TOPIC_SUBJECTS: Record<DemoTopic, readonly string[]> = {
  pricing: ['Plans compared: which one fits your team', 'What freight analytics really costs', 'New: usage-based pricing'],
  security: ['How we protect your shipment data', 'Your security review, pre-answered', 'SSO and SCIM now on every plan'],
  integration: ['Connect your TMS in an afternoon', '40+ connectors, one data model', 'Meet the Integration Hub'],
  roi: ['3 ways finance teams cut logistics spend', 'The payback math, in one page', 'What 14% lower freight spend looks like'],
  compliance: ['Audit-ready logistics data', 'Compliance without the spreadsheet', 'What auditors ask about your carriers'],
  onboarding: ['Your first 30 days with Meridian', 'Tips from teams that went live fast', 'Office hours this Thursday'],
  analytics: ['See every lane, every carrier, every cost', 'Dashboards your ops team will open', 'Benchmarks for your network'],
  ai: ['AI that plans routes your dispatchers trust', 'Forecasting demand with AI: a primer', 'What changed in our AI planner'],
};
const TOPIC_LABEL: Record<DemoTopic, string> = {
  pricing: 'Pricing',
  security: 'Security',
  integration: 'Integrations',
  roi: 'ROI',
  compliance: 'Compliance',
  onboarding: 'Onboarding',
  analytics: 'Analytics',
  ai: 'AI planning',
};
const TOPIC_OUTCOMES: Record<DemoTopic, readonly string[]> = {
  pricing: ['cut carrier costs 11% in two quarters', 'renegotiated every lane with real data'],
  security: ['passed a bank-grade security review in 9 days', 'moved shipment data off shared drives'],
  integration: ['connected SAP and three carriers in a week', 'replaced 14 nightly CSV exports'],
  roi: ['paid back the platform in 4 months', 'saved $2.1M in freight spend in year one'],
  compliance: ['went into its audit with zero findings', 'automated carrier compliance checks'],
  onboarding: ['went live across 12 sites in 30 days', 'trained 300 dispatchers in two weeks'],
  analytics: ['found 18% empty miles it never saw', 'gave every planner the same dashboard'],
  ai: ['let AI plan 70% of daily routes', 'forecast peak demand within 4%'],
};
const TOPIC_VALUE: Record<DemoTopic, string> = {
  pricing: 'most teams like {{company}} find they are paying for capacity they never use; our plans scale with the lanes you actually run',
  security: 'the security review is usually the slowest step, so we share our SOC 2 Type II report, pen-test summary and DPA up front',
  integration: 'we connect to the TMS, ERP and carrier portals {{company}} already runs, so nobody re-keys a shipment',
  roi: 'customers typically see the platform pay for itself within two quarters, mostly from lane and carrier mix',
  compliance: 'every carrier document and rate change is versioned, so audits become a report instead of a project',
  onboarding: 'a named onboarding lead gets your first sites live in about 30 days, with training for every planner',
  analytics: 'one view of cost per lane, per carrier and per customer replaces the monthly spreadsheet scramble',
  ai: 'our AI planner proposes routes your dispatchers can accept, edit or reject — and it learns from each choice',
};
const PERSONA_LINE: Record<DemoPersona, string> = {
  finance: 'As {{title}}, you would get a monthly view of freight spend that finally ties out to the GL.',
  it: 'As {{title}}, you would own one integration instead of a dozen scripts, with SSO and audit logs built in.',
  operations: 'As {{title}}, your team would see exceptions before customers call about them.',
  procurement: 'As {{title}}, you would have the paperwork (security, DPA, references) before you ask for it.',
  executive: 'As {{title}}, you would see network cost and service levels on one page.',
  end_user: 'As {{title}}, you would spend less time building reports and more time fixing routes.',
};
const MESSAGE_KINDS = ['opener', 'follow-up', 'objection handler', 'meeting recap', 'LinkedIn note', 'breakup email'] as const;
const KIND_OPENING: Record<(typeof MESSAGE_KINDS)[number], string> = {
  opener: 'I work with logistics and operations teams on freight analytics, and {{company}} came up for a reason:',
  'follow-up': 'Following up on my last note — one thing I did not mention:',
  'objection handler': 'Fair question on timing. Here is what usually changes the math:',
  'meeting recap': 'Thanks for the time today. The short version of what we covered:',
  'LinkedIn note': 'Saw {{company}} is growing its network — quick thought:',
  'breakup email': 'I will stop filling your inbox after this one, promise. Last thought:',
};
const CTAS = [
  'Worth a 20-minute look at your own numbers next week?',
  'Would it help if I sent a two-page summary you can forward internally?',
  'Open to a short call on Thursday or Friday?',
  'If this is not a priority right now, just tell me and I will check back next quarter.',
];
const ASSET_FOLDER: Record<DemoAssetKind, string> = {
  case_study: 'case-studies',
  deck: 'decks',
  one_pager: 'one-pagers',
  webinar_recording: 'webinars',
  whitepaper: 'whitepapers',
};
const AVOID_PHRASES = ['guarantee', 'guaranteed savings', 'best in class', 'cheapest', 'no risk', 'free forever', 'industry-leading', '100% uptime'];

// ---------------------------------------------------------------------------------------------
// Showcase rows (exact values; fixtures elsewhere depend on them)

const NW = { company: 'Northwind Logistics', domain: 'northwind-logistics.com', industry: 'Logistics' } as const;

const SHOWCASE_PROSPECTS: Prospect[] = [
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

function showcaseTouches(): Touch[] {
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

interface AssetSeed extends Asset {
  campaign: string;
}
const SHOWCASE_ASSETS: AssetSeed[] = [
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

const SHOWCASE_MESSAGES: Message[] = [
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

// ---------------------------------------------------------------------------------------------
// Helpers

function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function reorderProspect(p: Prospect): void {
  const order = ['id', 'email', 'name', 'title', 'company', 'domain', 'stage', 'persona', 'industry', 'crmIds', 'updatedAt'] as const;
  const copy = { ...p } as Record<string, unknown>;
  for (const key of Object.keys(p)) delete (p as Record<string, unknown>)[key];
  for (const key of order) if (copy[key] !== undefined) (p as Record<string, unknown>)[key] = copy[key];
}

const SF_CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Salesforce's 15→18 character id suffix: one char per 5-char chunk, bit i set when char i is upper case. */
export function salesforceChecksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    out += SF_CHECKSUM[bits];
  }
  return out;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SF_PODS = ['Dn', '5e', '8a', 'Hs', '1R', 'Kx', '0b'];

function stageRange(rng: Random, min = 1, max = 3): string[] {
  const length = rng.int(min, max);
  const start = rng.int(0, DEMO_STAGES.length - length);
  return DEMO_STAGES.slice(start, start + length);
}

function padId(prefix: string, n: number, width: number): string {
  return `${prefix}${String(n).padStart(width, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Generator

interface Company {
  name: string;
  domain: string;
  industry: DemoIndustry;
  emailPattern: number;
  weight: number;
}

export function generateWorkspace(options: GenerateOptions): Bundle {
  const prospectCount = Math.max(0, Math.floor(options.prospects));
  const touchBudget = Math.max(0, Math.floor(options.touches));
  const now = options.now ?? DEMO_NOW;
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new Error(`generateWorkspace: "now" is not an ISO date: ${now}`);
  const rng = createRandom(options.seed);
  const showcase = prospectCount >= 5;
  const hostile = prospectCount >= 10;

  // --- companies and prospects -----------------------------------------------------------
  const prospects: Prospect[] = showcase ? SHOWCASE_PROSPECTS.map((p) => ({ ...p, crmIds: p.crmIds && { ...p.crmIds } })) : [];
  for (const p of prospects) if (!p.crmIds) delete p.crmIds;
  const generatedCount = prospectCount - prospects.length;
  const companyCount = generatedCount > 0 ? Math.max(1, Math.round(generatedCount / 4)) : 0;
  const usedNames = new Set<string>(['Northwind Logistics', 'Helix Biotech']);
  const usedDomains = new Set<string>(['northwind-logistics.com', 'helixbio.io']);
  const companies: Company[] = [];
  for (let i = 0; i < companyCount; i++) {
    const industry: DemoIndustry = hostile && i === 0 ? 'Healthcare' : rng.weighted(DEMO_INDUSTRIES, INDUSTRY_WEIGHTS);
    let name = '';
    for (let attempt = 0; attempt < 8 && (!name || usedNames.has(name)); attempt++) {
      name = `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES[industry])}`;
    }
    if (usedNames.has(name)) {
      const base = name;
      for (let n = 2; usedNames.has(name); n++) name = `${base} ${rng.pick(['Group', 'Holdings', 'International', 'Partners'])}${n > 5 ? ` ${n}` : ''}`;
    }
    if (hostile && i === 0) name = HOSTILE.companyName;
    usedNames.add(name);
    const slug = slugify(name);
    const tld = rng.pick(INDUSTRY_TLDS[industry]);
    const compact = rng.chance(0.3) ? slug.replace(/-/g, '') : slug;
    let domain = `${compact}.${tld}`;
    for (let n = 2; usedDomains.has(domain); n++) domain = `${compact}${n}.${tld}`;
    usedDomains.add(domain);
    companies.push({ name, domain, industry, emailPattern: rng.weighted([0, 1, 2, 3], [70, 15, 10, 5]), weight: rng.pareto(1.3, 20) });
  }
  const pickCompany = companies.length > 0 ? weightedTable(companies, companies.map((co) => co.weight)) : null;
  const usedEmails = new Set<string>(prospects.map((p) => p.email));
  const usedSalesforce = new Set<string>(['003Dn00000QxAbcIAF']);
  const usedHubspot = new Set<string>();
  const companyOf: Company[] = [];
  for (let i = 0; i < generatedCount; i++) {
    const company = i < companies.length ? (companies[i] as Company) : pickCompany!(rng.next());
    companyOf.push(company);
    const persona = rng.weighted(DEMO_PERSONAS, PERSONA_WEIGHTS);
    const stage = rng.weighted(DEMO_STAGES, STAGE_WEIGHTS);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const f = slugify(first).replace(/-/g, '');
    const l = slugify(last).replace(/-/g, '');
    const local = [`${f}.${l}`, `${f[0]}${l}`, f, `${f}_${l}`][company.emailPattern] as string;
    let email = `${local}@${company.domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${company.domain}`;
    usedEmails.add(email);
    const p: Prospect = {
      id: padId('p-', i + 1, 5),
      email,
      name: `${first} ${last}`,
      title: rng.pick(TITLES[persona]),
      company: company.name,
      domain: company.domain,
      stage,
      persona,
      industry: company.industry,
    };
    const crmIds: NonNullable<Prospect['crmIds']> = {};
    if (rng.chance(0.8)) {
      const lead = stage === 'subscriber' || stage === 'lead' || (stage === 'mql' && rng.chance(0.7));
      let sf = '';
      while (!sf || usedSalesforce.has(sf)) {
        const id15 = `${lead ? '00Q' : '003'}${rng.pick(SF_PODS)}0000${rng.chars(ALNUM, 6)}`;
        sf = id15 + salesforceChecksum(id15);
      }
      usedSalesforce.add(sf);
      crmIds.salesforce = sf;
    }
    if (rng.chance(0.3)) {
      let hs = '';
      while (!hs || usedHubspot.has(hs)) hs = String(rng.int(1_000_000, 99_999_999_999));
      usedHubspot.add(hs);
      crmIds.hubspot = hs;
    }
    if (rng.chance(0.05)) crmIds.pipedrive = String(rng.int(1, 999_999) * 10 + i % 10);
    if (rng.chance(0.05)) {
      const h = rng.chars('0123456789abcdef', 32);
      crmIds.dynamics = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    if (Object.keys(crmIds).length > 0) p.crmIds = crmIds;
    p.updatedAt = iso(nowMs - rng.int(0, 120 * 86_400) * 1000);
    prospects.push(p);
  }

  // --- assets --------------------------------------------------------------------------------
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

  // --- messages -------------------------------------------------------------------------------
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
    const title = `${PERSONA_LABEL[persona]} ${kind}: ${rng.pick(TOPIC_SUBJECTS[topic])}`;
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

  // --- touches --------------------------------------------------------------------------------
  const touches: Touch[] = showcase ? showcaseTouches() : [];
  const generatedProspects = prospects.slice(prospects.length - generatedCount);
  let remaining = Math.max(0, touchBudget - touches.length);
  const campaignTable = new Map<string, (r: number) => Campaign>();
  const campaignFor = (persona: DemoPersona, industry: DemoIndustry): ((r: number) => Campaign) => {
    const key = `${persona}|${industry}`;
    let table = campaignTable.get(key);
    if (!table) {
      const weights = CAMPAIGNS.map((cp) => {
        let w = cp.weight;
        if (cp.topics.some((t) => PERSONA_TOPICS[persona].includes(t))) w *= 3;
        if (cp.industries.length > 0) w *= cp.industries.includes(industry) ? 4 : 0.15;
        return w;
      });
      table = weightedTable(CAMPAIGNS, weights);
      campaignTable.set(key, table);
    }
    return table;
  };
  const typeTables = new Map<Campaign['channel'], (r: number) => TouchType>();
  for (const [channel, [types, weights]] of Object.entries(CHANNEL_TYPES) as [Campaign['channel'], [TouchType[], number[]]][]) {
    typeTables.set(channel, weightedTable(types, weights));
  }
  const pagesByCampaign = new Map<string, Page[]>();
  for (const cp of CAMPAIGNS) {
    const matching = PAGES.filter((pg) => pg.topics.some((t) => cp.topics.includes(t)));
    pagesByCampaign.set(cp.name, matching.length > 0 ? matching : PAGES);
  }
  const earliest = nowMs - HISTORY_DAYS * DAY;

  let touchSeq = 0;
  const nextTouchId = () => padId('t-', ++touchSeq, 7);
  if (hostile && generatedProspects.length > 0) {
    const p = generatedProspects[0] as Prospect;
    touches.push({
      id: nextTouchId(),
      prospectId: p.id,
      type: 'page_view',
      occurredAt: iso(nowMs - 3 * DAY - 3_600_000),
      title: longText('Visited: Blog — An extremely long article title about freight analytics, lanes, carriers and costs, ', 498),
      campaign: 'Website',
      url: `${DEMO_SITE}/blog/long-read?utm_source=${'x'.repeat(200)}`,
      topics: ['analytics'],
    });
    remaining = Math.max(0, remaining - 1);
  }

  if (generatedProspects.length > 0 && remaining > 0) {
    // Heavy-tailed activity: a few prospects have hundreds of touches, many have a handful or none.
    const stageBoost: Record<string, number> = { subscriber: 0.5, lead: 0.8, mql: 1.2, sql: 1.6, opportunity: 2, customer: 1.4 };
    // The cap keeps one prospect from owning a large share of a small workspace.
    const cap = Math.min(150, Math.max(10, generatedProspects.length / 10));
    const weights = generatedProspects.map((p) => rng.pareto(1.16, cap) * (stageBoost[p.stage ?? ''] ?? 1) * (rng.chance(0.12) ? 0 : 1));
    let total = 0;
    for (const w of weights) total += w;
    if (total === 0) {
      weights.fill(1);
      total = weights.length;
    }
    const counts = weights.map((w) => Math.floor((remaining * w) / total));
    let assigned = 0;
    for (const n of counts) assigned += n;
    const pickIndex = weightedTable(weights.map((_, i) => i), weights);
    for (; assigned < remaining; assigned++) {
      const i = pickIndex(rng.next());
      counts[i] = (counts[i] as number) + 1;
    }

    for (let pi = 0; pi < generatedProspects.length; pi++) {
      const n = counts[pi] as number;
      if (n === 0) continue;
      const p = generatedProspects[pi] as Prospect;
      const chooseCampaign = campaignFor(p.persona as DemoPersona, p.industry as DemoIndustry);
      const rows: Touch[] = new Array(n);
      for (let k = 0; k < n; k++) {
        const cp = chooseCampaign(rng.next());
        const type = typeTables.get(cp.channel)!(rng.next());
        const from = Math.max(earliest, nowMs - cp.startDaysAgo * DAY);
        const to = Math.min(nowMs - 60_000, nowMs - cp.endDaysAgo * DAY);
        const at = Math.floor((from + rng.next() * Math.max(0, to - from)) / 1000) * 1000;
        const t: Touch = { id: '', prospectId: p.id, type, occurredAt: iso(at), title: '', campaign: cp.name, topics: cp.topics };
        const subject = (): string =>
          cp.channel === 'webinar' || cp.channel === 'event'
            ? `${rng.pick(['Reminder', "You're registered", 'Last chance', 'Recording available'])} — ${cp.headline}`
            : rng.chance(0.3)
              ? cp.headline
              : rng.pick(TOPIC_SUBJECTS[rng.pick(cp.topics)]);
        switch (type) {
          case 'email_open':
            t.title = `Opened: ${subject()}`;
            if (rng.chance(0.05)) t.automated = true;
            break;
          case 'email_click':
            t.title = `Clicked: ${subject()}`;
            t.url = `${DEMO_SITE}/${rng.pick(pagesByCampaign.get(cp.name)!).path.slice(1)}?utm_source=email&utm_campaign=${cp.slug}`;
            break;
          case 'webinar': {
            const list = assetsByCampaign.get(cp.name)!.webinars;
            const a = list.length > 0 ? rng.pick(list) : allWebinars.length > 0 ? rng.pick(allWebinars) : undefined;
            t.title = rng.chance(0.8) ? `Attended: ${cp.headline}` : `Watched on demand: ${cp.headline}`;
            if (a) {
              t.assetId = a.id;
              t.topics = a.topics!;
            }
            break;
          }
          case 'download': {
            const list = assetsByCampaign.get(cp.name)!.downloads;
            const a = list.length > 0 ? rng.pick(list) : allDownloads.length > 0 ? rng.pick(allDownloads) : undefined;
            if (a) {
              t.title = `Downloaded: ${a.title.slice(0, 450)}`;
              t.assetId = a.id;
              t.topics = a.topics!;
            } else t.title = `Downloaded: ${cp.headline}`;
            break;
          }
          case 'page_view': {
            const page = rng.pick(pagesByCampaign.get(cp.name)!);
            t.title = `Visited: ${page.title}`;
            t.url = `${DEMO_SITE}${page.path}`;
            t.topics = page.topics;
            break;
          }
          case 'ad_click':
            t.title = `Clicked ad: ${cp.headline}`;
            t.url = `${DEMO_SITE}/lp/${cp.slug}?utm_source=${rng.pick(['linkedin', 'google', 'bing', 'meta'])}&utm_campaign=${cp.slug}`;
            break;
          case 'event':
            t.title = `${rng.pick(['Visited booth', 'Attended', 'Badge scanned'])}: ${cp.headline}`;
            break;
          case 'form_submit':
            t.title = `Submitted form: ${cp.channel === 'webinar' || cp.channel === 'event' ? `Register — ${cp.headline}` : rng.pick(['Request a demo', 'Contact sales', 'Newsletter signup', 'Download gated content'])}`;
            t.url = `${DEMO_SITE}/${rng.pick(['demo', 'contact', 'subscribe', 'resources'])}`;
            break;
        }
        t.topics = (t.topics as string[]).slice();
        rows[k] = t;
      }
      rows.sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
      for (const t of rows) {
        t.id = nextTouchId();
        touches.push(t);
      }
    }
  }

  return {
    format: BUNDLE_FORMAT,
    workspace: `Meridian Analytics demo (seed ${options.seed})`,
    generatedAt: now,
    prospects,
    touches,
    messages,
    assets,
  };
}

/** `prefix` padded with filler words to exactly `length` characters (no trailing space). */
function longText(prefix: string, length: number): string {
  const filler = 'lanes carriers costs forecasts dispatch planning warehouses ';
  let out = prefix;
  while (out.length < length) out += filler;
  out = out.slice(0, length);
  return out.endsWith(' ') ? `${out.slice(0, -1)}.` : out;
}
