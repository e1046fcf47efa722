/**
 * Imports from the console: a cuecard/v1 workspace file or a CSV export, through the same pipeline
 * as the extension's options page (lib/import: inspection, plan, presets, row report), with the
 * same preview and confirm step; the hub writes the rows (POST /v1/import) and answers the report.
 */
import { useState } from 'react';
import type { ImportReportResponse } from '../../lib/contract';
import { summarizeReport } from '../../lib/import/bundle';
import { inspectCsv } from '../../lib/import/csv/inspect';
import type { DateOrder } from '../../lib/import/dates';
import { planCsvImport, type CsvImportPlan } from '../../lib/import/plan';
import { reportFileName, reportToCsv } from '../../lib/import/report-csv';
import { DateOrderSelect, PresetSelect } from '../../components/shared/csv-options';
import { RowReport } from '../../components/shared/rejected-rows';
import { downloadCsv } from '../../components/shared/usage-report';
import { api } from './api';
import { STRINGS } from './strings';

const COLLECTION_NAMES = ['prospects', 'touches', 'messages', 'assets'] as const;

type Phase =
  | { kind: 'idle' }
  | { kind: 'reading'; file: File }
  | { kind: 'confirm-csv'; file: File; text: string; plan: CsvImportPlan }
  | { kind: 'confirm-bundle'; file: File; text: string; counts: Record<string, number>; workspace?: string }
  | { kind: 'running'; file: File }
  | { kind: 'done'; file: File; report: ImportReportResponse }
  | { kind: 'failed'; file?: File; message: string };

const isCsv = (file: File) => /\.(csv|tsv|txt)$/i.test(file.name) || /csv/.test(file.type);

export function ImportView() {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [presetId, setPresetId] = useState('');
  const [dateOrder, setDateOrder] = useState<DateOrder>('auto');

  async function onFile(file: File | undefined) {
    if (!file) return;
    setPhase({ kind: 'reading', file });
    try {
      const text = await file.text();
      if (isCsv(file)) {
        const plan = planCsvImport(await inspectCsv(text));
        if (plan.fatal) return setPhase({ kind: 'failed', file, message: plan.fatal });
        setPresetId(plan.preset?.id ?? '');
        setDateOrder(plan.dateOrder);
        return setPhase({ kind: 'confirm-csv', file, text, plan });
      }
      let value: unknown;
      try {
        value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (error) {
        return setPhase({ kind: 'failed', file, message: `${file.name} is not valid JSON (${(error as Error).message}). Nothing was imported.` });
      }
      const bundle = value as Record<string, unknown>;
      if (bundle?.format !== 'cuecard/v1') return setPhase({ kind: 'failed', file, message: `${file.name} is not a cuecard/v1 workspace file. Nothing was imported.` });
      const counts = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, Array.isArray(bundle[name]) ? (bundle[name] as unknown[]).length : 0]));
      setPhase({ kind: 'confirm-bundle', file, text, counts, workspace: typeof bundle.workspace === 'string' ? bundle.workspace : undefined });
    } catch (error) {
      setPhase({ kind: 'failed', file, message: (error as Error).message });
    }
  }

  async function run(file: File, send: () => Promise<ImportReportResponse>) {
    setPhase({ kind: 'running', file });
    try {
      setPhase({ kind: 'done', file, report: await send() });
    } catch (error) {
      setPhase({ kind: 'failed', file, message: `Import refused: ${(error as Error).message}` });
    }
  }

  const report = phase.kind === 'done' ? phase.report : undefined;
  const csvPlan = phase.kind === 'confirm-csv' ? phase.plan : undefined;

  return (
    <main className="view" data-view="imports" aria-busy={phase.kind === 'reading' || phase.kind === 'running'} aria-labelledby="imports-title">
      <h1 id="imports-title">{STRINGS.views.imports}</h1>
      <section className="card" aria-labelledby="import-title">
        <h2 id="import-title">Import a workspace file or an export</h2>
        <p className="hint">
          A <code>cuecard/v1</code> JSON workspace, or a CSV export from HubSpot, Marketo or Salesforce (or Cuecard’s own columns). Rows are checked one by one: bad rows are listed, good
          rows still import, and importing the same file again changes nothing. Reps get the rows at their next sync.
        </p>
        <label className="file-field">
          Workspace or CSV file
          <input
            data-testid="import-file"
            type="file"
            accept=".json,application/json,.csv,text/csv,.tsv,.txt"
            disabled={phase.kind === 'running'}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              void onFile(file);
            }}
          />
        </label>
        {phase.kind === 'confirm-bundle' && (
          <div className="confirm">
            <p>
              {phase.file.name}
              {phase.workspace ? ` (workspace “${phase.workspace}”)` : ''} holds{' '}
              {COLLECTION_NAMES.map((name) => `${phase.counts[name]!.toLocaleString('en')} ${name}`).join(', ')}.
            </p>
            <button type="button" data-testid="import-confirm" onClick={() => void run(phase.file, () => api.importBundle(phase.text))}>
              Import
            </button>
          </div>
        )}
        {phase.kind === 'confirm-csv' && csvPlan && (
          <div className="confirm csv-options">
            <label>
              File type
              <PresetSelect value={presetId} onChange={setPresetId} />
            </label>
            <label>
              Dates
              <DateOrderSelect value={dateOrder} onChange={setDateOrder} />
            </label>
            <p className="hint">
              {csvPlan.presetDoubt?.kind === 'none'
                ? `Cuecard could not tell what kind of export this is; the closest is “${csvPlan.presetDoubt.closest?.preset.label ?? '—'}”, which needs ${csvPlan.presetDoubt.closest?.missing.join(', ') || 'other columns'}.`
                : `This looks like “${csvPlan.preset?.label ?? '—'}”${csvPlan.presetDoubt ? ', but another kind fits almost as well' : ''}.`}{' '}
              {csvPlan.ambiguousDates ? `${csvPlan.ambiguousDates} dates could be read either way: choose the date format.` : ''} Check, then import.
            </p>
            <button
              type="button"
              data-testid="import-confirm"
              disabled={!presetId || (dateOrder === 'auto' && !!csvPlan.ambiguousDates)}
              onClick={() =>
                void run(phase.file, () => api.importCsv(phase.text, { preset: presetId, dateOrder: dateOrder === 'auto' ? undefined : dateOrder }))
              }
            >
              Import
            </button>
          </div>
        )}
        <p data-testid="import-status" role="status" className={phase.kind === 'failed' || report?.fatal ? 'status error' : 'status'}>
          {report
            ? summarizeReport(report)
            : phase.kind === 'failed'
              ? phase.message
              : phase.kind === 'running'
                ? `Importing ${phase.file.name}…`
                : phase.kind === 'reading'
                  ? `Reading ${phase.file.name}…`
                  : ''}
        </p>
        {report && phase.kind === 'done' && (report.errors.length > 0 || report.fatal) && (
          <RowReport report={report} onDownload={() => downloadCsv(reportFileName(phase.file.name), reportToCsv(report))} />
        )}
      </section>
    </main>
  );
}
