/** The CSV import's two choices, as the options page and the console both offer them (same hooks). */
import type { DateOrder } from '../../lib/import/dates';
import { PRESETS } from '../../lib/import/presets/index';

const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  auto: 'Only unambiguous dates (ISO, or day above 12)',
  us: 'US: month/day/year',
  eu: 'Europe: day/month/year',
};

/** Which kind of export the file is; "Choose…" until one is picked. */
export function PresetSelect({ value, onChange, disabled }: { value: string; onChange(presetId: string): void; disabled?: boolean }) {
  return (
    <select data-testid="import-preset" value={value} disabled={disabled} onChange={(event) => onChange(event.currentTarget.value)}>
      {!value && <option value="">Choose…</option>}
      {PRESETS.map((preset) => (
        <option key={preset.id} value={preset.id}>
          {preset.label} → {preset.collection}
        </option>
      ))}
    </select>
  );
}

/** How a date that could be read either way is read. */
export function DateOrderSelect({ value, onChange }: { value: DateOrder; onChange(order: DateOrder): void }) {
  return (
    <select data-testid="import-date-order" value={value} onChange={(event) => onChange(event.currentTarget.value as DateOrder)}>
      {(Object.keys(DATE_ORDER_LABELS) as DateOrder[]).map((order) => (
        <option key={order} value={order}>
          {DATE_ORDER_LABELS[order]}
        </option>
      ))}
    </select>
  );
}
