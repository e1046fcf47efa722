/**
 * "Delete local data": what this browser holds, and a confirmed wipe of the cached workspace
 * (`data:wipe`, lib/background/hub-handlers.ts).
 *
 * The confirm says exactly what goes and what stays, as the background does it: prospects,
 * touches, messages, assets and the sync position go; settings, the hub token, the usage events
 * not yet delivered (the outbox: the rep's own unsent work, never a cache), the record of
 * assets sent lately and of what the rep did about each lead (their feedback) stay. With a hub set, the next sync downloads the workspace again, which the
 * confirm says too. Nothing of the outbox is ever lost here; "Send them first" delivers it now
 * for a rep who wants this browser to hold nothing waiting.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { type CollectionCounts, type HubStatusView } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { countOf } from '../shared/format';
import { describeCounts } from '../shared/hub-status';

function describePending(status: HubStatusView | undefined): string {
  if (!status) return 'Usage events not yet delivered: unknown (the sync status could not be read).';
  const events = countOf(status.pending, 'usage event');
  if (status.pending === 0) return 'No usage events are waiting to be sent.';
  if (status.mode === 'hub' && status.usageConsent) return `${events} not yet delivered to the hub: kept, and sent at the next sync.`;
  return `${events} recorded in this browser: kept (they leave only for a hub, and only while you share usage).`;
}

export function DataPanel({ counts, onWiped }: { counts?: CollectionCounts; onWiped(): void }) {
  const [status, setStatus] = useState<HubStatusView>();
  const [confirming, setConfirming] = useState(false);
  const [fresh, setFresh] = useState<CollectionCounts>();
  const [busy, setBusy] = useState<'wipe' | 'send'>();
  const [result, setResult] = useState<{ text: string; error: boolean }>();
  const dialogRef = useRef<HTMLDivElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const titleId = useId();
  const bodyId = useId();

  const readStatus = () =>
    request({ type: 'sync:status' })
      .then((value) => (setStatus(value), value))
      .catch(() => undefined);
  useEffect(() => void readStatus(), [counts]);
  // The confirm takes focus when it opens, so keyboard and screen-reader users land on what it says.
  // Closing hands focus back to the button that opened it, once that button is enabled again.
  useEffect(() => {
    if (confirming) dialogRef.current?.focus();
    else if (!busy && returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [confirming, busy]);

  const open = async () => {
    setResult(undefined);
    // Fresh numbers for the confirm: it must say what will really be deleted.
    const [latest] = await Promise.all([request({ type: 'store:counts' }).catch(() => undefined), readStatus()]);
    setFresh(latest);
    setConfirming(true);
  };
  const close = () => {
    returnFocus.current = true;
    setConfirming(false);
  };
  const sendFirst = async () => {
    setBusy('send');
    try {
      const after = await request({ type: 'sync:now' });
      setStatus(after);
      const error = after.flush.error ?? after.sync.error;
      setResult(
        error
          ? { text: `Not sent: ${error.message} Nothing was deleted.`, error: true }
          : { text: after.pending === 0 ? 'Every usage event reached the hub.' : `${countOf(after.pending, 'usage event')} still waiting.`, error: false },
      );
      setFresh(await request({ type: 'store:counts' }).catch(() => undefined));
    } catch (error) {
      setResult({ text: `Not sent: ${(error as Error).message} Nothing was deleted.`, error: true });
    } finally {
      setBusy(undefined);
      // The button that had focus was disabled, and may be gone (nothing left to send): back to the confirm.
      setTimeout(() => dialogRef.current?.focus(), 0);
    }
  };
  const wipe = async () => {
    setBusy('wipe');
    setResult(undefined);
    try {
      const left = await request({ type: 'data:wipe' });
      const after = await readStatus();
      const kept = after && after.pending > 0 ? ` Kept: ${countOf(after.pending, 'usage event')} not yet delivered, your settings and hub token.` : ' Kept: your settings and hub token.';
      setResult({ text: `Local data deleted. This browser now holds ${describeCounts(left)}.${kept}`, error: false });
      close();
      onWiped();
    } catch (error) {
      setResult({ text: `Local data could not be deleted: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(undefined);
    }
  };

  const shown = fresh ?? counts;
  const canSend = !!status && status.mode === 'hub' && status.usageConsent && status.pending > 0;
  return (
    <section className="card" aria-labelledby="data-heading">
      <h2 id="data-heading">Local data</h2>
      <p className="hint" data-testid="data-summary">
        {counts ? `This browser holds ${describeCounts(counts)}.` : 'Reading what this browser holds…'} {status && describePending(status)}
      </p>
      <button
        ref={openerRef}
        data-testid="wipe-data"
        type="button"
        className="secondary"
        style={{ borderColor: 'var(--error)', color: 'var(--error)' }}
        aria-expanded={confirming}
        disabled={confirming || !!busy}
        onClick={() => void open()}
      >
        Delete local data…
      </button>
      {confirming && (
        <div
          ref={dialogRef}
          data-testid="wipe-dialog"
          role="alertdialog"
          aria-labelledby={titleId}
          aria-describedby={bodyId}
          aria-busy={busy === 'wipe'}
          tabIndex={-1}
          style={{ marginTop: 12, padding: '12px 14px', border: '1px solid var(--error)', borderRadius: 8, background: 'var(--bg)' }}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              close();
            }
          }}
        >
          <strong id={titleId}>Delete the workspace from this browser?</strong>
          <div id={bodyId}>
            <p style={{ margin: '6px 0' }}>
              Deleted: {shown ? describeCounts(shown) : 'every prospect, marketing touch, message and asset'}, and the sync position. The sidebar then shows
              “No workspace yet” until you import a file{status?.mode === 'hub' ? ' or sync' : ''}.
            </p>
            <p style={{ margin: '6px 0' }}>
              Kept: your settings and hub token, the assets you sent in the last 14 days (so they are not suggested again), and which leads you acted on and what you said of them. {describePending(status)}
            </p>
            {status?.mode === 'hub' && (
              <p style={{ margin: '6px 0' }}>A hub is set: its next sync (every 15 minutes, or “Sync now”) downloads the workspace again. Remove the hub URL first to keep this browser empty.</p>
            )}
          </div>
          <div className="buttons" style={{ marginTop: 10 }}>
            <button
              data-testid="wipe-confirm"
              type="button"
              style={{ background: 'var(--error)', borderColor: 'var(--error)' }}
              disabled={!!busy}
              onClick={() => void wipe()}
            >
              {busy === 'wipe' ? 'Deleting…' : 'Delete local data'}
            </button>
            {canSend && (
              <button data-testid="wipe-send-first" type="button" className="secondary" disabled={!!busy} onClick={() => void sendFirst()}>
                {busy === 'send' ? 'Sending…' : `Send the ${countOf(status.pending, 'event')} first`}
              </button>
            )}
            <button data-testid="wipe-cancel" type="button" className="secondary" disabled={!!busy} onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {/* Always in the page: a live region announces changes only once it exists. */}
      <p data-testid="wipe-status" role="status" className={result?.error ? 'status error' : 'status'} style={busy || result ? undefined : { minHeight: 0, margin: 0 }}>
        {busy === 'wipe' ? 'Deleting local data…' : busy === 'send' ? 'Sending usage events to the hub…' : result?.text}
      </p>
    </section>
  );
}
