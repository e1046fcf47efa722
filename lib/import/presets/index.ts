/** Every CSV preset, in the order the options page lists them. */
import { cuecardAssets, cuecardMessages, cuecardProspects, cuecardTouches } from './cuecard';
import { hubspotContacts, hubspotEmailEvents } from './hubspot';
import { marketoActivityLog, marketoBulkActivities, marketoBulkLeads } from './marketo';
import type { CsvPreset } from './preset';
import { salesforceCampaignMembers, salesforceContactsReport, salesforceLeadsReport } from './salesforce';

export const PRESETS: readonly CsvPreset[] = [
  hubspotContacts,
  hubspotEmailEvents,
  marketoActivityLog,
  marketoBulkLeads,
  marketoBulkActivities,
  salesforceContactsReport,
  salesforceLeadsReport,
  salesforceCampaignMembers,
  cuecardProspects,
  cuecardTouches,
  cuecardMessages,
  cuecardAssets,
] as CsvPreset[];

export function presetById(id: string): CsvPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
