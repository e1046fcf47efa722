import type { ProspectRef, SiteId } from '../contract';

/**
 * A site adapter reads one product's pages. It is pure with respect to the extension: no
 * messaging, no storage, no timers, so it can be unit-tested on fixture DOM.
 */
export interface SiteAdapter {
  id: SiteId;
  /** Hosts this adapter may run on (the content script's match patterns come from these). */
  hostPatterns: readonly string[];
  /**
   * True where the page docks things at the viewport's right edge that the rep must reach while
   * the sidebar is open (mail clients' compose windows): the page is narrowed instead of covered.
   */
  reservesSpace?: boolean;
  /** True for URLs of the product that the adapter understands at all. */
  matchesHost(url: URL): boolean;
  /**
   * What the page is about, or null when this page is not a record/thread Cuecard supports
   * (then the sidebar is not shown at all).
   */
  detect(doc: Document, url: URL): Detection | null;
  /** The compose body the rep is writing in, where the site has one. */
  composeTarget?(doc: Document): HTMLElement | null;
}

export interface Detection {
  ref: ProspectRef;
  /**
   * False while the page is still rendering what the adapter needs (e.g. the email field of a
   * record renders after the URL changes); the sidebar then says "loading" rather than "no match".
   */
  settled: boolean;
}
