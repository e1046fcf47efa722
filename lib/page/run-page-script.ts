/**
 * The page side, one site at a time: watch the page with the site's adapter, tell the background
 * what the page is about, and show the sidebar iframe. Each site's entry point
 * (`entrypoints/<site>.content.ts`) calls this with its own adapter, so each site's page script
 * is one bundle holding that site's adapter only: a CRM tab does not download the mail clients'
 * code, nor Gmail the CRMs'. No React, no zod, no storage of prospect data: every page script
 * must stay under 12 KB gzipped (scripts/size-report.mjs).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RequestOf } from '../contract';
import type { SiteAdapter } from '../sites/types';
import { createSidebarFrame, DEFAULT_LAYOUT, type FrameLayout, type SidebarFrame } from './sidebar-frame';
import { watchPage } from './page-watcher';
import { offerFrameKey, sidebarOrigin } from './frame-key';
import { createComposeBridge, type ComposeBridge } from './compose-bridge';
import { parseTabMessage, type InsertReply } from '../contract/tab-messages';
import { layoutKey as layoutKeyOf, SEND_UNDO_WINDOW_KEY, SETTINGS_STORAGE_KEY as SETTINGS_KEY } from '../contract/storage-keys';
import type { SendSite } from '../sites/mail-send';
import type { createSendTracker, SendTracker } from './send-tracker';
import { readPageSettings } from './page-settings';

/**
 * Send detection, for the mail sites only: passed in by their entry points, so the CRMs' page
 * scripts do not carry the tracker.
 */
export interface SendWatch {
  site: SendSite;
  track: typeof createSendTracker;
}

/**
 * The page script's main: `adapter` is the site the background injected this script for
 * (lib/background/page-script.ts picks it by the page's URL).
 */
