/**
 * CSV imports on the hub (`POST /v1/import` with a CSV body, `npm run hub -- import FILE.csv`):
 * the extension's own pipeline (lib/import: detection, plan, presets, row validation, chunking)
 * writing into the hub's change log, with people in vendor exports matched to the prospects
 * already on the hub by the same rule as in the extension (lib/match/prospects.ts).
 *
 * There is no confirm step on a server: a file whose kind or date order is in doubt (the same
 * plan the options page asks the rep about) is refused with the candidates named, and the caller
 * says which (`preset`, `dateOrder`).
 */
import { z } from 'zod';
import type { Prospect } from '../lib/contract';
import { importCsv, type CsvImportReport } from '../lib/import/csv/import';
import { inspectCsv } from '../lib/import/csv/inspect';
import type { DateOrder } from '../lib/import/dates';
import { planCsvImport } from '../lib/import/plan';
import type { PresetMatch } from '../lib/import/presets/detect';
import { PRESETS, presetById } from '../lib/import/presets/index';
import type { CsvPreset } from '../lib/import/presets/preset';
import { crmKey, normalizeEmail, stripPlusTag } from '../lib/match/keys';
import { matchProspects, type ProspectLookup, type ProspectResolver } from '../lib/match/prospects';
import type { HubDb, Queryable } from './db';
import { hubImportSink, toJsonParam } from './store';

export const csvImportQuery = z.object({
  preset: z
    .string()
    .max(64)
    .refine((id) => presetById(id) !== undefined, { message: `must be one of ${PRESETS.map((preset) => preset.id).join(', ')}` })
    .optional(),
  dateOrder: z.enum(['us', 'eu']).optional(),
});
export type CsvImportQuery = z.infer<typeof csvImportQuery>;

/** Why a file was not imported at all, with what the caller can do about it. */
export class CsvImportRefused extends Error {
  constructor(
    readonly code: 'invalid_csv' | 'preset_required' | 'date_order_required',
    message: string,
  ) {
    super(message);
  }
}

const KEY_PARTS = ['email', 'salesforce', 'hubspot', 'pipedrive', 'dynamics', 'marketo', 'mautic'] as const;
type KeyPart = (typeof KEY_PARTS)[number];

/** The same spelling as cuecard_prospect_key() (migration 2): emails plus-stripped, ids as crmKey spells them. */
function lookupKeys(lookups: readonly ProspectLookup[]): Record<KeyPart, string[]> {
  const keys = Object.fromEntries(KEY_PARTS.map((part) => [part, new Set<string>()])) as Record<KeyPart, Set<string>>;
  for (const lookup of lookups) {
    if (lookup.email) keys.email.add(stripPlusTag(normalizeEmail(lookup.email)));
    for (const id of lookup.ids ?? []) keys[id.system].add(crmKey(id.system, id.recordId).slice(id.system.length + 1));
  }
  return Object.fromEntries(KEY_PARTS.map((part) => [part, [...keys[part]]])) as Record<KeyPart, string[]>;
}

/** One query per chunk over the key indexes (migrations 2 and 3), then the extension's exact rule. */
export function hubProspectResolver(db: Queryable): ProspectResolver {
  return async (lookups) => {
    const keys = lookupKeys(lookups);
    const parts = KEY_PARTS.filter((part) => keys[part].length > 0);
    if (parts.length === 0) return lookups.map(() => undefined);
    const conditions = parts.map(
      (part, index) => `cuecard_prospect_key(data, '${part}') = ANY(ARRAY(SELECT json_array_elements_text($${index + 1}::json)))`,
    );
    // One result row: PGlite hands each result row to JS separately.
    const result = await db.query<{ rows: string }>(
      `SELECT coalesce(json_agg(data ORDER BY seq), '[]')::text AS rows FROM changes
       WHERE kind = 'prospect' AND op = 'upsert' AND (${conditions.join(' OR ')})`,
      parts.map((part) => toJsonParam(keys[part])),
    );
    return matchProspects(lookups, JSON.parse(result.rows[0]?.rows ?? '[]') as Prospect[]);
  };
}

function presetList(presets: readonly PresetMatch[]): string {
  return presets
    .slice(0, 3)
    .map(({ preset, confidence }) => `"${preset.id}" (${preset.label}, ${Math.round(confidence * 100)} %)`)
    .join(', ');
}

/** The plan the options page would show, minus the human: anything in doubt is refused, naming what to send. */
export async function planHubCsvImport(text: string, query: CsvImportQuery): Promise<{ preset: CsvPreset; dateOrder: DateOrder }> {
  const plan = planCsvImport(await inspectCsv(text), { presetId: query.preset, dateOrder: query.dateOrder });
  if (plan.fatal) throw new CsvImportRefused('invalid_csv', plan.fatal);
  if (plan.presetDoubt?.kind === 'several') {
    throw new CsvImportRefused(
      'preset_required',
      `This CSV could be more than one kind of export: ${presetList(plan.presetDoubt.candidates)}. Say which with ?preset=<id>. Nothing was imported.`,
    );
  }
  if (plan.presetDoubt?.kind === 'none' || !plan.preset) {
    const closest = plan.presetDoubt?.kind === 'none' ? plan.presetDoubt.closest : undefined;
    throw new CsvImportRefused(
      'invalid_csv',
      `Cuecard could not tell what kind of export this is${closest ? `; the closest is "${closest.preset.id}" (${closest.preset.label}), which needs ${closest.missing.join(', ')}` : ''}. Nothing was imported.`,
    );
  }
  if (plan.ambiguousDates) {
    throw new CsvImportRefused(
      'date_order_required',
      'Dates such as 03/04/2026 in this file could be March 4 or 3 April. Say which with ?dateOrder=us (month first) or ?dateOrder=eu (day first). Nothing was imported.',
    );
  }
  return { preset: plan.preset, dateOrder: plan.dateOrder };
}

/** Never throws for bad rows (they come back in the report); throws CsvImportRefused for a file it will not start on. */
export async function importCsvIntoHub(
  db: HubDb,
  text: string,
  query: CsvImportQuery,
  onProgress?: (rowsRead: number) => void,
): Promise<CsvImportReport> {
  const plan = await planHubCsvImport(text, query);
  return importCsv(text, plan.preset, hubImportSink(db), {
    dateOrder: plan.dateOrder,
    resolveProspects: hubProspectResolver(db),
    onProgress: onProgress ? (progress) => onProgress(progress.rowsRead) : undefined,
  });
}
