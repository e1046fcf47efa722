/**
 * Watches the page for what it is about and reports changes. Cheap by construction: one
 * debounced MutationObserver, no work while the tab is hidden, a report only when the
 * detection changed, and nothing ever thrown into the page.
 */
import type { DetectOptions, Detection, SiteAdapter } from '../sites/types';

export interface WatcherOptions {
  adapter: SiteAdapter;
  doc: Document;
  win: Window;
  signal: AbortSignal;
  /** The rep's settings the adapter reads with (own email domains), asked for on every detection. */
  detectOptions?(): DetectOptions;
  /** Called with the new detection (null: not a supported page) whenever it changes. */
  onChange(detection: Detection | null): void;
  debounceMs?: number;
  /** After this long on one URL, an unsettled detection is reported as settled (no-match shows). */
  settleTimeoutMs?: number;
}

export interface WatcherStats {
  runs: number;
  /** Main-thread time spent in detect(), for the bench. */
  busyMs: number;
  maxRunMs: number;
}

export function watchPage(options: WatcherOptions): WatcherStats {
  const { adapter, doc, win, signal, onChange } = options;
  const debounceMs = options.debounceMs ?? 120;
  const settleTimeoutMs = options.settleTimeoutMs ?? 4_000;
  const stats: WatcherStats = { runs: 0, busyMs: 0, maxRunMs: 0 };
  let lastKey: string | undefined;
  let lastUrl = '';
  let urlSince = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;

  const run = () => {
    timer = undefined;
    if (signal.aborted || doc.hidden) return;
    const started = performance.now();
    let detection: Detection | null = null;
    try {
      const url = new URL(win.location.href);
      if (url.href !== lastUrl) {
        lastUrl = url.href;
        urlSince = started;
        clearTimeout(settleTimer);
        settleTimer = setTimeout(schedule, settleTimeoutMs + 10);
      }
      detection = adapter.detect(doc, url, options.detectOptions?.());
      if (detection && !detection.settled && started - urlSince >= settleTimeoutMs) {
        detection = { ...detection, settled: true };
      }
    } catch {
      // An adapter bug must not break the CRM page: treat it as "nothing to show".
      detection = null;
    }
    const spent = performance.now() - started;
    stats.runs++;
    stats.busyMs += spent;
    stats.maxRunMs = Math.max(stats.maxRunMs, spent);
    const key = JSON.stringify(detection);
    if (key !== lastKey) {
      lastKey = key;
      try {
        onChange(detection);
      } catch {
        // Reporting failed (e.g. extension reloaded); the next change tries again.
      }
    }
  };

  function schedule(): void {
    if (signal.aborted) return;
    if (timer === undefined) timer = setTimeout(run, debounceMs);
  }

  // Only structure changes: attribute and text churn (timers, animations) are the bulk of
  // mutations on CRM pages and never change which record is shown on their own.
  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  win.addEventListener('popstate', schedule, { signal });
  win.addEventListener('hashchange', schedule, { signal });
  doc.addEventListener('visibilitychange', schedule, { signal });
  // Clicking from one open draft into another changes who the page is about without any DOM
  // structure change; focus moving is the only signal (debounced like the rest).
  doc.addEventListener('focusin', schedule, { signal });
  // The Navigation API sees the page's own pushState calls, which an isolated world cannot patch.
  const navigation = (win as unknown as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('navigatesuccess', schedule, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
    clearTimeout(settleTimer);
  });
  run();
  return stats;
}
