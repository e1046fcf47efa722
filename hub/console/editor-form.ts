/**
 * The editor's form as plain strings, and the row it saves. Lists are typed comma-separated (phrases
 * to avoid one per line); dates are days. A field the form does not show, or a date whose day did
 * not change, keeps exactly what the stored row had.
 */
import { asset as assetSchema, message as messageSchema, type Asset, type Message } from '../../lib/contract';
import type { ContentKind } from './routes';
import type { Draft } from './store';

export interface EditorForm {
  title: string;
  body: string;
  url: string;
  assetKind: string;
  personas: string;
  industries: string;
  stages: string;
  topics: string;
  validFrom: string;
  validUntil: string;
  avoidPhrases: string;
  status: 'approved' | 'draft' | 'retired';
  replacedBy: string;
}

const list = (values: readonly string[] | undefined, separator = ', ') => (values ?? []).join(separator);
const day = (value: string | undefined) => {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
};

export function formFrom(data: Draft | undefined): EditorForm {
  const row = (data ?? {}) as Partial<Message> & Partial<Asset>;
  return {
    title: row.title ?? '',
    body: row.body ?? '',
    url: row.url ?? '',
    assetKind: row.kind ?? '',
    personas: list(row.personas),
    industries: list(row.industries),
    stages: list(row.stages),
    topics: list(row.topics),
    validFrom: day(row.validFrom),
    validUntil: day(row.validUntil),
    avoidPhrases: list(row.avoidPhrases, '\n'),
    status: row.status ?? 'draft',
    replacedBy: row.replacedBy ?? '',
  };
}

function splitList(text: string, separator: RegExp = /[,\n]/): string[] | undefined {
  const values = text
    .split(separator)
    .map((value) => value.trim())
    .filter(Boolean);
  return values.length > 0 ? [...new Set(values)] : undefined;
}

/** The stored date string when the day is unchanged (it may carry a time), else the bare day. */
function dateField(formDay: string, stored: string | undefined): string | undefined {
  if (!formDay) return undefined;
  return stored && day(stored) === formDay ? stored : formDay;
}

/** An id from the title: readable in exports and URLs, unique by its random tail. */
export function newItemId(kind: ContentKind, title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${kind === 'asset' ? 'a' : 'm'}-${slug ? `${slug}-` : ''}${crypto.randomUUID().slice(0, 6)}`;
}

export interface BuiltRow {
  row?: Record<string, unknown>;
  /** Field → what is wrong, from the contract's own schema. */
  problems: Record<string, string>;
}

export function buildRow(kind: ContentKind, id: string, form: EditorForm, stored: Draft | undefined): BuiltRow {
  const base = { ...((stored ?? {}) as Record<string, unknown>) };
  const common: Record<string, unknown> = {
    ...base,
    id,
    title: form.title.trim(),
    personas: splitList(form.personas),
    industries: splitList(form.industries),
    stages: splitList(form.stages),
    status: form.status,
    validUntil: dateField(form.validUntil, base.validUntil as string | undefined),
    replacedBy: form.replacedBy.trim() || undefined,
  };
  const row: Record<string, unknown> =
    kind === 'message'
      ? {
          ...common,
          body: form.body,
          validFrom: dateField(form.validFrom, base.validFrom as string | undefined),
          avoidPhrases: splitList(form.avoidPhrases, /\n/),
        }
      : { ...common, url: form.url.trim(), kind: form.assetKind.trim(), topics: splitList(form.topics) };
  for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
  const problems: Record<string, string> = {};
  // The contract takes an empty title; reps would see an untitled card, so the editor does not.
  if (!form.title.trim()) problems.title = 'is required';
  if (kind === 'asset' && !form.assetKind.trim()) problems.kind = 'is required (deck, case study, one-pager…)';
  if (form.replacedBy.trim() === id) problems.replacedBy = 'cannot be the item itself';
  const parsed = (kind === 'message' ? messageSchema : assetSchema).safeParse(row);
  if (parsed.success && Object.keys(problems).length === 0) return { row, problems };
  if (parsed.success) return { problems };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    problems[field] ??= issue.message;
  }
  return { problems };
}
