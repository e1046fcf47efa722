import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollectionCounts, ImportJournalEntry } from '../../lib/contract';
import { emptyImportReport, summarizeReport, type ImportReport } from '../../lib/import/bundle';
import { inspectCsv } from '../../lib/import/csv/inspect';
import type { DateOrder } from '../../lib/import/dates';
import { planCsvImport, type CsvImportPlan } from '../../lib/import/plan';
import { presetById } from '../../lib/import/presets/index';
import { reportFileName, reportToCsv } from '../../lib/import/report-csv';
import { DateOrderSelect, PresetSelect } from '../shared/csv-options';
import { RowReport } from '../shared/rejected-rows';
import { downloadCsv } from '../shared/usage-report';
import { describeInterruptedImport, dismissInterruptedImport, loadInterruptedImports } from '../shared/interrupted-imports';
import { importCsvFile, importJsonFile, isCsvFile } from './import-runner';

interface Props {
  onImported(): void;
}

interface Progress {
  label: string;
  /** 0..100, undefined while unknown. */
  percent?: number;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'confirm'; file: File; plan: CsvImportPlan }
  | { kind: 'running'; file: File; progress?: Progress }
  | { kind: 'done'; file: File; report: ImportReport }
  | { kind: 'failed'; message: string };

export function ImportPanel({ onImported }: Props) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [presetId, setPresetId] = useState<string>('');
  const [dateOrder, setDateOrder] = useState<DateOrder>('auto');
  const abortRef = useRef<AbortController | null>(null);
  const [interrupted, setInterrupted] = useState<ImportJournalEntry[]>([]);
  /** Times a chunk was sent again because Cuecard's background restarted under it. */
  const [reconnects, setReconnects] = useState(0);
  const refreshInterrupted = useCallback(() => {
    loadInterruptedImports()
      .then(setInterrupted)
      .catch(() => undefined);
  }, []);
  useEffect(refreshInterrupted, [refreshInterrupted]);

  async function run(file: File, csv?: { presetId: string; dateOrder: DateOrder }) {
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase({ kind: 'running', file });
    setReconnects(0);
    const resilience = {
      onRetry: (retry: number, error: unknown) => {
        setReconnects((n) => n + 1);
        // Which words the browser used is what tells a stopped worker from other failures.
        console.info(`[cuecard] background gone, sending the chunk again (retry ${retry}): ${(error as Error)?.message}`);
      },
    };
    try {
      let report: ImportReport;
      if (csv) {
        const preset = presetById(csv.presetId);
        if (!preset) throw new Error('Choose what kind of file this is.');
        report = await importCsvFile(file, preset, {
          dateOrder: csv.dateOrder,
          signal: controller.signal,
          onProgress: (p) =>
            setPhase({
              kind: 'running',
              file,
              progress: { label: `${p.rowsRead.toLocaleString('en')} rows read`, percent: p.total > 0 ? Math.round((p.done / p.total) * 100) : undefined },
            }),
        }, resilience);
      } else {
        report = await importJsonFile(file, {
          signal: controller.signal,
          onProgress: (p) =>
            setPhase({
              kind: 'running',
              file,
              progress: { label: `${p.collection}: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}`, percent: p.total > 0 ? Math.round((p.done / p.total) * 100) : undefined },
            }),
        }, resilience);
      }
      setPhase({ kind: 'done', file, report });
    } catch (error) {
      setPhase({ kind: 'failed', message: `Import stopped: ${(error as Error).message} Rows already written are kept; importing the file again is safe.` });
    } finally {
      abortRef.current = null;
      onImported();
      // A finished import of the same file settles an earlier one that stopped.
      refreshInterrupted();
    }
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (!isCsvFile(file)) return run(file);
    const plan = planCsvImport(await inspectCsv(file));
    if (plan.fatal) {
      setPhase({ kind: 'done', file, report: { ...emptyImportReport(), fatal: plan.fatal } });
      return;
    }
    // With no full match the plan offers the closest kind: importing then names the columns it lacks.
    setPresetId(plan.preset?.id ?? '');
    setDateOrder(plan.dateOrder);
    setPhase({ kind: 'confirm', file, plan });
    // Nothing in doubt goes straight in; anything doubtful waits for the rep.
    if (plan.ready && plan.preset) return run(file, { presetId: plan.preset.id, dateOrder: plan.dateOrder });
  }

  const running = phase.kind === 'running';
  const csvFile = phase.kind === 'confirm' || ((phase.kind === 'running' || phase.kind === 'done') && isCsvFile(phase.file));
  const plan = phase.kind === 'confirm' ? phase.plan : undefined;
  const report = phase.kind === 'done' ? phase.report : undefined;

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import a workspace or an export</h2>
      <p className="hint">
        A <code>cuecard/v1</code> JSON workspace from marketing, or a CSV export from HubSpot, Marketo or Salesforce (or Cuecard’s own columns).
        Importing the same file again updates rows by id and never duplicates them.
      </p>
      <input
        data-testid="import-file"
        type="file"
        aria-label="Workspace or CSV file"
        accept=".json,application/json,.csv,text/csv,.tsv,.txt"
        disabled={running}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          void onFile(file);
        }}
      />
      {csvFile && (
        <div className="csv-options">
          <label>
            File type{' '}
            <PresetSelect value={presetId} disabled={running || phase.kind === 'done'} onChange={setPresetId} />
          </label>
          {plan && (
            <label>
              Dates{' '}
              <DateOrderSelect value={dateOrder} onChange={setDateOrder} />
            </label>
          )}
          {phase.kind === 'confirm' && (
            <>
              <p className="hint">
                {plan?.presetDoubt?.kind === 'none'
                  ? `Cuecard could not tell what kind of export this is; the closest is “${plan.presetDoubt.closest?.preset.label ?? '—'}”, which needs ${plan.presetDoubt.closest?.missing.join(', ') || 'other columns'}.`
                  : `This looks like “${plan?.preset?.label ?? '—'}”${plan?.presetDoubt ? ', but another kind fits almost as well' : ''}.`}{' '}
                {plan?.ambiguousDates ? `${plan.ambiguousDates} dates could be read either way: choose the date format.` : ''} Check, then import.
              </p>
              <button type="button" data-testid="import-confirm" disabled={!presetId} onClick={() => void run(phase.file, { presetId, dateOrder })}>
                Import
              </button>
            </>
          )}
        </div>
      )}
      {phase.kind === 'running' && (
        <div className="progress-row">
          <progress max={100} value={phase.progress?.percent} aria-label="Import progress" />
          <span>{phase.progress?.label ?? 'Reading file…'}</span>
          <button type="button" className="secondary" onClick={() => abortRef.current?.abort()}>
            Cancel
          </button>
        </div>
      )}
      {interrupted.map((entry) => (
        <div key={entry.id} className="status error import-interrupted" role="alert">
          <p data-testid="import-interrupted" data-journal-id={entry.id} data-rows-written={entry.rowsWritten}>
            {describeInterruptedImport(entry)}
          </p>
          <button
            type="button"
            className="secondary"
            data-testid="import-interrupted-dismiss"
            onClick={() => void dismissInterruptedImport(entry.id).then(refreshInterrupted, refreshInterrupted)}
          >
            Dismiss
          </button>
        </div>
      ))}
      {reconnects > 0 && (phase.kind === 'running' || phase.kind === 'done') && (
        <p className="hint" data-testid="import-reconnects">
          Cuecard’s background restarted during this import; chunks were sent again {reconnects === 1 ? 'once' : `${reconnects} times`}, and rows are never doubled.
        </p>
      )}
      <p data-testid="import-status" role="status" className={phase.kind === 'failed' || report?.fatal ? 'status error' : 'status'}>
        {report ? summarizeReport(report) : phase.kind === 'failed' ? phase.message : running ? 'Importing…' : ''}
      </p>
      {report && (report.errors.length > 0 || report.fatal) && phase.kind === 'done' && (
        <RowReport report={report} onDownload={() => downloadCsv(reportFileName(phase.file.name), reportToCsv(report))} />
      )}
    </section>
  );
}

export function CountsPanel({ counts }: { counts?: CollectionCounts }) {
  return (
    <section className="card" aria-labelledby="counts-title">
      <h2 id="counts-title">In this browser</h2>
      {counts ? (
        <dl className="counts" data-testid="store-counts">
          {Object.entries(counts).map(([name, count]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{count.toLocaleString('en')}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="hint">Loading…</p>
      )}
    </section>
  );
}
