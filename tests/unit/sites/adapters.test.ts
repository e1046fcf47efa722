/**
 * One test over every site adapter (after refined-github's `build/features.test.ts`): an adapter
 * is complete when it is registered, labelled, has its page script entry point, its fixture
 * folder with a README and URL cases its pure URL predicates pass, and its closing comment names
 * its fixtures. Adding a file to lib/sites that exports an adapter without the rest fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SITE_IDS, SITE_LABELS } from '../../../lib/contract';
import { SITE_ADAPTERS } from '../../../lib/sites/registry';
import type { SiteAdapter } from '../../../lib/sites/types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

interface UrlCases {
  hosts: { match: string[]; reject: string[] };
  records: { url: string; objectType: string; recordId: string }[];
  otherPages: string[];
}

const isAdapter = (value: unknown): value is SiteAdapter =>
  typeof value === 'object' && value !== null && typeof (value as SiteAdapter).detect === 'function' && typeof (value as SiteAdapter).matchesHost === 'function';

/** Every SiteAdapter any module in lib/sites exports, by the file that exports it. */
const exported = Object.entries(import.meta.glob<Record<string, unknown>>('../../../lib/sites/*.ts', { eager: true })).flatMap(
  ([file, module]) => Object.values(module).filter(isAdapter).map((adapter) => ({ file: file.replace('../../../', ''), adapter })),
);

describe('the adapter registry', () => {
  it('registers every adapter lib/sites exports, in the file named after its id', () => {
    expect(exported.length).toBeGreaterThan(0);
    for (const { file, adapter } of exported) {
      expect(SITE_ADAPTERS, `${file} exports "${adapter.id}"`).toContain(adapter);
      expect(file).toBe(`lib/sites/${adapter.id}.ts`);
    }
  });

  it('has exactly one adapter per site id, each labelled for the options page', () => {
    expect(SITE_ADAPTERS.map((adapter) => adapter.id).sort()).toEqual([...SITE_IDS].sort());
    for (const id of SITE_IDS) expect(SITE_LABELS[id]?.trim(), id).toBeTruthy();
  });
});

describe.each(SITE_ADAPTERS.map((adapter) => [adapter.id, adapter] as const))('the %s adapter', (id, adapter) => {
  const folder = `tests/fixtures/sites/${id}`;

  it('has its fixture folder, with a README that names the adapter and every fixture file', () => {
    expect(existsSync(resolve(ROOT, folder, 'README.md')), `${folder}/README.md`).toBe(true);
    const readme = read(`${folder}/README.md`);
    expect(readme).toContain(`lib/sites/${id}.ts`);
    const pages = readdirSync(resolve(ROOT, folder)).filter((file) => file.endsWith('.html'));
    expect(pages).toContain('app.html');
    for (const page of pages) expect(readme, `${folder}/README.md names ${page}`).toContain(page);
  });

  it('ends with a closing comment naming its fixtures (STYLE.md)', () => {
    const source = read(`lib/sites/${id}.ts`).trimEnd();
    expect(source.endsWith('*/'), `lib/sites/${id}.ts ends with a comment`).toBe(true);
    const closing = source.slice(source.lastIndexOf('/*'));
    expect(closing).toContain(`${folder}/app.html`);
    for (const page of readdirSync(resolve(ROOT, folder)).filter((file) => file.endsWith('.html'))) {
      expect(closing, `closing comment of lib/sites/${id}.ts names ${page}`).toContain(page);
    }
    expect(closing).toContain(`tests/unit/sites/${id}.test.ts`);
  });

  it('passes its URL cases: real hosts and page shapes, records and the pages it must not read', () => {
    expect(existsSync(resolve(ROOT, folder, 'urls.json')), `${folder}/urls.json`).toBe(true);
    const cases = JSON.parse(read(`${folder}/urls.json`)) as UrlCases;
    for (const list of [cases.hosts.match, cases.hosts.reject, cases.records, cases.otherPages]) expect(list.length).toBeGreaterThan(0);
    for (const url of cases.hosts.match) expect(adapter.matchesHost(new URL(url)), url).toBe(true);
    for (const url of cases.hosts.reject) expect(adapter.matchesHost(new URL(url)), url).toBe(false);
    for (const { url, ...record } of cases.records) {
      expect(adapter.matchesHost(new URL(url)), url).toBe(true);
      expect(adapter.parseUrl(new URL(url)), url).toEqual(record);
    }
    for (const url of cases.otherPages) {
      expect(adapter.matchesHost(new URL(url)), url).toBe(true);
      expect(adapter.parseUrl(new URL(url)), url).toBeNull();
    }
  });

  it('has its own page script: an entry point that runs the page side with this adapter only', () => {
    const entry = `entrypoints/${id}.content.ts`;
    expect(existsSync(resolve(ROOT, entry)), entry).toBe(true);
    const source = read(entry);
    expect(source).toContain(`from '../lib/sites/${id}'`);
    // The mail sites also hand it their send watch (lib/page/run-page-script.ts SendWatch).
    expect(source).toMatch(new RegExp(`runPageScript\\(ctx, ${id}[,)]`));
    expect(source).not.toMatch(/lib\/sites\/registry/);
  });

  it('declares host patterns its own host check accepts', () => {
    expect(adapter.hostPatterns.length).toBeGreaterThan(0);
    for (const pattern of adapter.hostPatterns) {
      const example = pattern.replace('*.', 'northwind.').replace(/\/\*$/, '/');
      expect(adapter.matchesHost(new URL(example)), pattern).toBe(true);
    }
  });
});
