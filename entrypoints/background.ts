import { browser } from 'wxt/browser';
import { injectIntoOpenTabs, injectPageScript, pageScriptIsLive, type PageScriptDeps } from '../lib/background/page-script';
import { SUPPORTED_HOST_PATTERNS } from '../lib/sites/registry';
import { defineBackground } from 'wxt/utils/define-background';
import { routeMessage, type RouterDeps } from '../lib/background/router';
import { forgetTab } from '../lib/background/tab-context';
import { forgetInserts, forgetWarnings } from '../lib/background/compose';
import type { TabMessage } from '../lib/contract/tab-messages';
import { openDb } from '../lib/store/db';
import { ensureAlarms, flushUsage, onHubAlarm, syncHub, type HubDeps } from '../lib/background/hub-service';
import { ensureDbReady, withDbRecovery, type RecoveryDeps } from '../lib/store/db-recovery';
import { loadSettings } from '../lib/settings/settings';
import { browserSettingsStores } from '../lib/settings/stores';
import type { DataCollectionPermissions } from '../lib/contract/data-consent';

export default defineBackground(() => {
  // A database handle is not state: reopening after a worker restart finds the same data.
  const db = openDb();
  const session = browser.storage.session;
  const sessionArea = {
    get: (key: string) => session.get(key),
    set: (items: Record<string, unknown>) => session.set(items),
    remove: (key: string) => session.remove(key),
  };
  const local = { get: (key: string) => browser.storage.local.get(key), set: (items: Record<string, unknown>) => browser.storage.local.set(items) };
  const hub: HubDeps = {
    db,
    local,
    settings: browserSettingsStores(db),
    dataCollection: import.meta.env.FIREFOX ? (browser.permissions as unknown as DataCollectionPermissions) : undefined,
    // "Sign in with your company": the browser's sign-in window, in Chrome and Firefox alike.
    identity: browser.identity
      ? {
          getRedirectURL: () => browser.identity.getRedirectURL(),
          launchWebAuthFlow: async (details) => {
            // Chrome stops a worker idle for 30 s, and signing in can take minutes: an extension API
            // call every 25 s keeps it for the sign-in (Chrome's documented "waitUntil" pattern).
            const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), 25_000);
            try {
              return await browser.identity.launchWebAuthFlow(details);
            } finally {
              clearInterval(keepAlive);
            }
          },
        }
      : undefined,
    alarms: { get: (name) => browser.alarms.get(name), create: (name, info) => browser.alarms.create(name, info as Parameters<typeof browser.alarms.create>[1]) },
  };
  // A damaged database is rebuilt (the rep's own rows kept) and refilled from the hub; every
  // message and alarm waits for that check (lib/store/db-recovery.ts).
  const recovery: RecoveryDeps = {
    db,
    session: sessionArea,
    local,
    hubConfigured: async () => Boolean((await loadSettings(hub.settings)).settings.hubUrl),
    afterRebuild: async () => {
      await flushUsage(hub, { force: true });
      await syncHub(hub, { force: true });
    },
  };
  void ensureDbReady(recovery).catch(() => undefined);
  // Insert-into-email and the sidebar toggle go to the page's content script: top frame only.
  const sendToTab = (tabId: number, message: TabMessage) => browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  const deps: RouterDeps = {
    db,
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    session: sessionArea,
    local,
    sendToTab,
    repName: async () => (await loadSettings(hub.settings)).settings.repName || undefined,
    now: () => new Date(),
    hub,
    guard: (run) => withDbRecovery(recovery, run),
  };

  // Listeners first, synchronously: an alarm that woke the worker is delivered only to listeners
  // registered in the first turn. Alarms are ensured on every start (they can be lost on update).
  browser.alarms.onAlarm.addListener((alarm) => {
    void withDbRecovery(recovery, () => onHubAlarm(hub, alarm.name)).catch(() => undefined);
  });
  browser.runtime.onInstalled.addListener(() => {
    void withDbRecovery(recovery, () => syncHub(hub, { force: true })).catch(() => undefined);
  });
  void ensureAlarms(hub.alarms);

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // sendResponse + `return true` works in Chrome and Firefox alike; returning a promise does not.
    void routeMessage(message, sender, deps).then(sendResponse);
    return true;
  });

  const pageScript: PageScriptDeps = {
    patterns: SUPPORTED_HOST_PATTERNS,
    executeScript: (tabId, file) => browser.scripting.executeScript({ target: { tabId }, files: [file] }),
    isRunning: async (tabId) =>
      (await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: pageScriptIsLive }))[0]?.result === true,
    queryTabs: () => browser.tabs.query({}),
  };
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'complete') void injectPageScript(pageScript, tabId, tab.url);
  });
  browser.runtime.onInstalled.addListener(() => void injectIntoOpenTabs(pageScript));
  browser.runtime.onStartup.addListener(() => void injectIntoOpenTabs(pageScript));

  browser.tabs.onRemoved.addListener((tabId) => {
    void forgetTab(deps.session, tabId);
    void forgetWarnings(deps.session, tabId);
    void forgetInserts(deps.session, tabId);
  });

  // The toggle shortcut (manifest `commands`, changeable at chrome://extensions/shortcuts or
  // Firefox's add-on shortcuts page).
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-sidebar') return;
    void (async () => {
      const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      if (tabId !== undefined) await sendToTab(tabId, { type: 'cuecard:toggle-sidebar' }).catch(() => undefined);
    })();
  });
});
