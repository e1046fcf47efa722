/** Every user-facing sentence of the sidebar and options pages, in one place for translation. */
import type { TouchType } from '../contract';

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

export const MATCH_LABELS = {
  crm_id: 'Matched by CRM id',
  email: 'Matched by exact email',
  plus_address: 'Matched by email (plus-address)',
  company_domain: 'Matched by company domain',
} as const;

export const S = {
  appName: 'Cuecard',
  loading: 'Reading this record…',
  noPageTitle: 'Open a contact or lead',
  noPageBody: 'Cuecard shows marketing history for the contact, lead or email thread you open.',
  noDataTitle: 'No workspace yet',
  noDataBody: 'Import a workspace file or connect to your hub to see marketing history here.',
  openOptions: 'Open Cuecard settings',
  noMatchTitle: 'Not in your workspace',
  timelineTitle: 'Marketing touches',
  timelineEmpty: 'No marketing touches recorded for this person yet.',
  automated: 'Automated open (privacy proxy or scanner): not counted as interest',
  committeeTitle: 'Buying committee',
  companyPeopleTitle: 'People at this company',
  matchedByDomain: 'Matched by company website domain',
  matchedByCompanyName: 'Matched by company name',
  collapseHint: 'Use the tab on the left edge to hide or show the sidebar.',
  loadMore: 'Loading older touches…',
  errorTitle: 'Cuecard could not load this record',
  retry: 'Try again',
} as const;
