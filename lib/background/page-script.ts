/**
 * The page script is injected by the background once a supported page has finished loading, not
 * declared in the manifest: a manifest content script makes Chromium set up an isolated world
 * and evaluate it before the page's load event, which measured 30–60 ms on every page load of a
 * supported host here, even with a script that does nothing (bench: "page load with ÷ without").
 * After load, the page never waits for Cuecard.
 *
 * Each site has its own page script (`entrypoints/<site>.content.ts` → `content-scripts/<site>.js`,
 * lib/page/run-page-script.ts with that site's adapter only): the page gets the one its URL
 * belongs to, one bundle, no dynamic imports (they break under `use_dynamic_url`).
 */
import type { SiteId } from '../contract';
import { originMatchesAny } from '../sites/host-patterns';
import { adapterFor } from '../sites/registry';

/** The built page script of one site. */
export function pageScriptFile<Site extends SiteId>(site: Site): `/content-scripts/${Site}.js` {
  return `/content-scripts/${site}.js`;
}

/** The page script a page of a supported host gets, or undefined for any other page. */
export function pageScriptFor(url: string | undefined, patterns: readonly string[]): ReturnType<typeof pageScriptFile> | undefined {
  if (!url || !isSupportedPage(url, patterns)) return undefined;
  const adapter = adapterFor(new URL(url));
  return adapter ? pageScriptFile(adapter.id) : undefined;
}

export function isSupportedPage(url: string | undefined, patterns: readonly string[]): boolean {
  if (!url) return false;
  try {
    return originMatchesAny(new URL(url).origin, patterns);
  } catch {
    return false;
  }
}

export interface PageScriptDeps {
  /** Runs `file` (a page script, see pageScriptFile) in the tab's top document. */
  executeScript(tabId: number, file: ReturnType<typeof pageScriptFile>): Promise<unknown>;
  /**
   * Whether the page script already runs in the tab's top document (`pageScriptIsLive` run in
   * it). Firefox fires `tabs.onUpdated` with status "complete" for every history.pushState of a
   * single-page app: injecting again would replace the running script and reload the sidebar.
   */
  isRunning?(tabId: number): Promise<boolean>;
  queryTabs(): Promise<{ id?: number; url?: string; status?: string }[]>;
  patterns: readonly string[];
}

/**
 * Runs in the page's isolated world (scripting.executeScript `func`): self-contained. True while
 * a page script of this extension version runs there (lib/page/run-page-script.ts sets the probe).
 */
export function pageScriptIsLive(): boolean {
  const probe = (globalThis as { __cuecardPageScript?: unknown }).__cuecardPageScript;
  try {
    return typeof probe === 'function' && probe() === true;
  } catch {
    return false;
  }
}

/** Injects into one tab unless the page script already runs there; true when it injected. */
export async function injectPageScript(deps: PageScriptDeps, tabId: number, url: string | undefined): Promise<boolean> {
  const file = pageScriptFor(url, deps.patterns);
  if (!file) return false;
  try {
    if (await deps.isRunning?.(tabId)) return false;
  } catch {
    // Cannot ask (the page is between documents): inject; a second copy replaces the first.
  }
  try {
    await deps.executeScript(tabId, file);
    return true;
  } catch {
    // The tab navigated away, closed, or is an error page: nothing to do.
    return false;
  }
}

/** On install and browser start: pages already open get the sidebar without a reload. */
export async function injectIntoOpenTabs(deps: PageScriptDeps): Promise<number> {
  let injected = 0;
  for (const tab of await deps.queryTabs()) {
    if (tab.id !== undefined && tab.status === 'complete' && (await injectPageScript(deps, tab.id, tab.url))) injected++;
  }
  return injected;
}
