/**
 * Leads marketing handed to this rep: who the rep is (the hub's `/v1/me`, else the options page's
 * setting), which of their leads wait for them, the lead status the sidebar shows, and where each
 * lead's record is in the rep's CRM (the host the rep last used there, remembered from the page
 * script's own origin, never from page content).
 */
import type { CrmSystem, ProspectRef, SiteId, WaitingLead, WaitingLeadsView } from '../contract';
import { CRM_SYSTEMS } from '../contract';
import { loadSettings } from '../settings/settings';
import type { CuecardDb } from '../store/db';
import { readCrmOrigins, readHubIdentity, rememberCrmOrigin, waitingLeadRows, writeHubIdentity, type CrmOrigins } from '../store/leads';
import { crmRecordUrl, isCrmOrigin } from '../sites/record-urls';
import type { HubClient } from '../sync/hub-client';
import type { HubDeps } from './hub-service';

export interface RepIdentity {
  email?: string;
  from?: 'hub' | 'settings';
}

/**
 * The rep's own email. With a hub: what `/v1/me` said for this hub URL (kept by refreshHubIdentity).
 * Otherwise, or when the hub has no email for the rep, the options page's setting.
 */
export async function repIdentity(deps: Pick<HubDeps, 'db' | 'settings'>): Promise<RepIdentity> {
  const [{ settings }, identity] = await Promise.all([loadSettings(deps.settings), readHubIdentity(deps.db).catch(() => undefined)]);
  if (settings.hubUrl && identity?.hubUrl === settings.hubUrl && identity.email) return { email: identity.email, from: 'hub' };
  if (settings.repEmail) return { email: settings.repEmail, from: 'settings' };
  return {};
}

/** The hub's answer is asked again after this long (each sync checks; most find it fresh). */
export const HUB_IDENTITY_MAX_AGE_MS = 3_600_000;

/** Keeps who the hub says the rep is. Best effort: the rep's leads are a nicety next to the sync itself. */
export async function refreshHubIdentity(db: CuecardDb, client: Pick<HubClient, 'me' | 'url'>, now = Date.now(), options: { force?: boolean } = {}): Promise<void> {
  const known = await readHubIdentity(db).catch(() => undefined);
  if (!options.force && known?.hubUrl === client.url && now - known.at < HUB_IDENTITY_MAX_AGE_MS) return;
  const me = await client.me();
  await writeHubIdentity(db, { hubUrl: client.url, userId: me.user.id, email: me.user.email ?? null, at: now });
}

/** What the page script reported: when it is a CRM record page, remember the CRM's host. */
export async function notePageCrm(db: CuecardDb, site: SiteId, ref: ProspectRef | null, origin: string | undefined, now = Date.now()): Promise<void> {
  const crm = ref?.crm;
  if (!crm || !origin || crm.system !== site) return;
  // The sender's origin is stamped by the browser; it must also be one of this CRM's own hosts.
  if (!isCrmOrigin(crm.system, origin)) return;
  await rememberCrmOrigin(db, crm.system, { origin, portal: crm.portal }, now);
}

/** The record in the CRM the rep used last among those the prospect has an id in. */
export function crmLinkFor(crmIds: Partial<Record<string, unknown>> | undefined, origins: CrmOrigins): { url: string; system: CrmSystem } | undefined {
  if (!crmIds || typeof crmIds !== 'object') return undefined;
  const candidates = CRM_SYSTEMS.filter((system) => typeof crmIds[system] === 'string' && origins[system])
    .map((system) => ({ system, host: origins[system]!, url: crmRecordUrl(system, origins[system]!, crmIds[system] as string) }))
    .filter((c): c is { system: CrmSystem; host: NonNullable<CrmOrigins[CrmSystem]>; url: string } => c.url !== undefined)
    .sort((a, b) => b.host.at - a.host.at);
  const best = candidates[0];
  return best ? { url: best.url, system: best.system } : undefined;
}

export async function waitingLeads(deps: Pick<HubDeps, 'db' | 'settings'>): Promise<WaitingLeadsView> {
  const who = await repIdentity(deps);
  if (!who.email) return { leads: [], total: 0 };
  const [{ leads, total }, origins] = await Promise.all([waitingLeadRows(deps.db, who.email), readCrmOrigins(deps.db)]);
  const list: WaitingLead[] = leads.map(({ row, summary, handedAt }) => {
    const link = crmLinkFor(row.crmIds, origins);
    return {
      prospect: summary,
      qualifiedAt: row.qualifiedAt!,
      handedAt,
      ...(typeof row.source === 'string' && row.source ? { source: row.source } : {}),
      ...(link ? { crmUrl: link.url, crmSystem: link.system } : {}),
    };
  });
  return { repEmail: who.email, emailFrom: who.from, leads: list, total };
}
