/**
 * Header matching: which column of a file each logical field of a preset is read from.
 * Matching ignores case, spaces and punctuation ("Record ID" = "record_id" = "RecordId"), and a
 * Salesforce-style "Object: Field" header also matches "Field".
 */
import type { CsvPreset } from './preset';

/** "Record ID" → "recordid"; "Company / Account" → "companyaccount". */
export function headerKey(header: string): string {
  return header.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** For each logical field, the index of the column it is read from (absent fields are left out). */
export function matchColumns(preset: CsvPreset, header: readonly string[]): Map<string, number> {
  const byKey = new Map<string, number>();
  const bySuffix = new Map<string, number>();
  header.forEach((name, index) => {
    const key = headerKey(name);
    if (key && !byKey.has(key)) byKey.set(key, index);
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const suffix = headerKey(name.slice(colon + 1));
      if (suffix && !bySuffix.has(suffix)) bySuffix.set(suffix, index);
    }
  });
  const used = new Set<number>();
  const matched = new Map<string, number>();
  for (const [field, aliases] of Object.entries(preset.columns)) {
    for (const alias of aliases) {
      const key = headerKey(alias);
      const index = byKey.get(key) ?? bySuffix.get(key);
      if (index !== undefined && !used.has(index)) {
        matched.set(field, index);
        used.add(index);
        break;
      }
    }
  }
  return matched;
}

/** The required columns the header lacks, named as the preset's preferred header ("Email" or "A or B"). */
export function missingColumns(preset: CsvPreset, matched: ReadonlyMap<string, number>): string[] {
  const missing: string[] = [];
  for (const requirement of preset.required) {
    const options = typeof requirement === 'string' ? [requirement] : requirement;
    if (!options.some((field) => matched.has(field))) {
      missing.push(options.map((field) => `"${preset.columns[field]?.[0] ?? field}"`).join(' or '));
    }
  }
  return missing;
}
