/**
 * Fills {{first_name}}-style variables in approved messaging. Whatever the input, no "{{…}}"
 * survives: a missing value gets a neutral fallback, an unknown variable is removed, and both are
 * reported so the sidebar can tell the rep what to check before sending.
 */

export const TEMPLATE_VARIABLES = ['first_name', 'last_name', 'company', 'title', 'rep_name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | undefined>>;

export const TEMPLATE_FALLBACKS: Record<TemplateVariable, string> = {
  first_name: 'there',
  last_name: '',
  company: 'your team',
  title: 'your role',
  rep_name: '',
};

export interface FilledTemplate {
  text: string;
  /** Variables that had no value (fallback used) or that are unknown (removed), in order of first use. */
  missing: string[];
  /** The unknown ones among `missing`: a typo in marketing's template rather than a gap in the CRM. */
  unknown: string[];
}

/** `{{ name }}`: no braces inside, so `{{{x}}}` and nested `{{a {{b}} }}` resolve from the inside out. */
const VARIABLE = /\{\{([^{}]*)\}\}/g;
const ANY_VARIABLE = /\{\{[^{}]*\}\}/;
/** Bidi overrides/isolates and control characters: a company name must not flip the rest of the email. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Private-use marker for a variable that filled to nothing, so the space before it can go too. */
const EMPTY_MARK = '\uE000';
const REPORTED_NAME_MAX = 60;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/** Removes control and bidi-override characters; tabs and line breaks stay. */
export function stripUnsafeText(value: string): string {
  return value.replace(UNSAFE, '');
}

function cleanValue(value: string | undefined): string {
  if (value === undefined) return '';
  return value.replace(UNSAFE, '').replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

function variableName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function fillTemplate(body: string, values: TemplateValues): FilledTemplate {
  const missing: string[] = [];
  const unknown: string[] = [];
  const note = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  const clean: Partial<Record<TemplateVariable, string>> = {};
  for (const name of TEMPLATE_VARIABLES) clean[name] = cleanValue(values[name]);

  let text = body.replace(/\uE000/g, '');
  // Each pass removes at least one {{…}}, so this ends; it loops only for nested braces.
  while (ANY_VARIABLE.test(text)) {
    text = text.replace(VARIABLE, (_match, raw: string) => {
      const name = variableName(raw);
      if (KNOWN.has(name)) {
        const known = name as TemplateVariable;
        const value = clean[known];
        if (value) return value;
        note(missing, known);
        return TEMPLATE_FALLBACKS[known] || EMPTY_MARK;
      }
      const reported = name.slice(0, REPORTED_NAME_MAX) || '(empty)';
      note(missing, reported);
      note(unknown, reported);
      return EMPTY_MARK;
    });
  }
  text = text
    // "Hi {{first_name}} {{last_name}}," with no last name reads "Hi Dana," not "Hi Dana ,".
    .replace(/[ \t]+\uE000(?=[ \t]|[,.;:!?)]|$)/gm, '')
    .replace(/\uE000/g, '')
    .replace(/\s+$/, '');
  return { text, missing, unknown };
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'sir', 'dame']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'cpa', 'esq']);
/** Surname particles: "Ana Da Silva" has the last name "Da Silva", not "Silva". */
const PARTICLES = new Set(['da', 'de', 'del', 'della', 'der', 'di', 'do', 'dos', 'das', 'du', 'la', 'le', 'van', 'von', 'den', 'ter', 'bin', 'al', 'el', 'st', 'mac']);

function nameParts(name: string | undefined): string[] {
  if (!name) return [];
  const cleaned = cleanValue(name);
  if (!cleaned || cleaned.includes('@')) return [];
  // "Whitfield, Dana" (CRM export order) → "Dana Whitfield"
  const comma = cleaned.indexOf(',');
  const ordered =
    comma > 0 && !SUFFIXES.has(cleaned.slice(comma + 1).trim().replace(/\./g, '').toLowerCase())
      ? `${cleaned.slice(comma + 1)} ${cleaned.slice(0, comma)}`
      : cleaned.replace(/,/g, ' ');
  const parts = ordered.split(/\s+/).filter(Boolean);
  const key = (part: string) => part.replace(/\./g, '').toLowerCase();
  while (parts.length > 1 && HONORIFICS.has(key(parts[0] ?? ''))) parts.shift();
  while (parts.length > 1 && SUFFIXES.has(key(parts[parts.length - 1] ?? ''))) parts.pop();
  return parts;
}

export function firstName(name: string | undefined): string | undefined {
  return nameParts(name)[0];
}

export function lastName(name: string | undefined): string | undefined {
  const parts = nameParts(name);
  if (parts.length < 2) return undefined;
  let start = parts.length - 1;
  while (start > 1 && PARTICLES.has((parts[start - 1] ?? '').toLowerCase())) start--;
  return parts.slice(start).join(' ');
}
