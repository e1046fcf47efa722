/**
 * Site fixtures in happy-dom: the fixture's app shell at a URL with its own script running (the
 * "real site's" part), and bare documents for markup the shell does not produce. Windows close
 * after each test.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { afterEach } from 'vitest';

const openWindows: Window[] = [];
afterEach(async () => {
  await Promise.all(openWindows.splice(0).map((win) => win.happyDOM.close()));
});

const files = new Map<string, string>();

/** `tests/fixtures/sites/<site>/<file>`, read once. */
function fixtureFile(site: string, file: string): string {
  const key = `${site}/${file}`;
  let html = files.get(key);
  if (html === undefined) {
    // A path, not a URL object: under happy-dom the global URL is not Node's, which fs rejects.
    html = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), `../../fixtures/sites/${key}`), 'utf8');
    files.set(key, html);
  }
  return html;
}

export interface FixturePage<Api> {
  win: Window;
  doc: Document;
  /** What the fixture script exposes on `window` for tests (navigate, delays…). */
  fixture: Api;
  rendered(): Promise<void>;
  click(selector: string): void;
}

/** Opens `site`'s app shell at `url` and runs its script; `apiName` is the global it exposes. */
export function openFixture<Api>(site: string, url: string, apiName: string): FixturePage<Api> {
  const win = new Window({
    url,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  openWindows.push(win);
  win.document.write(fixtureFile(site, 'app.html'));
  const doc = win.document as unknown as Document;
  return {
    win,
    doc,
    fixture: (win as unknown as Record<string, Api>)[apiName]!,
    rendered: () => win.happyDOM.waitUntilComplete(),
    click: (selector) => (doc.querySelector(selector) as HTMLElement | null)?.click(),
  };
}

/**
 * A static variant page of a site's fixture (`tests/fixtures/sites/<site>/<file>`: degraded
 * markup, described in the site's README) at `url`, scripts off.
 */
export function variantAt(site: string, file: string, url: string): Document {
  const win = new Window({ url });
  openWindows.push(win);
  win.document.write(fixtureFile(site, file));
  return win.document as unknown as Document;
}

/** A document of static test markup at `url`, scripts off. */
export function documentAt(url: string, body: string, title = ''): Document {
  const win = new Window({ url });
  openWindows.push(win);
  win.document.write(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`); // static test markup
  return win.document as unknown as Document;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
