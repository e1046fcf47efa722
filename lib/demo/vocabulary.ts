/**
 * The demo's vocabulary: the words generated rows are made of (personas, stages, industries,
 * topics, titles, names, companies, campaigns, pages, message phrasing) and the weights they are
 * drawn with. Data only, plus stageRange; no generator reads anything but these tables and its Random.
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
import type { Asset, TouchType } from '../contract/data';
import { slugify } from './format';
import type { Random } from './random';

/** The moment the demo story is set in: showcase dates sit just before it; generators default to it. */
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

export const TITLES: Record<DemoPersona, readonly string[]> = {
  finance: ['Chief Financial Officer', 'VP Finance', 'Finance Director', 'Controller', 'Head of FP&A', 'Senior Financial Analyst', 'Director of Finance Operations'],
  it: ['Chief Information Officer', 'VP of IT', 'Director of IT Operations', 'IT Manager', 'Head of Infrastructure', 'Information Security Manager', 'Enterprise Architect', 'Systems Administrator'],
  operations: ['VP Operations', 'Director of Operations', 'Supply Chain Manager', 'Head of Fulfillment', 'Operations Manager', 'Transportation Manager', 'Plant Manager'],
  procurement: ['Head of Procurement', 'Procurement Manager', 'Strategic Sourcing Lead', 'Senior Buyer', 'Vendor Manager', 'Category Manager'],
  executive: ['Chief Executive Officer', 'Chief Operating Officer', 'President', 'General Manager', 'Co-Founder', 'Managing Director'],
  end_user: ['Logistics Analyst', 'Demand Planner', 'Data Analyst', 'Operations Coordinator', 'Business Analyst', 'Dispatcher', 'Inventory Specialist'],
};
export const PERSONA_WEIGHTS = [12, 18, 20, 10, 12, 28];
export const STAGE_WEIGHTS = [20, 30, 20, 12, 10, 8];
export const INDUSTRY_WEIGHTS = [16, 18, 12, 12, 14, 12, 8, 8];

export const PERSONA_TOPICS: Record<DemoPersona, readonly DemoTopic[]> = {
  finance: ['roi', 'pricing'],
  it: ['security', 'integration'],
  operations: ['analytics', 'onboarding'],
  procurement: ['pricing', 'compliance'],
  executive: ['roi', 'ai'],
  end_user: ['onboarding', 'analytics'],
};

