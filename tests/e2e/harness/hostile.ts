/**
 * What the hostile-page and hostile-data suites share across browsers: the page's attack API
 * (tests/fixtures/sites/hostile/hostile.js), the prospect data the page must never see, the
 * hostile workspace built from the security corpus, and the DOM audit run inside a frame.
 */
import { expect } from 'vitest';
import { generateWorkspace } from '../../../lib/demo/generate';
import { UNICODE_PAYLOADS, URL_PAYLOADS, XSS_PAYLOADS } from '../../unit/security/corpus';
import { fixtureFor, HOSTILE_ORG } from './site-fixtures';

export const DANA_PATH = '/lightning/r/Contact/003Dn00000QxAbcIAF/view';
export const MARCUS_PATH = '/lightning/r/Contact/003Dn00000QxDefIAF/view';
export const HOSTILE_DANA = `${HOSTILE_ORG}${DANA_PATH}`;
/** Where the pushState storm goes: records, lists, junk; it ends on Marcus. */
export const STORM_PATHS = [MARCUS_PATH, '/lightning/o/Contact/list', DANA_PATH, '/lightning/r/Lead/00QDn00000Lm7PqMAJ/view', '/lightning/page/home', '/not-a-record'];

export type Hostile = {
  state: { calls: number; extensionHits: number; extensionStacks: string[] };
  forgeMessages(rounds: number): number;
  fakeFrames(): number;
  readSidebar(): { hostile: string | null; got: string | null }[];
  flood(bursts: number, perBurst: number): Promise<number[]>;
  navigationStorm(perSecond: number, ms: number, paths: string[], finalPath: string): Promise<number>;
  leaks(needles: string[]): string[];
  realSidebarCount(): number;
};
declare global {
  interface Window {
    __hostile: Hostile;
  }
}

/** Prospect data the page must never see: titles of Dana's and Marcus's touches, messages, assets. */
export function secretNeedles(): string[] {
  const workspace = generateWorkspace({ prospects: 60, touches: 1_500, seed: 7 });
  const shell = fixtureFor(HOSTILE_DANA)!.body;
  const titles = [
    ...(workspace.touches ?? []).filter((t) => t.prospectId === 'p-dana' || t.prospectId === 'p-marcus').map((t) => t.title),
    ...(workspace.messages ?? []).map((m) => m.title),
    ...(workspace.assets ?? []).map((a) => a.title),
  ].filter((title): title is string => typeof title === 'string' && title.length >= 12);
  // Only what the page cannot have on its own.
  return [...new Set(titles)].filter((title) => !shell.includes(title));
}

/** Text payloads that fit every field they go in (titles are ≤ 300). */
export const PAYLOADS = [...XSS_PAYLOADS, ...UNICODE_PAYLOADS.filter((p) => !p.includes('\u0000')), ...URL_PAYLOADS].filter((p) => p.length <= 300);
export const HOSTILE_DANA_NAME = '<img src=x onerror=alert("name")>Dana';
export const FORBIDDEN_TAGS = ['img', 'svg', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'math', 'marquee', 'frame', 'frameset', 'base', 'meta', 'noscript', 'template', 'textarea', 'form', 'input', 'details'];

export function isHttps(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The demo workspace with corpus payloads in every text field, plus rows that must be rejected. */
export function hostileWorkspace() {
  const workspace = generateWorkspace({ prospects: 60, touches: 1_500, seed: 7 });
  const pick = (i: number) => PAYLOADS[i % PAYLOADS.length]!;
  for (const prospect of workspace.prospects ?? []) {
    if (prospect.id === 'p-dana') Object.assign(prospect, { name: HOSTILE_DANA_NAME, title: pick(1), company: pick(2) });
    // Committee members (same domain): hostile names too.
    else if (prospect.domain === 'northwind-logistics.com') Object.assign(prospect, { name: pick(3), title: pick(4) });
  }
  let n = 0;
  for (const touch of workspace.touches ?? []) {
    if (touch.prospectId !== 'p-dana') continue;
    Object.assign(touch, { title: pick(n++), campaign: pick(n++), topics: [pick(n++), 'pricing'] });
  }
  // One touch per payload, newest first so they render without scrolling; half with hostile https URLs.
  const extra = PAYLOADS.map((payload, i) => ({
    id: `t-hostile-${i}`,
    prospectId: 'p-dana',
    type: 'page_view' as const,
    occurredAt: new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - i * 60_000).toISOString(),
    title: payload,
    campaign: pick(i + 7),
    ...(i % 2 === 0 ? { url: `https://evil.example/${encodeURIComponent(payload)}?q="><svg onload=alert(1)>#javascript:alert(1)` } : {}),
  }));
  // Rows that must be rejected: non-https URLs.
  const rejected = URL_PAYLOADS.map((url, i) => ({ id: `t-bad-url-${i}`, prospectId: 'p-dana', type: 'email_click' as const, occurredAt: '2026-11-19T10:00:00Z', title: 'bad url', url }));
  workspace.touches = [...(workspace.touches ?? []), ...extra, ...rejected];
  for (const [i, message] of (workspace.messages ?? []).entries()) {
    Object.assign(message, { title: pick(i + 11), body: `Hi {{first_name}} ${pick(i + 12)} from {{company}} ${pick(i + 13)}` });
  }
  for (const [i, asset] of (workspace.assets ?? []).entries()) Object.assign(asset, { title: pick(i + 17), kind: pick(i + 18).slice(0, 100) });
  workspace.assets = [
    ...(workspace.assets ?? []),
    ...URL_PAYLOADS.map((url, i) => ({ id: `a-bad-${i}`, title: 'bad', url, kind: 'guide', status: 'approved' as const })),
  ];
  return { workspace, expectedRejected: rejected.filter((r) => !isHttps(r.url)).length + URL_PAYLOADS.filter((u) => !isHttps(u)).length };
}

