/**
 * Least privilege, checked on what ships: the built manifests (Chrome and Firefox) and the built
 * pages and scripts. This is the release check of issue 8: a permission or host added to the
 * manifest without a README "Permissions" row fails here.
 *
 * Lives under tests/e2e/ because `npm test` builds just before the e2e suite; unit tests run
 * before the build. A missing build skips with a message instead of failing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_IDS } from '../../lib/contract';
import { SUPPORTED_HOST_PATTERNS } from '../../lib/sites/registry';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from './harness/paths';

/** The complete API permission list. Growing it means a README row and a security review. */
const EXPECTED_PERMISSIONS = ['alarms', 'identity', 'scripting', 'storage', 'unlimitedStorage'];
/**
 * The complete host list (sorted): the app hosts themselves, never a whole vendor domain, except
 * Salesforce and Pipedrive, whose customers each get their own subdomain (`<org>.…`).
 */
const EXPECTED_HOSTS = [
  ...['crm', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm2', 'crm20', 'crm21', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9'].map(
    (region) => `https://*.${region}.dynamics.com/*`,
  ),
  'https://*.lightning.force.com.mcas.ms/*',
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com.mcas.ms/*',
  'https://*.my.salesforce.com/*',
  'https://*.pipedrive.com/*',
  'https://app-ap1.hubspot.com/*',
  'https://app-eu1.hubspot.com/*',
  'https://app-na2.hubspot.com/*',
  'https://app-na3.hubspot.com/*',
  'https://app.hubspot.com/*',
  'https://mail.google.com/*',
  'https://outlook.cloud.microsoft/*',
  'https://outlook.live.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
];

/**
 * Built-JS matches of eval-like calls that are harmless, as `file-glob: reason`. Empty today:
 * papaparse's `dynamicTypingFunction(` is an identifier ending in "Function(", which the pattern
 * below does not count as a call of Function.
 */
const EVAL_ALLOW_LIST: { file: RegExp; snippet: RegExp; why: string }[] = [];

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string } | string;
  externally_connectable?: { ids?: string[]; matches?: string[]; accepts_tls_channel_id?: boolean };
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[]; use_dynamic_url?: boolean }[];
  content_scripts?: { matches: string[]; js?: string[] }[];
  background?: { service_worker?: string; scripts?: string[] };
  sandbox?: unknown;
  oauth2?: unknown;
  key?: unknown;
}

const BUILDS = [
  { name: 'chrome', dir: CHROME_BUILD },
  { name: 'firefox', dir: FIREFOX_BUILD },
] as const;

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, ext));
    else if (name.endsWith(ext)) out.push(full);
  }
  return out;
}

