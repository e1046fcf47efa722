/**
 * The local cache's budget (issue 17): how much this browser may keep of the workspace, and what it
 * holds now — the territory, the people looked up on the hub (kept a day), touches and content.
 * Past the budget, the least recently viewed people outside the territory go first, then the rest
 * of the territory least recently viewed first (they are looked up again when opened); usage events
 * not yet sent are never touched.
 */
import { useCallback, useEffect, useState } from 'react';
import { CACHE_BUDGET_MAX_MB, CACHE_BUDGET_MIN_MB, type CacheUsageView, type CollectionCounts, type PublicSettings } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { countOf } from '../shared/format';
import { LOCKED_HINT } from './HubPanel';

const CHOICES_MB = [256, 512, 1_024, 2_048, 4_096];

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function describeUsage(usage: CacheUsageView): string {
  const people = `${countOf(usage.prospects, 'person', 'people')} (${usage.inScope.toLocaleString('en')} in your territory, ${usage.lookedUp.toLocaleString('en')} looked up on your hub)`;
  const rest = `${countOf(usage.touches, 'touch', 'touches')}, ${countOf(usage.messages, 'message')} and ${countOf(usage.assets, 'asset')}`;
  return `Cuecard keeps ${people}, ${rest}: about ${size(usage.estimatedBytes)} of the ${size(usage.budgetBytes)} it may use.`;
}

export function StoragePanel({ settings, onSaved, counts }: { settings?: PublicSettings; onSaved(next: PublicSettings): void; counts?: CollectionCounts }) {
  const [usage, setUsage] = useState<CacheUsageView>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const locked = settings?.locked.includes('cacheBudgetMb') ?? false;
  const read = useCallback(() => {
    request({ type: 'store:usage' })
      .then(setUsage)
      .catch((error: Error) => setMessage({ text: error.message, error: true }));
  }, []);
  // Counts change after a sync or an import: read again.
  useEffect(read, [read, counts]);

  const budget = settings?.settings.cacheBudgetMb;
  const choices = budget && !CHOICES_MB.includes(budget) ? [...CHOICES_MB, budget].sort((a, b) => a - b) : CHOICES_MB;
  const save = async (mb: number) => {
    try {
      const next = await request({ type: 'settings:save', patch: { cacheBudgetMb: mb } });
      onSaved(next);
      setMessage({ text: `Cuecard keeps at most ${size(mb * 1024 * 1024)} in this browser.`, error: false });
      read();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  return (
    <section className="card" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage in this browser</h2>
      <p className="hint" data-testid="cache-usage">
        {usage ? describeUsage(usage) : 'Reading what this browser keeps…'}
      </p>
      <label htmlFor="cache-budget">Keep at most</label>
      <p className="hint">
        When Cuecard needs more room, people you opened outside your territory go first (they were looked up on your hub), then the people of your territory you have not viewed for longest. Opened again, they are looked up on your hub. Usage not yet sent is always kept.
      </p>
      <select
        id="cache-budget"
        data-testid="cache-budget"
        value={budget ?? ''}
        disabled={!settings || locked}
        onChange={(event) => void save(Number(event.target.value))}
      >
        {choices
          .filter((mb) => mb >= CACHE_BUDGET_MIN_MB && mb <= CACHE_BUDGET_MAX_MB)
          .map((mb) => (
            <option key={mb} value={mb}>
              {size(mb * 1024 * 1024)}
            </option>
          ))}
      </select>
      {locked && <small className="locked">{LOCKED_HINT}</small>}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'status error' : 'status'} data-testid="cache-budget-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
