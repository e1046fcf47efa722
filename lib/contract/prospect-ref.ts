import { z } from 'zod';
import { crmSystem } from './data';

/** What a site adapter read off the page: enough to find the prospect, nothing more. */
export const prospectRef = z.object({
  emails: z.array(z.string().trim().max(320)).max(50),
  crm: z
    .object({
      system: crmSystem,
      objectType: z.string().max(60),
      recordId: z.string().max(100),
      /**
       * HubSpot: the portal (account) id from the record URL. HubSpot record URLs need it, so
       * "open this lead in your CRM" can only be offered once the rep has used their portal.
       */
      portal: z.string().regex(/^\d{1,20}$/).optional(),
    })
    .optional(),
  name: z.string().max(300).optional(),
  company: z.string().max(300).optional(),
  /** A company's website domain, on account/company pages. */
  domain: z.string().max(253).optional(),
});
export type ProspectRef = z.infer<typeof prospectRef>;

export const SITE_IDS = ['salesforce', 'hubspot', 'gmail', 'outlook', 'pipedrive', 'dynamics'] as const;
export const siteId = z.enum(SITE_IDS);
export type SiteId = z.infer<typeof siteId>;

/** Display names of the sites (options page, popup), one per id. */
export const SITE_LABELS: Readonly<Record<SiteId, string>> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  dynamics: 'Dynamics 365',
  gmail: 'Gmail',
  outlook: 'Outlook on the web',
};
