/**
 * Where a prospect's record lives in the rep's CRM, as a URL the rep can open: the CRM host the
 * rep last used (the origin their page script reported from) plus the prospect's id in that CRM.
 * Background only (not bundled into the page script). Each shape is one the adapters parse, so a
 * link made here lands on a page Cuecard reads.
 */
import type { CrmSystem } from '../contract';
import { dynamics } from './dynamics';
import { hubspot } from './hubspot';
import { pipedrive } from './pipedrive';
import { objectTypeForRecordId, salesforce } from './salesforce';
import type { SiteAdapter } from './types';

const ADAPTER_OF: Record<CrmSystem, SiteAdapter> = { salesforce, hubspot, pipedrive, dynamics };

/** A CRM origin worth remembering for `system`: https, one of that CRM's own hosts, nothing but the origin. */
export function isCrmOrigin(system: CrmSystem, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.origin === origin && ADAPTER_OF[system].matchesHost(url);
}

export interface CrmHost {
  origin: string;
  /** HubSpot's portal (account) id. */
  portal?: string;
}

/**
 * The record's URL, or undefined when Cuecard cannot know it:
 * - Salesforce: `/lightning/r/<Object>/<id>/view` (the object from the id's key prefix; Lightning
 *   also resolves `/<id>` on any org host, used for prefixes we do not name).
 * - HubSpot: `/contacts/<portal>/record/0-1/<id>`: needs the portal, seen in the rep's own URLs.
 * - Pipedrive: `/person/<id>`.
 * - Dynamics 365: none. A prospect's Dynamics id may be a contact's or a lead's, and a record URL
 *   must name the entity (`etn=contact|lead`); a wrong guess opens "record not found".
 */
export function crmRecordUrl(system: CrmSystem, host: CrmHost, recordId: string): string | undefined {
  if (!isCrmOrigin(system, host.origin)) return undefined;
  const id = encodeURIComponent(recordId.trim());
  if (!id) return undefined;
  switch (system) {
    case 'salesforce': {
      if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(recordId.trim())) return undefined;
      const object = objectTypeForRecordId(recordId.trim());
      return object ? `${host.origin}/lightning/r/${object}/${id}/view` : `${host.origin}/${id}`;
    }
    case 'hubspot':
      return host.portal && /^\d+$/.test(host.portal) && /^\d+$/.test(recordId.trim()) ? `${host.origin}/contacts/${host.portal}/record/0-1/${id}` : undefined;
    case 'pipedrive':
      return /^\d+$/.test(recordId.trim()) ? `${host.origin}/person/${id}` : undefined;
    case 'dynamics':
      return undefined;
  }
}
