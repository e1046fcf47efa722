/**
 * A running hub runs each enabled connector when it is due (`connectors.next_run_at`, every 15
 * minutes by default, `--connector-interval`), skipping paused ones until `paused_until`.
 *
 * Every hub instance on one database runs a scheduler; the lease (lease.ts) lets one of them run
 * a given connector, and a run re-checks that the connector is still due once it holds the lease,
 * so an instance that saw it due a moment before another finished it does not run it again. The
 * only thing kept in memory is which runs this process has going, to stop them on shutdown.
 */
import type { HubDb } from '../db';
import { leaseOwner } from './lease';
import { DEFAULT_INTERVAL_MINUTES, runConnector, type RunOptions, type RunResult } from './runtime';
import type { SecretBox } from '../secret-box';

export interface SchedulerOptions {
  db: HubDb;
  secrets: SecretBox;
  intervalMinutes?: number;
  /** How often to look for due connectors (default: a minute, or the interval when shorter). */
  tickMs?: number;
  label?: string;
  log?: (line: string) => void;
  adapters?: RunOptions['adapters'];
  sleep?: RunOptions['sleep'];
  onRun?: (connectorId: string, result: RunResult) => void;
}

export interface ConnectorScheduler {
  /** Looks for due connectors once and starts their runs; resolves when those runs end. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startConnectorScheduler(options: SchedulerOptions): ConnectorScheduler {
  const interval = options.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
  const tickMs = options.tickMs ?? Math.max(1_000, Math.min(60_000, interval * 60_000));
  const owner = leaseOwner(options.label ?? 'scheduler');
  const controller = new AbortController();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const tick = async () => {
    if (stopped) return;
    let due: { id: string }[];
    try {
      due = (
        await options.db.query<{ id: string }>(
          // Leases are left to the claim (lease.ts): it knows a dead instance's from a live one's.
          `SELECT id FROM connectors
           WHERE enabled AND next_run_at <= now() AND (paused_until IS NULL OR paused_until <= now())
           ORDER BY next_run_at`,
        )
      ).rows;
    } catch (error) {
      options.log?.(`connector scheduler: ${(error as Error).message}`);
      return;
    }
    const started: Promise<void>[] = [];
    for (const { id } of due) {
      if (running.has(id) || stopped) continue;
      const run = runConnector({
        db: options.db,
        secrets: options.secrets,
        connectorId: id,
        trigger: 'schedule',
        owner,
        dueOnly: true,
        intervalMinutes: interval,
        signal: controller.signal,
        adapters: options.adapters,
        sleep: options.sleep,
        log: options.log,
      })
        .then((result) => {
          if (!result.busy && !result.notDue) options.onRun?.(id, result);
          if (result.error && !result.busy) options.log?.(`connector ${id}: ${result.error}`);
        })
        .catch((error: unknown) => options.log?.(`connector ${id}: ${(error as Error).message}`))
        .finally(() => running.delete(id));
      running.set(id, run);
      started.push(run);
    }
    await Promise.all(started);
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      controller.abort();
      await Promise.all(running.values());
    },
  };
}
