/** "Load demo workspace": a generated workspace through the same import pipeline as a file. */
import { useState } from 'react';
import { generateWorkspace } from '../../lib/demo/generate';
import { importBundle, summarizeReport } from '../../lib/import/bundle';
import { backgroundSink } from './import-runner';

export function DemoPanel({ onImported }: { onImported(): void }) {
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    setStatus('Generating the demo workspace…');
    try {
      const bundle = generateWorkspace({ prospects: 300, touches: 6_000, seed: 7 });
      const report = await importBundle(bundle, backgroundSink);
      setStatus(`Demo workspace loaded. ${summarizeReport(report)}`);
      onImported();
    } catch (error) {
      setStatus(`The demo workspace could not be loaded: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Demo workspace</h2>
      <p className="hint">300 fictional prospects with marketing history, messaging and assets, to try Cuecard without a hub.</p>
      <button data-testid="load-demo" type="button" className="secondary" disabled={busy} onClick={() => void load()}>
        Load demo workspace
      </button>
      {status && (
        <p role="status" className="status" data-testid="demo-status">
          {status}
        </p>
      )}
    </section>
  );
}
