/** Demo prospects: the showcase people first, then generated companies and the people who work there. */
import type { Prospect } from '../contract/data';
import { iso, padId, slugify } from './format';
import { weightedTable, type Random } from './random';
import { HOSTILE, SHOWCASE_PROSPECTS, type DemoFlags } from './showcase';
import {
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  DEMO_INDUSTRIES,
  DEMO_PERSONAS,
  DEMO_STAGES,
  FIRST_NAMES,
  INDUSTRY_TLDS,
  INDUSTRY_WEIGHTS,
  LAST_NAMES,
  PERSONA_WEIGHTS,
  STAGE_WEIGHTS,
  TITLES,
  type DemoIndustry,
} from './vocabulary';

interface Company {
  name: string;
  domain: string;
  industry: DemoIndustry;
  emailPattern: number;
  weight: number;
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

export interface DemoProspects {
  /** Every prospect, showcase first. */
  prospects: Prospect[];
  /** The generated ones (the tail of prospects): touches are drawn for these. */
  generated: Prospect[];
}

/** `prospectCount` prospects in all; one company per four generated people, heavy-tailed in size. */
export function generateProspects(rng: Random, prospectCount: number, nowMs: number, flags: DemoFlags): DemoProspects {
  const { showcase, hostile } = flags;
  const prospects: Prospect[] = showcase ? SHOWCASE_PROSPECTS.map((p) => ({ ...p, crmIds: p.crmIds && { ...p.crmIds } })) : [];
  for (const p of prospects) if (!p.crmIds) delete p.crmIds;
  const generatedCount = prospectCount - prospects.length;
  const companyCount = generatedCount > 0 ? Math.max(1, Math.round(generatedCount / 4)) : 0;
  // Generated companies and people never collide with the showcase's, even when it is left out.
  const usedNames = new Set<string>(SHOWCASE_PROSPECTS.map((p) => p.company as string));
  const usedDomains = new Set<string>(SHOWCASE_PROSPECTS.map((p) => p.domain as string));
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
  const usedSalesforce = new Set<string>(SHOWCASE_PROSPECTS.flatMap((p) => (p.crmIds?.salesforce ? [p.crmIds.salesforce] : [])));
  const usedHubspot = new Set<string>();
  for (let i = 0; i < generatedCount; i++) {
    const company = i < companies.length ? (companies[i] as Company) : pickCompany!(rng.next());
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
  return { prospects, generated: prospects.slice(prospects.length - generatedCount) };
}