/** Rows of the README's "## Permissions" table: the first cell's back-ticked names. */
export function readmePermissionNames(readme: string): string[] {
  const section = /^## Permissions\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const names: string[] = [];
  for (const line of section.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line.trim())?.[1];
    if (!first) continue;
    for (const match of first.matchAll(/`([^`]+)`/g)) names.push(match[1]!);
  }
  return names;
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('the README "Permissions" table', () => {
  it('is found and parsed', () => {
    expect(readmePermissionNames(README).length).toBeGreaterThan(0);
  });

  it('names every API permission the extension requests (release check)', () => {
    const listed = readmePermissionNames(README);
    const missing = EXPECTED_PERMISSIONS.filter((permission) => !listed.includes(permission));
    expect(missing, `add a row to README.md "## Permissions" for: ${missing.join(', ')}`).toEqual([]);
  });

  it('has a row for the host permissions, and the expected host list is what the registry declares', () => {
    const section = /^## Permissions\s*$([\s\S]*?)(?=^## )/m.exec(README)?.[1] ?? '';
    expect(section).toMatch(/host permissions/i);
    expect([...new Set(SUPPORTED_HOST_PATTERNS)].sort()).toEqual(EXPECTED_HOSTS);
  });
});

for (const build of BUILDS) {
  const built = existsSync(path.join(build.dir, 'manifest.json'));
  const suite = built ? describe : describe.skip;
  const title = built
    ? `the built ${build.name} manifest (${path.relative(ROOT, build.dir)})`
    : `the built ${build.name} manifest — SKIPPED: no build in ${path.relative(ROOT, build.dir)}; run \`npm run build\` (or CUECARD_OUT_DIR=… npx wxt build${build.name === 'firefox' ? ' -b firefox --mv3' : ''})`;

  suite(title, () => {
    const manifest = built ? readManifest(build.dir) : ({} as Manifest);

    it('is Manifest V3', () => {
      expect(manifest.manifest_version).toBe(3);
    });

    it('requests exactly the expected permissions, no optional ones', () => {
      expect([...(manifest.permissions ?? [])].sort()).toEqual(EXPECTED_PERMISSIONS);
      expect(manifest.optional_permissions ?? []).toEqual([]);
      expect(manifest.optional_host_permissions ?? []).toEqual([]);
    });

    it('every requested permission has a README "Permissions" row (release check)', () => {
      const listed = readmePermissionNames(README);
      for (const permission of manifest.permissions ?? []) {
        expect(listed, `README.md "## Permissions" lacks \`${permission}\``).toContain(permission);
      }
    });

    it('requests exactly the expected host permissions, and content scripts run on those hosts only', () => {
      expect([...(manifest.host_permissions ?? [])].sort()).toEqual(EXPECTED_HOSTS);
      for (const script of manifest.content_scripts ?? []) expect([...script.matches].sort()).toEqual(EXPECTED_HOSTS);
      expect(manifest.host_permissions ?? []).not.toContain('<all_urls>');
      for (const host of manifest.host_permissions ?? []) expect(host).toMatch(/^https:\/\/[^/]+\/\*$/);
    });

    it('keeps the default extension-page CSP: no unsafe-eval, no remote script sources', () => {
      const csp = manifest.content_security_policy;
      const policies = typeof csp === 'string' ? [csp] : Object.values(csp ?? {});
      for (const policy of policies) {
        expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
      }
      expect(manifest.sandbox).toBeUndefined();
      expect(manifest.key).toBeUndefined();
    });

    it('declares no external messaging surface', () => {
      if (build.name === 'chrome') {
        // Left out, Chrome lets every other extension connect; empty lists mean nobody.
        expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
      } else {
        // Firefox has no externally_connectable: web pages cannot message extensions at all.
        expect(manifest.externally_connectable).toBeUndefined();
      }
    });

    it('declares Firefox’s data collection: nothing required, usage events optional (asked for when the rep opts in)', () => {
      const gecko = (manifest as { browser_specific_settings?: { gecko?: { data_collection_permissions?: unknown } } }).browser_specific_settings?.gecko;
      if (build.name === 'chrome') expect(gecko).toBeUndefined();
      else expect(gecko?.data_collection_permissions).toEqual({ required: ['none'], optional: ['technicalAndInteraction'] });
    });

    it('makes only sidebar.html web-accessible, only on supported hosts, with dynamic URLs in Chrome', () => {
      const resources = manifest.web_accessible_resources ?? [];
      expect(resources).toHaveLength(1);
      const [entry] = resources;
      expect(entry!.resources).toEqual(['sidebar.html']);
      expect([...(entry!.matches ?? [])].sort()).toEqual(EXPECTED_HOSTS);
      expect(entry!.extension_ids).toBeUndefined();
      if (build.name === 'chrome') expect(entry!.use_dynamic_url).toBe(true);
    });

    it('loads no remote script in any built page', () => {
      const pages = filesUnder(build.dir, '.html');
      expect(pages.length).toBeGreaterThan(0);
      for (const file of pages) {
        const html = readFileSync(file, 'utf8');
        expect(html, file).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
        expect(html, file).not.toMatch(/<link[^>]+href=["']?(https?:)?\/\//i);
      }
    });

    it('contains no eval( or new Function( in any built script (allow-list for harmless ones)', () => {
      const scripts = filesUnder(build.dir, '.js');
      expect(scripts.length).toBeGreaterThan(0);
      const found: string[] = [];
      for (const file of scripts) {
        const code = readFileSync(file, 'utf8');
        for (const match of code.matchAll(/(^|[^\w$.])(eval|Function)\s*\(|new\s+Function\b|setTimeout\(\s*["'`]|import\(\s*["'`]https?:/g)) {
          const snippet = code.slice(Math.max(0, match.index - 60), match.index + 60);
          const allowed = EVAL_ALLOW_LIST.some((entry) => entry.file.test(file) && entry.snippet.test(snippet));
          if (!allowed) found.push(`${path.relative(build.dir, file)}: …${snippet}…`);
        }
      }
      expect(found).toEqual([]);
    });

    it('keeps each page script one bundle: no dynamic imports (they break under use_dynamic_url)', () => {
      // One per site, injected by the background (lib/background/page-script.ts), so not listed in the manifest.
      const pageScripts = SITE_IDS.map((site) => `content-scripts/${site}.js`);
      expect(readdirSync(path.join(build.dir, 'content-scripts')).sort()).toEqual(pageScripts.map((file) => path.basename(file)).sort());
      const files = [...(manifest.content_scripts ?? []).flatMap((script) => script.js ?? []), ...pageScripts];
      for (const file of files) {
        const code = readFileSync(path.join(build.dir, file), 'utf8');
        expect(code, file).not.toMatch(/\bimport\s*\(/);
      }
    });
  });
}
