/**
 * The plan step of a CSV import: from an inspection (inspectCsv), which preset and date order to
 * import with, or what is in doubt. The options page and the hub make the same decision; the page
 * then asks the rep (`import-preset`, `import-confirm`), the hub refuses with the candidates named.
 *
 * Invariants
 * - A caller's choice (preset, date order) is never second-guessed.
 * - A preset is decided only when detection is confident (detectPreset's needsConfirmation);
 *   otherwise the candidates are the detected preset and every other one the file fully fits.
 * - The date order is decided when the sampled dates settle it (one unambiguous date settles the
 *   file: exports use one locale throughout) or when no sampled date could be read either way.
 */
import type { DateOrder } from './dates';
import type { CsvInspection } from './csv/inspect';
import type { PresetMatch } from './presets/detect';
import { presetById } from './presets/index';
import type { CsvPreset } from './presets/preset';

export type PresetDoubt =
  /** The file fits, but detection is not sure which kind it is. */
  | { kind: 'several'; candidates: PresetMatch[] }
  /** No preset has every column it requires; `closest` names what it lacks. */
  | { kind: 'none'; closest?: PresetMatch };

export interface CsvImportPlan {
  /** The file cannot be imported with any preset (empty, one column): there is nothing to confirm. */
  fatal?: string;
  /** The caller's preset, else the detected one, else the closest (to offer, with presetDoubt set). */
  preset?: CsvPreset;
  dateOrder: DateOrder;
  presetDoubt?: PresetDoubt;
  /** Sampled dates that read either way (03/04/2026) while nothing settles the order. */
  ambiguousDates?: number;
  /** Nothing in doubt: import now with `preset` and `dateOrder`. */
  ready: boolean;
}

export interface CsvPlanChoice {
  presetId?: string;
  dateOrder?: DateOrder;
}

export function planCsvImport(inspection: CsvInspection, choice: CsvPlanChoice = {}): CsvImportPlan {
  const dateOrder = choice.dateOrder ?? inspection.dates.suggested;
  if (inspection.fatal) return { fatal: inspection.fatal, dateOrder, ready: false };
  const { detection } = inspection;
  const chosen = choice.presetId === undefined ? undefined : presetById(choice.presetId);
  let preset: CsvPreset | undefined;
  let presetDoubt: PresetDoubt | undefined;
  if (chosen) {
    preset = chosen;
  } else if (detection.best) {
    preset = detection.best.preset;
    if (detection.needsConfirmation) {
      presetDoubt = { kind: 'several', candidates: [detection.best, ...detection.alternatives.filter((match) => match.missing.length === 0)] };
    }
  } else {
    const closest = detection.alternatives[0];
    preset = closest?.preset;
    presetDoubt = { kind: 'none', ...(closest ? { closest } : {}) };
  }
  const ambiguousDates = dateOrder === 'auto' && inspection.dates.ambiguous > 0 ? inspection.dates.ambiguous : undefined;
  return {
    ...(preset ? { preset } : {}),
    dateOrder,
    ...(presetDoubt ? { presetDoubt } : {}),
    ...(ambiguousDates ? { ambiguousDates } : {}),
    ready: preset !== undefined && !presetDoubt && !ambiguousDates,
  };
}
