import type { CollectionCounts, Prospect, RequestType } from '../contract';
import type { SidebarState } from '../background/sidebar-state';
import type { TouchView } from '../store/queries';

/** What the background answers to each request type. */
export interface ReplyValues {
  'page:context': null;
  'sidebar:context': SidebarState & { tabId?: number };
  'sidebar:touches': TouchView[];
  'import:chunk': number;
  'store:counts': CollectionCounts;
  'import:resolve': (Prospect | null)[];
  'usage:record': null;
}
export type ReplyValue<T extends RequestType> = ReplyValues[T];