export async function runPageScript(ctx: ContentScriptContext, adapter: SiteAdapter, sends?: SendWatch): Promise<void> {
  // A document gets one page script. The background asks `pageScriptIsLive` before injecting
  // (Firefox reports every history.pushState as a completed load): a second copy would replace
  // this one, since WXT's context invalidates the older script, and rebuild the sidebar.
  const scope = globalThis as { __cuecardPageScript?: () => boolean };
  if (scope.__cuecardPageScript?.()) return;
  scope.__cuecardPageScript = () => !ctx.isInvalid;
  // The background chose this site by the URL; a page that moved elsewhere since gets nothing.
  if (!adapter.matchesHost(new URL(location.href))) return void (scope.__cuecardPageScript = undefined);
  const layoutKey = layoutKeyOf(adapter.id);
  const [stored, policy] = await Promise.all([
    browser.storage.local.get([layoutKey, SETTINGS_KEY, SEND_UNDO_WINDOW_KEY]).catch(() => ({}) as Record<string, unknown>),
    // Firefox answers "Managed storage manifest not found" when there is no policy: no policy.
    browser.storage.managed.get().catch(() => ({})),
  ]);
  let settings = readPageSettings(stored[SETTINGS_KEY], policy);
  const saved = stored[layoutKey] as FrameLayout | undefined;
  // The rep switched Cuecard off for this site: nothing at all on its pages.
  if (ctx.isInvalid || settings.disabledSites.includes(adapter.id)) return void (scope.__cuecardPageScript = undefined);
  const onSettings = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    settings = readPageSettings(changes[SETTINGS_KEY]?.newValue, policy);
    if (settings.disabledSites.includes(adapter.id)) {
      frame?.destroy();
      report({ type: 'page:context', site: adapter.id, ref: null, settled: true });
      stop.abort();
    }
  };
  browser.storage.onChanged.addListener(onSettings);
  ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onSettings));
  const stop = new AbortController();
  ctx.signal.addEventListener('abort', () => stop.abort());

  // Created on the first supported record: other pages of the host get nothing at all.
  let frame: SidebarFrame | undefined;
  // Only the iframe made here learns this key (lib/page/frame-key.ts): copies the page embeds are refused.
  const frameKey = crypto.randomUUID();
  const ensureFrame = (): SidebarFrame => {
    if (!frame) {
      const sidebarUrl = browser.runtime.getURL('/sidebar.html');
      frame = createSidebarFrame(document, sidebarUrl, saved ?? DEFAULT_LAYOUT, (layout) => {
        void browser.storage.local.set({ [layoutKey]: layout }).catch(() => undefined);
      }, { reservesSpace: adapter.reservesSpace });
      const offer = offerFrameKey(window, frame.frame, frameKey, sidebarOrigin(sidebarUrl, browser.runtime.id));
      ctx.onInvalidated(() => offer.stop());
    }
    if (!frame.root.isConnected) document.documentElement.appendChild(frame.root);
    return frame;
  };
  ctx.onInvalidated(() => frame?.destroy());

  const report = (message: RequestOf<'page:context'> | RequestOf<'compose:warnings'> | RequestOf<'compose:sent'>) => {
    if (ctx.isInvalid) return;
    browser.runtime.sendMessage(message.type === 'page:context' ? { ...message, frameKey } : message).catch(() => undefined);
  };

  // Mail sites only: insertion and avoid-phrase checks need a compose body.
  const composeTarget = adapter.composeTarget?.bind(adapter);
  let bridge: ComposeBridge | undefined;
  if (composeTarget) {
    bridge = createComposeBridge({
      doc: document,
      signal: ctx.signal,
      composeTarget,
      async loadRules() {
        const rules: RequestOf<'compose:rules'> = { type: 'compose:rules' };
        const reply = (await browser.runtime.sendMessage(rules)) as { ok?: boolean; value?: unknown } | undefined;
        return reply?.ok && Array.isArray(reply.value) ? (reply.value as { id: string; phrases: string[] }[]) : [];
      },
      onWarnings: (phrases) => report({ type: 'compose:warnings', phrases }),
    });
  }
  const undoWindow = stored[SEND_UNDO_WINDOW_KEY];
  const tracker: SendTracker | undefined = sends?.track({
    doc: document,
    signal: ctx.signal,
    site: sends.site,
    undoWindowMs: typeof undoWindow === 'number' && undoWindow >= 0 && undoWindow <= 60_000 ? undoWindow : undefined,
    // Ids and numbers only (lib/contract/messages.ts `compose:sent`).
    onSent: (items) => report({ type: 'compose:sent', site: adapter.id, items }),
  });

  // Only our background talks to this listener (parseTabMessage checks sender and shape).
  const onMessage = (raw: unknown, sender: { id?: string; tab?: unknown }, sendResponse: (reply: InsertReply | null) => void) => {
    const message = parseTabMessage(raw, sender, browser.runtime.id);
    if (!message || ctx.isInvalid) return false;
    if (message.type === 'cuecard:insert-text') {
      const body = bridge?.insertInto(message.text);
      if (body && message.cue) tracker?.noteInsert(body, message.text, message.cue);
      sendResponse({ inserted: body !== undefined });
    }
    else if (message.type === 'cuecard:toggle-sidebar') {
      if (frame) frame.toggle();
      sendResponse(null);
    } else {
      bridge?.reloadRules();
      sendResponse(null);
    }
    return false;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  watchPage({
    adapter,
    doc: document,
    win: window,
    signal: stop.signal,
    // Read on every detection: a settings change applies at the next one.
    detectOptions: () => ({ ownDomains: settings.ownEmailDomains }),
    onChange(detection) {
      if (detection) ensureFrame().setVisible(true);
      else frame?.setVisible(false);
      report({ type: 'page:context', site: adapter.id, ref: detection?.ref ?? null, settled: detection?.settled ?? true });
      // Marketing's phrase list may have changed (import/sync) since the last page: cheap to refetch.
      bridge?.reloadRules();
    },
  });
}
