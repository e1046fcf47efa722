import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { routeMessage, type RouterDeps } from '../lib/background/router';
import { forgetTab } from '../lib/background/tab-context';
import { openDb } from '../lib/store/db';

export default defineBackground(() => {
  // A database handle is not state: reopening after a worker restart finds the same data.
  const db = openDb();
  const session = browser.storage.session;
  const deps: RouterDeps = {
    db,
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    session: {
      get: (key) => session.get(key),
      set: (items) => session.set(items),
      remove: (key) => session.remove(key),
    },
    local: { set: (items) => browser.storage.local.set(items) },
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // sendResponse + `return true` works in Chrome and Firefox alike; returning a promise does not.
    void routeMessage(message, sender, deps).then(sendResponse);
    return true;
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void forgetTab(deps.session, tabId);
  });
});
