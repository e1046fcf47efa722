/**
 * Who sent a runtime message, decided in one place. Invariants:
 * - Only our own extension (sender.id === runtime id) is ever heard; we declare no external channels.
 * - Our own documents are told apart from content scripts by `sender.origin`, which the browser
 *   stamps from the frame's committed origin (Chrome; Firefox since 126). `sender.url` is never
 *   consulted: for a content script it is whatever page it runs in.
 *   DESIGN.md first said "by sender.tab/frameId"; that cannot work because an options page
 *   opened in a tab has a tab and frameId 0, exactly like a content script.
 * - A content script of ours runs in a web origin, inside a tab. Our sidebar is our origin inside
 *   a tab, in a sub-frame. Options/dashboard/popup are our origin in a top frame or no tab.
 * - A sender without an origin is refused: we cannot tell what it is. So is a "content script"
 *   whose origin is not one of the hosts we inject into: it can only be a compromised renderer.
 */
import type { RequestType } from '../contract';
import { originMatchesAny } from '../sites/host-patterns';
import { SUPPORTED_HOST_PATTERNS } from '../sites/registry';

export type SenderKind = 'extension-page' | 'content-script' | 'sidebar' | 'unknown';

export interface SenderLike {
  id?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** `extensionOrigin` is `chrome-extension://<id>` / `moz-extension://<uuid>`, without a trailing slash. */
export function classifySender(
  sender: SenderLike,
  runtimeId: string,
  extensionOrigin: string,
  pageHostPatterns: readonly string[] = SUPPORTED_HOST_PATTERNS,
): SenderKind {
  if (!sender || sender.id !== runtimeId || typeof sender.origin !== 'string') return 'unknown';
  const ours = sender.origin === extensionOrigin;
  if (sender.tab === undefined) return ours ? 'extension-page' : 'unknown';
  if (typeof sender.tab.id !== 'number' || sender.tab.id < 0) return 'unknown';
  if (!ours) return sender.frameId === 0 && originMatchesAny(sender.origin, pageHostPatterns) ? 'content-script' : 'unknown';
  return sender.frameId === 0 ? 'extension-page' : 'sidebar';
}

/** Which sender kinds may send which request; anything not listed is refused. */
export const ALLOWED_SENDERS: Record<RequestType, readonly SenderKind[]> = {
  'page:context': ['content-script'],
  'sidebar:context': ['sidebar'],
  'sidebar:touches': ['sidebar'],
  'sidebar:recommendations': ['sidebar'],
  'sidebar:account': ['sidebar'],
  // Only the sidebar of the tab itself: the background delivers to sender.tab, nowhere else.
  'compose:insert': ['sidebar'],
  // The page script of the tab whose draft was sent; it can only name inserts made into its own tab.
  'compose:sent': ['content-script'],
  'compose:rules': ['content-script'],
  'compose:warnings': ['content-script'],
  'import:chunk': ['extension-page'],
  'import:resolve': ['extension-page'],
  'import:journal-start': ['extension-page'],
  'import:journal-finish': ['extension-page'],
  'import:journal': ['extension-page'],
  'store:counts': ['extension-page'],
  'store:usage': ['extension-page'],
  'diagnostics:context': ['extension-page'],
  'usage:record': ['sidebar', 'extension-page'],
  // Privileged: settings, the token, network to the hub and wiping are for our own pages only.
  'settings:get': ['extension-page'],
  'settings:save': ['extension-page'],
  'hub:test': ['extension-page'],
  // The company sign-in: it ends with the hub's tokens in the background, so our pages only.
  'sso:sign-in': ['extension-page'],
  'sso:sign-out': ['extension-page'],
  'sso:available': ['extension-page'],
  'sync:now': ['extension-page'],
  'sync:status': ['extension-page'],
  'reports:usage': ['extension-page'],
  'reports:leads': ['extension-page'],
  // Names and emails of the rep's leads: the popup and our pages only, never a content script.
  'leads:waiting': ['extension-page'],
  'data:wipe': ['extension-page'],
};

export function maySend(kind: SenderKind, type: RequestType): boolean {
  return ALLOWED_SENDERS[type].includes(kind);
}
