/** Which preset a header row is: every preset scored, best first, with what each one lacks. */
import { matchColumns, missingColumns } from './columns';
import { PRESETS } from './index';
import type { CsvPreset } from './preset';

export interface PresetMatch {
  preset: CsvPreset;
  /** 0..1; below 0.5 the file lacks a required column for this preset. */
  confidence: number;
  missing: string[];
  /** Named columns of the file this preset does not read. */
  unexplained: number;
}

export interface PresetDetection {
  best: PresetMatch | undefined;
  /** Every other preset, best first. */
  alternatives: PresetMatch[];
  /** True when the user should confirm the preset: low confidence, or a close runner-up. */
  needsConfirmation: boolean;
}

/** Scores every preset against a header row. Required columns first, then the export's typical columns. */
export function detectPreset(headerRow: readonly string[]): PresetDetection {
  const matches = PRESETS.map((preset): PresetMatch => {
    const matched = matchColumns(preset, headerRow);
    const missing = missingColumns(preset, matched);
    const fields = Object.keys(preset.columns);
    const coverage = fields.filter((field) => matched.has(field)).length / fields.length;
    const signature = preset.signature.filter((field) => matched.has(field)).length / preset.signature.length;
    // Share of the file's columns this preset understands: our own presets must not win on a vendor file
    // just because "email" and "id" appear in both.
    const understood = headerRow.length > 0 ? matched.size / headerRow.length : 0;
    const score = 0.5 * signature + 0.3 * coverage + 0.2 * understood;
    const confidence = missing.length > 0 ? Math.min(0.45, score * 0.45) : 0.5 + 0.5 * score;
    const unexplained = headerRow.filter((name) => name.trim()).length - matched.size;
    return { preset, confidence: Math.round(confidence * 100) / 100, missing, unexplained };
  }).sort((a, b) => b.confidence - a.confidence);
  const [first, second] = matches;
  const best = first && first.missing.length === 0 ? first : undefined;
  const closeCall =
    best !== undefined &&
    second !== undefined &&
    second.missing.length === 0 &&
    best.confidence - second.confidence < 0.1 &&
    // A runner-up that leaves columns unread which the best reads is no real alternative: the file
    // carries columns only the best knows (a Marketo lead extract's sfdcLeadId next to Lead Status).
    !(best.unexplained === 0 && second.unexplained > 0);
  return {
    best,
    alternatives: best ? matches.slice(1) : matches,
    needsConfirmation: !best || best.confidence < 0.7 || closeCall,
  };
}
