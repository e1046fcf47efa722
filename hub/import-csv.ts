/**
 * CSV imports on the hub (`POST /v1/import` with a CSV body, `npm run hub -- import FILE.csv`):
 * the extension's own pipeline (lib/store/csv: detection, presets, row validation, chunking)
 * writing into the hub's change log, with people in vendor exports matched to the prospects
 * already on the hub by the same rule as in the extension (matchProspects).
 *
 * There is no confirm step on a server: a file whose kind or date order is in doubt is refused
 * with the candidates named, and the caller says which (`preset`, `dateOrder`).
 */
import { z } from 'zod';
import type { Prospect } from '../lib/contract';
import { crmKey, emailKeys } from '../lib/match/keys';
import { importCsv, inspectCsv, matchProspects, type CsvImportReport, type ProspectResolver } from '../lib/store/csv/import-csv';
import { PRESETS, presetById, type CsvPreset, type DateOrder, type ProspectLookup } from '../lib/store/csv/presets';
import { toStoredProspect } from '../lib/store/rows';
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

const KEY_PARTS = ['email', 'salesforce', 'hubspot', 'pipedrive', 'dynamics'] as const;
type KeyPart = (typeof KEY_PARTS)[number];

/** The same spelling as cuecard_prospect_key() in migration 2. */
function lookupKeys(lookups: readonly ProspectLookup[]): Record<KeyPart, string[]> {
  const keys = Object.fromEntries(KEY_PARTS.map((part) => [part, new Set<string>()])) as Record<KeyPart, Set<string>>;
  for (const lookup of lookups) {
    if (lookup.email) for (const key of emailKeys(lookup.email)) keys.email.add(key.replace(/^([^@+]+)\+[^@]*@/, '$1@'));
    if (lookup.crm) keys[lookup.crm.system].add(crmKey(lookup.crm.system, lookup.crm.recordId).slice(lookup.crm.system.length + 1));
  }
  return Object.fromEntries(KEY_PARTS.map((part) => [part, [...keys[part]]])) as Record<KeyPart, string[]>;
}

/** One query per chunk over the key indexes of migration 2, then the extension's exact rule. */
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
    const candidates = (JSON.parse(result.rows[0]?.rows ?? '[]') as Prospect[]).map(toStoredProspect);
    return matchProspects(lookups, candidates);
  };
}

function presetList(presets: readonly { preset: CsvPreset; confidence: number }[]): string {
  return presets
    .slice(0, 3)
    .map(({ preset, confidence }) => `"${preset.id}" (${preset.label}, ${Math.round(confidence * 100)} %)`)
    .join(', ');
}

/** Chooses the preset and date order as the options page would, minus the human: doubt is an error. */
export async function planCsvImport(text: string, query: CsvImportQuery): Promise<{ preset: CsvPreset; dateOrder: DateOrder }> {
  const inspection = await inspectCsv(text);
  if (inspection.fatal) throw new CsvImportRefused('invalid_csv', inspection.fatal);
  const { detection } = inspection;
  let preset: CsvPreset;
  if (query.preset) {
    preset = presetById(query.preset)!;
  } else if (detection.best && !detection.needsConfirmation) {
    preset = detection.best.preset;
  } else if (detection.best) {
    throw new CsvImportRefused(
      'preset_required',
      `This CSV could be more than one kind of export: ${presetList([detection.best, ...detection.alternatives.filter((m) => m.missing.length === 0)])}. Say which with ?preset=<id>. Nothing was imported.`,
    );
  } else {
    const closest = detection.alternatives[0];
    throw new CsvImportRefused(
      'invalid_csv',
      `Cuecard could not tell what kind of export this is${closest ? `; the closest is "${closest.preset.id}" (${closest.preset.label}), which needs ${closest.missing.join(', ')}` : ''}. Nothing was imported.`,
    );
  }
  const dateOrder: DateOrder = query.dateOrder ?? inspection.dates.suggested;
  if (dateOrder === 'auto' && inspection.dates.ambiguous > 0) {
    throw new CsvImportRefused(
      'date_order_required',
      'Dates such as 03/04/2026 in this file could be March 4 or 3 April. Say which with ?dateOrder=us (month first) or ?dateOrder=eu (day first). Nothing was imported.',
    );
  }
  return { preset, dateOrder };
}

/** Never throws for bad rows (they come back in the report); throws CsvImportRefused for a file it will not start on. */
export async function importCsvIntoHub(
  db: HubDb,
  text: string,
  query: CsvImportQuery,
  onProgress?: (rowsRead: number) => void,
): Promise<CsvImportReport> {
  const plan = await planCsvImport(text, query);
  return importCsv(text, plan.preset, hubImportSink(db), {
    dateOrder: plan.dateOrder,
    resolveProspects: hubProspectResolver(db),
    onProgress: onProgress ? (progress) => onProgress(progress.rowsRead) : undefined,
  });
}
