/**
 * Links a rep sends are tagged so marketing can see which visits came from Cuecard. Only https
 * links are ever produced. Existing query parameters are kept byte for byte (signed download links
 * break if re-encoded); our utm_source/utm_medium/utm_campaign replace any already on the link,
 * since the visit is now attributable to this send. Other utm_* parameters stay.
 */

export interface UtmTags {
  source: 'cuecard';
  medium: 'sales_email' | 'crm';
  campaign?: string;
}

const OURS = new Set(['utm_source', 'utm_medium', 'utm_campaign']);
const CAMPAIGN_MAX = 100;

function paramName(pair: string): string {
  const eq = pair.indexOf('=');
  const name = eq === -1 ? pair : pair.slice(0, eq);
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

export function withUtm(url: string, tags: UtmTags): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  // A link with credentials in it is not one we put in front of a prospect.
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return undefined;

  const kept = parsed.search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !OURS.has(paramName(pair)));
  const campaign = (tags.campaign ?? '').replace(/\s+/g, ' ').trim().slice(0, CAMPAIGN_MAX);
  const added = [`utm_source=${encodeURIComponent(tags.source)}`, `utm_medium=${encodeURIComponent(tags.medium)}`];
  if (campaign) added.push(`utm_campaign=${encodeURIComponent(campaign)}`);
  parsed.search = `?${kept.concat(added).join('&')}`;
  return parsed.href;
}
