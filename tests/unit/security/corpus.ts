/**
 * The hostile-data corpus shared by the unit suite (tests/unit/security/hostile-data.test.ts) and
 * the e2e suite (tests/e2e/hostile-data.chromium.e2e.ts). Each payload is something a CRM export,
 * a marketing tool or a compromised hub could put in a text cell.
 */

/** Markup and script payloads: they must come out as the same text, never as elements. */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed src=javascript:alert(1)>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<a href="javascript:alert(1)">click</a>',
  '<form action=javascript:alert(1)><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<style>@import "https://evil.example/x.css";</style>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '" onmouseover="alert(1)" x="',
  "' onfocus='alert(1)' autofocus='",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '{{first_name}}<img src=x onerror=alert(1)>{{company}}',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '\u003cimg src=x onerror=alert(1)\u003e',
  '<img src=x onerror=alert`1`>',
  '<svg/onload=alert(1)//',
  '<x contenteditable onblur=alert(1)>lose focus!',
  '<marquee onstart=alert(1)>',
  '=cmd|\' /C calc\'!A0',
  '+SUM(1+1)*cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '-2+3+cmd|\' /C calc\'!A0',
];

/** URLs: in url fields only https: may be stored; in text fields they are just text. */
export const URL_PAYLOADS: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  'javascript://%0aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'http://evil.example/',
  '//evil.example/',
  '/relative/path',
  'https:evil.example',
  'blob:https://evil.example/uuid',
  'chrome-extension://abc/options.html',
];

/** Direction overrides and other invisible or odd characters: stored verbatim, shown as text. */
export const UNICODE_PAYLOADS: readonly string[] = [
  'Dana \u202Egnp.exe\u202C Whitfield',
  '\u202Ecod.exe',
  '\u2066isolated\u2069 \u2067rtl\u2069',
  'zero\u200Bwidth\u200Djoiner\uFEFF',
  'null\u0000byte',
  'line\u2028separator\u2029paragraph',
  '\uD800 lone surrogate',
  '𝕯𝖆𝖓𝖆 🧨 Z̸̢̛͓a̷l̶g̴o̵',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
];

/** One megabyte: larger than every text field's limit (the biggest, message body, is 20,000). */
export const ONE_MB = 'A'.repeat(1024 * 1024);
/** Just over the message body limit, and exactly at it. */
export const BODY_LIMIT = 20_000;

export const TEXT_PAYLOADS: readonly string[] = [...XSS_PAYLOADS, ...URL_PAYLOADS, ...UNICODE_PAYLOADS];

/** Prototype-pollution shaped JSON (parsed with JSON.parse, which makes `__proto__` an own key). */
export const POLLUTION_ROW_JSON: readonly string[] = [
  '{"__proto__": {"polluted": "row"}}',
  '{"constructor": {"prototype": {"polluted": "row-ctor"}}}',
  '{"prototype": {"polluted": "row-proto"}}',
  '{"crmIds": {"__proto__": {"polluted": "nested"}}}',
  '{"crmIds": {"constructor": {"prototype": {"polluted": "nested-ctor"}}}}',
  '{"crmIds": {"__proto__": {"salesforce": "003-injected"}}}',
  '{"topics": {"__proto__": []}}',
];

/** True when some property named `polluted` (or an injected one) leaked into a shared prototype. */
export function prototypesPolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return (
    'polluted' in probe ||
    'salesforce' in probe ||
    'polluted' in Object.prototype ||
    'polluted' in Array.prototype ||
    'polluted' in Function.prototype ||
    'polluted' in String.prototype
  );
}

/** `[[[...]]]` nested `depth` deep, as text (JSON.stringify would itself recurse). */
export function nestedArrayJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
export function nestedObjectJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
