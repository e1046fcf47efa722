import type { CollectionCounts, Prospect, RequestType, Role } from '../contract';
import type { PublicSettings } from '../settings/settings';
import type { HubStatusView } from '../sync/status';
import type { DashboardData } from '../sync/dashboard-data';
import type { SidebarState } from '../background/sidebar-state';
import type { TouchView } from '../store/queries';
import type { ComposeWarning } from '../background/compose';
import type { SidebarRecommendations } from '../background/recommendations';
import type { ImportJournalEntry } from '../store/import-journal';

/** What the background answers to each request type. */
export interface ReplyValues {
  'page:context': null;
  'sidebar:context': SidebarState & { tabId?: number; warnings?: ComposeWarning[] };
  'sidebar:recommendations': SidebarRecommendations | null;
  'compose:insert': { inserted: boolean };
  'compose:rules': { id: string; phrases: string[] }[];
  'compose:warnings': null;
  'sidebar:touches': TouchView[];
  'import:chunk': number;
  'store:counts': CollectionCounts;
  'diagnostics:context': { found: string | null; touches: number; ms: number };
  'import:resolve': (Prospect | null)[];
  'import:journal-start': ImportJournalEntry;
  'import:journal-finish': ImportJournalEntry | null;
  'import:journal': ImportJournalEntry[];
  'usage:record': null;
  'settings:get': PublicSettings;
  'settings:save': PublicSettings;
  'hub:test': { user: { id: string; name: string; role: Role }; workspace: unknown };
  'sync:now': HubStatusView;
  'sync:status': HubStatusView;
  'reports:usage': DashboardData;
  'data:wipe': CollectionCounts;
}
export type ReplyValue<T extends RequestType> = ReplyValues[T];
