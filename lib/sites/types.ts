import type { ProspectRef, SiteId } from '../contract';

/**
 * A site adapter reads one product's pages. It is pure with respect to the extension: no
 * messaging, no storage, no timers, so it can be unit-tested on fixture DOM.
 */
export interface SiteAdapter {
  id: SiteId;
  /** Hosts this adapter may run on: the manifest's host permissions and the background's origin checks come from these. */
  hostPatterns: readonly string[];
  /**
   * True where the page docks things at the viewport's right edge that the rep must reach while
   * the sidebar is open (mail clients' compose windows): the page is narrowed instead of covered.
   */
  reservesSpace?: boolean;
  /** True for URLs of the product that the adapter understands at all. */
  matchesHost(url: URL): boolean;
  /**
   * What the URL alone says is open, from the path and query only (pure, unit-tested on real
   * URL shapes): the CRM record Cuecard reads, or the thread / message id a mail URL carries
   * (a hint there: the DOM decides). Null for lists, home pages, settings, unsupported objects.
   */
  parseUrl(url: URL): UrlRecord | null;
  /**
   * What the page is about, or null when this page is not a record/thread Cuecard supports
   * (then the sidebar is not shown at all). The content script passes the rep's settings on
   * every call, so a change applies at the next detection; adapters that need none ignore them.
   */
  detect(doc: Document, url: URL, options?: DetectOptions): Detection | null;
  /** The compose body the rep is writing in, where the site has one. */
  composeTarget?(doc: Document): HTMLElement | null;
}

export interface UrlRecord {
  /** The CRM's object type as the ProspectRef carries it (`Contact`, `contact`…), or `thread` / `message`. */
  objectType: string;
  recordId: string;
}

/** What a detection may depend on besides the page: the rep's settings. */
export interface DetectOptions {
  /**
   * The rep's colleague domains from settings (a company with several domains, a rep who sends
   * from an alias): mail adapters never report people at these as the prospect.
   */
  ownDomains?: readonly string[];
}

export interface Detection {
  ref: ProspectRef;
  /**
   * False while the page is still rendering what the adapter needs (e.g. the email field of a
   * record renders after the URL changes); the sidebar then says "loading" rather than "no match".
   */
  settled: boolean;
}
