import { useRef, useState } from 'react';
import type { CollectionCounts } from '../../lib/contract';
import { summarizeReport, type ImportProgress, type ImportReport } from '../../lib/store/import-bundle';
import { importFile } from '../../lib/ui/import-runner';

interface Props {
  onImported(): void;
}

type Phase = { kind: 'idle' } | { kind: 'running'; progress?: ImportProgress } | { kind: 'done'; report: ImportReport } | { kind: 'failed'; message: string };

export function ImportPanel({ onImported }: Props) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const abortRef = useRef<AbortController | null>(null);

  async function onFile(file: File | undefined) {
    if (!file) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase({ kind: 'running' });
    try {
      const report = await importFile(file, {
        signal: controller.signal,
        onProgress: (progress) => setPhase({ kind: 'running', progress }),
      });
      setPhase({ kind: 'done', report });
    } catch (error) {
      setPhase({ kind: 'failed', message: `Import stopped: ${(error as Error).message} Rows already written are kept; importing the file again is safe.` });
    } finally {
      abortRef.current = null;
      onImported();
    }
  }

  const percent =
    phase.kind === 'running' && phase.progress && phase.progress.total > 0
      ? Math.round((phase.progress.done / phase.progress.total) * 100)
      : undefined;

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import a workspace file</h2>
      <p className="hint">
        A <code>cuecard/v1</code> JSON file from marketing. Importing the same file again updates rows by id and never duplicates them.
      </p>
      <label className="file">
        <span>Choose file…</span>
        <input
          data-testid="import-file"
          type="file"
          accept=".json,application/json"
          disabled={phase.kind === 'running'}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            void onFile(file);
          }}
        />
      </label>
      {phase.kind === 'running' && (
        <div className="progress-row">
          <progress max={100} value={percent} aria-label="Import progress" />
          <span>{phase.progress ? `${phase.progress.collection}: ${phase.progress.done.toLocaleString('en')} of ${phase.progress.total.toLocaleString('en')}` : 'Reading file…'}</span>
          <button type="button" className="secondary" onClick={() => abortRef.current?.abort()}>
            Cancel
          </button>
        </div>
      )}
      <p data-testid="import-status" role="status" className={phase.kind === 'failed' || (phase.kind === 'done' && phase.report.fatal) ? 'status error' : 'status'}>
        {phase.kind === 'done' ? summarizeReport(phase.report) : phase.kind === 'failed' ? phase.message : phase.kind === 'running' ? 'Importing…' : ''}
      </p>
      {phase.kind === 'done' && phase.report.errors.length > 0 && (
        <table className="errors">
          <caption>
            First {phase.report.errors.length} of {phase.report.rejected} rejected rows
          </caption>
          <thead>
            <tr>
              <th>Collection</th>
              <th>Row</th>
              <th>Field</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {phase.report.errors.map((error) => (
              <tr key={`${error.collection}-${error.row}`}>
                <td>{error.collection}</td>
                <td>{error.row}</td>
                <td>{error.field}</td>
                <td>{error.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