/** Payloads long and plain enough to look for, verbatim, in rendered text. */
export function shownPayloads(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this filters out
  return PAYLOADS.filter((p) => p.trim().length > 8 && !/[\u2028\u2029\r\n\t\u0001]/.test(p) && text.includes(p));
}

export interface DomAudit {
  tags: string[];
  onAttributes: string[];
  scripts: string[];
  hrefs: string[];
  srcs: string[];
  styleInBody: string[];
  text: string;
}

/**
 * Everything in a document that data could have turned into markup. Runs inside the frame
 * (`frame.evaluate(auditDom)`, Playwright or puppeteer), so it must close over nothing.
 */
export function auditDom(): DomAudit {
  const describe = (el: Element) => `<${el.tagName.toLowerCase()} ${[...el.attributes].map((a) => `${a.name}="${a.value.slice(0, 40)}"`).join(' ')}>`;
  // Head elements (meta charset, the bundled script and stylesheet) are ours and fixed; data lands in body.
  const elements = [...document.body.querySelectorAll('*')];
  const tags = new Set(elements.map((el) => el.tagName.toLowerCase()));
  const onAttributes = elements.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`));
  const scripts = [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? `inline:${s.textContent?.slice(0, 40)}`);
  const hrefs = [...document.querySelectorAll('a[href], area[href]')].map((a) => (a as HTMLAnchorElement).href);
  const srcs = [...document.querySelectorAll('[src], [srcdoc], [action], [formaction], [data], [xlink\\:href]')]
    .filter((el) => el.tagName !== 'SCRIPT')
    .map(describe);
  const styleInBody = [...document.body.querySelectorAll('style, link, meta, base')].map(describe);
  return { tags: [...tags].sort(), onAttributes, scripts, hrefs, srcs, styleInBody, text: document.body.innerText };
}

/** The sidebar's DOM holds nothing data could have made: no forbidden element, no on*, no src, only our scripts, only https: links. */
export function expectNoMarkupFromData(result: DomAudit): void {
  expect(result.tags.filter((tag) => FORBIDDEN_TAGS.includes(tag))).toEqual([]);
  expect(result.onAttributes).toEqual([]);
  expect(result.srcs).toEqual([]);
  expect(result.styleInBody).toEqual([]);
  for (const script of result.scripts) expect(script).toMatch(/^\/chunks\/[\w-]+\.js$/);
  // Every link is https: (hostile text inside the URL is percent-encoded, never a scheme).
  expect(result.hrefs.length).toBeGreaterThan(0);
  for (const href of result.hrefs) expect(new URL(href).protocol, href).toBe('https:');
}

/** What the hostile page saw of us: no trap reached, and every page error its own. */
export function expectNothingThrownIntoPage(state: Hostile['state'], pageErrors: string[], consoleErrors: string[]): void {
  expect(state.extensionHits).toBe(0);
  expect(state.extensionStacks).toEqual([]);
  expect(pageErrors.length).toBeGreaterThan(0); // the page's intentional one, so the listener works
  expect(pageErrors.filter((message) => !message.includes('HOSTILE-INTENTIONAL'))).toEqual([]);
  expect(consoleErrors.filter((text) => /cuecard|extension/i.test(text))).toEqual([]);
}