export const COMPANY_PREFIXES = [
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
export const COMPANY_SUFFIXES: Record<DemoIndustry, readonly string[]> = {
  SaaS: ['Software', 'Labs', 'Cloud', 'Systems', 'Technologies', 'Data'],
  Logistics: ['Logistics', 'Freight', 'Transport', 'Shipping', 'Cargo', 'Distribution'],
  Healthcare: ['Health', 'Medical Group', 'Care', 'Clinics', 'Health Partners', 'Hospital Network'],
  'Financial Services': ['Capital', 'Financial', 'Bank', 'Credit Union', 'Insurance', 'Payments'],
  Manufacturing: ['Manufacturing', 'Industries', 'Components', 'Fabrication', 'Machining', 'Plastics'],
  Retail: ['Outfitters', 'Market', 'Home Goods', 'Grocers', 'Apparel', 'Stores'],
  Biotech: ['Biotech', 'Therapeutics', 'Biosciences', 'Genomics', 'Pharma', 'Bio'],
  Education: ['Learning', 'Academy', 'University', 'Schools', 'College', 'Education'],
};
export const INDUSTRY_TLDS: Record<DemoIndustry, readonly string[]> = {
  SaaS: ['io', 'com', 'ai', 'co'],
  Logistics: ['com', 'com', 'net', 'co'],
  Healthcare: ['com', 'org', 'health'],
  'Financial Services': ['com', 'com', 'bank', 'co'],
  Manufacturing: ['com', 'com', 'net'],
  Retail: ['com', 'com', 'shop', 'co'],
  Biotech: ['com', 'io', 'bio'],
  Education: ['edu', 'org', 'com'],
};

export const FIRST_NAMES = [
  'Aaliyah', 'Adrian', 'Aisha', 'Alejandro', 'Amara', 'Anders', 'Ana', 'Arjun', 'Beatriz', 'Ben', 'Camille', 'Carlos', 'Chen',
  'Chloe', 'Daniel', 'Deepa', 'Diego', 'Elena', 'Emeka', 'Emily', 'Erik', 'Fatima', 'Felix', 'Grace', 'Hana', 'Hassan',
  'Ines', 'Isaac', 'Jade', 'James', 'Javier', 'Jin', 'Joanna', 'Jonas', 'Julia', 'Kai', 'Kavya', 'Kenji', 'Laila', 'Leo',
  'Lucia', 'Malik', 'Maya', 'Mateo', 'Mei', 'Miguel', 'Mira', 'Nadia', 'Nathan', 'Nia', 'Noah', 'Olivia', 'Omar', 'Oskar',
  'Paulo', 'Quinn', 'Rafael', 'Rania', 'Ravi', 'Rosa', 'Ryan', 'Sakura', 'Samuel', 'Sara', 'Sebastian', 'Sofia', 'Sunil',
  'Tariq', 'Thea', 'Tomas', 'Uma', 'Valentina', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zainab', 'Zoe', 'Hamza', 'Ingrid',
  'Kwame', 'Lars', 'Leila', 'Marta', 'Niamh', 'Pedro', 'Rohan', 'Signe', 'Tendai', 'Ximena',
];
export const LAST_NAMES = [
  'Abara', 'Adeyemi', 'Alvarez', 'Andersson', 'Bakker', 'Banerjee', 'Becker', 'Bennett', 'Bianchi', 'Brooks', 'Castillo',
  'Chandra', 'Chen', 'Costa', 'Dubois', 'Dunn', 'Eriksen', 'Fernandes', 'Fischer', 'Foster', 'Garcia', 'Gupta', 'Haddad',
  'Hansen', 'Hayes', 'Hughes', 'Ibrahim', 'Ito', 'Jansen', 'Jensen', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Kumar', 'Larsen',
  'Lee', 'Lindqvist', 'Lopez', 'Martin', 'Mendes', 'Meyer', 'Moreau', 'Morris', 'Murphy', 'Nakamura', 'Ndlovu', 'Nguyen',
  'Novak', 'Nunez', 'Okafor', 'Oliveira', 'Olsen', 'Ortiz', 'Osei', 'Park', 'Patel', 'Pereira', 'Petrov', 'Quinn', 'Ramos',
  'Reddy', 'Reyes', 'Richter', 'Rossi', 'Russo', 'Saito', 'Santos', 'Schmidt', 'Shah', 'Silva', 'Singh', 'Sokolov', 'Suzuki',
  'Tan', 'Tanaka', 'Taylor', 'Torres', 'Turner', 'Varga', 'Vasquez', 'Walsh', 'Wang', 'Weber', 'Williams', 'Wong', 'Yamada',
  'Yilmaz', 'Zhang', 'Zielinski', "O'Brien", 'Da Silva', 'Van Dijk', 'McAllister',
];

export interface Campaign {
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

export const CAMPAIGNS: Campaign[] = [
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

export const CHANNEL_TYPES: Record<Campaign['channel'], [TouchType[], number[]]> = {
  website: [['page_view', 'form_submit', 'download'], [85, 10, 5]],
  webinar: [['email_open', 'email_click', 'form_submit', 'webinar', 'page_view'], [40, 15, 15, 25, 5]],
  nurture: [['email_open', 'email_click', 'page_view', 'download'], [60, 28, 8, 4]],
  paid: [['ad_click', 'page_view', 'form_submit'], [60, 30, 10]],
  syndication: [['download', 'email_open', 'email_click', 'page_view'], [60, 20, 10, 10]],
  event: [['event', 'email_open', 'email_click', 'form_submit'], [50, 30, 10, 10]],
  launch: [['email_open', 'email_click', 'page_view', 'download', 'webinar', 'ad_click'], [35, 20, 25, 10, 5, 5]],
};

export interface Page {
  path: string;
  title: string;
  topics: DemoTopic[];
}
export const PAGES: Page[] = [
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

export const TOPIC_SUBJECTS: Record<DemoTopic, readonly string[]> = {
  pricing: ['Plans compared: which one fits your team', 'What freight analytics really costs', 'New: usage-based pricing'],
  security: ['How we protect your shipment data', 'Your security review, pre-answered', 'SSO and SCIM now on every plan'],
  integration: ['Connect your TMS in an afternoon', '40+ connectors, one data model', 'Meet the Integration Hub'],
  roi: ['3 ways finance teams cut logistics spend', 'The payback math, in one page', 'What 14% lower freight spend looks like'],
  compliance: ['Audit-ready logistics data', 'Compliance without the spreadsheet', 'What auditors ask about your carriers'],
  onboarding: ['Your first 30 days with Meridian', 'Tips from teams that went live fast', 'Office hours this Thursday'],
  analytics: ['See every lane, every carrier, every cost', 'Dashboards your ops team will open', 'Benchmarks for your network'],
  ai: ['AI that plans routes your dispatchers trust', 'Forecasting demand with AI: a primer', 'What changed in our AI planner'],
};
export const TOPIC_LABEL: Record<DemoTopic, string> = {
  pricing: 'Pricing',
  security: 'Security',
  integration: 'Integrations',
  roi: 'ROI',
  compliance: 'Compliance',
  onboarding: 'Onboarding',
  analytics: 'Analytics',
  ai: 'AI planning',
};
export const TOPIC_OUTCOMES: Record<DemoTopic, readonly string[]> = {
  pricing: ['cut carrier costs 11% in two quarters', 'renegotiated every lane with real data'],
  security: ['passed a bank-grade security review in 9 days', 'moved shipment data off shared drives'],
  integration: ['connected SAP and three carriers in a week', 'replaced 14 nightly CSV exports'],
  roi: ['paid back the platform in 4 months', 'saved $2.1M in freight spend in year one'],
  compliance: ['went into its audit with zero findings', 'automated carrier compliance checks'],
  onboarding: ['went live across 12 sites in 30 days', 'trained 300 dispatchers in two weeks'],
  analytics: ['found 18% empty miles it never saw', 'gave every planner the same dashboard'],
  ai: ['let AI plan 70% of daily routes', 'forecast peak demand within 4%'],
};
export const TOPIC_VALUE: Record<DemoTopic, string> = {
  pricing: 'most teams like {{company}} find they are paying for capacity they never use; our plans scale with the lanes you actually run',
  security: 'the security review is usually the slowest step, so we share our SOC 2 Type II report, pen-test summary and DPA up front',
  integration: 'we connect to the TMS, ERP and carrier portals {{company}} already runs, so nobody re-keys a shipment',
  roi: 'customers typically see the platform pay for itself within two quarters, mostly from lane and carrier mix',
  compliance: 'every carrier document and rate change is versioned, so audits become a report instead of a project',
  onboarding: 'a named onboarding lead gets your first sites live in about 30 days, with training for every planner',
  analytics: 'one view of cost per lane, per carrier and per customer replaces the monthly spreadsheet scramble',
  ai: 'our AI planner proposes routes your dispatchers can accept, edit or reject — and it learns from each choice',
};
export const PERSONA_LINE: Record<DemoPersona, string> = {
  finance: 'As {{title}}, you would get a monthly view of freight spend that finally ties out to the GL.',
  it: 'As {{title}}, you would own one integration instead of a dozen scripts, with SSO and audit logs built in.',
  operations: 'As {{title}}, your team would see exceptions before customers call about them.',
  procurement: 'As {{title}}, you would have the paperwork (security, DPA, references) before you ask for it.',
  executive: 'As {{title}}, you would see network cost and service levels on one page.',
  end_user: 'As {{title}}, you would spend less time building reports and more time fixing routes.',
};
export const MESSAGE_KINDS = ['opener', 'follow-up', 'objection handler', 'meeting recap', 'LinkedIn note', 'breakup email'] as const;
export const KIND_OPENING: Record<(typeof MESSAGE_KINDS)[number], string> = {
  opener: 'I work with logistics and operations teams on freight analytics, and {{company}} came up for a reason:',
  'follow-up': 'Following up on my last note — one thing I did not mention:',
  'objection handler': 'Fair question on timing. Here is what usually changes the math:',
  'meeting recap': 'Thanks for the time today. The short version of what we covered:',
  'LinkedIn note': 'Saw {{company}} is growing its network — quick thought:',
  'breakup email': 'I will stop filling your inbox after this one, promise. Last thought:',
};
export const CTAS = [
  'Worth a 20-minute look at your own numbers next week?',
  'Would it help if I sent a two-page summary you can forward internally?',
  'Open to a short call on Thursday or Friday?',
  'If this is not a priority right now, just tell me and I will check back next quarter.',
];
export const ASSET_FOLDER: Record<DemoAssetKind, string> = {
  case_study: 'case-studies',
  deck: 'decks',
  one_pager: 'one-pagers',
  webinar_recording: 'webinars',
  whitepaper: 'whitepapers',
};
export const AVOID_PHRASES = ['guarantee', 'guaranteed savings', 'best in class', 'cheapest', 'no risk', 'free forever', 'industry-leading', '100% uptime'];

/** A member of the demo's sales team: a hub user in `npm run hub -- demo`, and prospects' `owner`. */
export interface DemoRep {
  name: string;
  email: string;
}

/** The rep `npm run demo` connects as (the hub's "Demo rep" user): owner of the showcase accounts. */
export const DEMO_REP: DemoRep = { name: 'Demo rep', email: 'demo.rep@northwind-demo.example' };
/** The rest of the team, whose past usage fills the dashboard. */
export const DEMO_TEAM: readonly DemoRep[] = [
  { name: 'Ann Lindqvist', email: 'ann.rep@northwind-demo.example' },
  { name: 'Ben Okafor', email: 'ben.rep@northwind-demo.example' },
  { name: 'Chloé Martin', email: 'chloe.rep@northwind-demo.example' },
  { name: 'Dev Patel', email: 'dev.rep@northwind-demo.example' },
  { name: 'Eva Novak', email: 'eva.rep@northwind-demo.example' },
  { name: 'Femi Adeyemi', email: 'femi.rep@northwind-demo.example' },
];

/** Where people come from when marketing never touched them: a prospect's `source` without a first campaign. */
export const OFFLINE_SOURCES = ['Sales prospecting', 'Referral', 'Partner referral', 'Purchased list'] as const;
export const OFFLINE_SOURCE_WEIGHTS = [50, 20, 15, 15];

/** A generated asset with the campaign that promotes it (touches of that campaign download it). */
export interface AssetSeed extends Asset {
  campaign: string;
}

/** A run of consecutive funnel stages (an asset or message written for, say, mql to opportunity). */
export function stageRange(rng: Random, min = 1, max = 3): string[] {
  const length = rng.int(min, max);
  const start = rng.int(0, DEMO_STAGES.length - length);
  return DEMO_STAGES.slice(start, start + length);
}
