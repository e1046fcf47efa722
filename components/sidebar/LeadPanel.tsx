/**
 * A prospect as a lead: "waiting for you" at the top when marketing handed them to this rep and
 * nothing was done since, and the rep's word on the lead in two clicks (`lead-feedback`, then one
 * `lead-reason`). Feedback leaves the browser as ids and the code only; the latest word counts.
 */
import { useEffect, useRef, useState } from 'react';
import { LEAD_REASONS, type LeadReason, type LeadStatusView, type ProspectSummary } from '../../lib/contract';
import { relativeDay } from '../shared/format';
import { daysAgo, LEAD_REASON_LABELS } from '../shared/lead-reasons';
import { useSidebarStore } from './store';
import { LEAD } from './strings';

/** The banner above the person: shown only while the lead waited when this view opened. */
export function WaitingBanner({ lead }: { lead?: LeadStatusView }) {
  if (!lead?.waiting || !lead.qualifiedAt) return null;
  const handed = Date.parse(lead.qualifiedAt);
  return (
    <p className="lead-waiting" role="status" data-testid="lead-waiting">
      <strong>{LEAD.waitingTitle}</strong> {LEAD.waitingBody(Number.isFinite(handed) ? daysAgo(handed, Date.now()) : undefined, lead.source)}
    </p>
  );
}

export function LeadFeedback({ prospect, lead }: { prospect: ProspectSummary; lead?: LeadStatusView }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const giveFeedback = useSidebarStore((s) => s.giveFeedback);
  const say = useSidebarStore((s) => s.say);
  const toggle = useRef<HTMLButtonElement>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) firstChoice.current?.focus();
  }, [open]);
  // Another person in the same sidebar starts closed.
  useEffect(() => setOpen(false), [prospect.id]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const choose = async (reason: LeadReason) => {
    setBusy(true);
    const saved = await giveFeedback(prospect.id, reason);
    setBusy(false);
    say(saved ? LEAD.saved(LEAD_REASON_LABELS[reason]) : LEAD.saveFailed);
    if (saved) close();
  };

  const feedback = lead?.feedback;
  const handed = lead?.qualifiedAt ? Date.parse(lead.qualifiedAt) : NaN;
  return (
    <section className="lead" aria-label={LEAD.sectionLabel}>
      <div className="lead-row">
        <p className="lead-said" data-testid="lead-feedback-current">
          {feedback ? (
            <>
              {LEAD.youSaid} <strong>{LEAD_REASON_LABELS[feedback.reason]}</strong> · <time dateTime={feedback.at}>{relativeDay(Date.parse(feedback.at), Date.now())}</time>
            </>
          ) : (
            LEAD.ask
          )}
          {!lead?.waiting && Number.isFinite(handed) && <span className="lead-handed"> {LEAD.handed(relativeDay(handed, Date.now()), lead?.source)}</span>}
        </p>
        <button
          ref={toggle}
          type="button"
          className="secondary"
          data-testid="lead-feedback"
          aria-expanded={open}
          aria-controls="lead-reasons"
          onClick={() => (open ? close() : setOpen(true))}
        >
          {feedback ? LEAD.change : LEAD.give}
        </button>
      </div>
      {open && (
        <div
          id="lead-reasons"
          className="lead-reasons"
          role="group"
          aria-label={LEAD.choiceLabel}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          {LEAD_REASONS.map((reason, index) => (
            <button
              key={reason}
              ref={index === 0 ? firstChoice : undefined}
              type="button"
              className={feedback?.reason === reason ? 'chip-button chosen' : 'chip-button'}
              data-testid="lead-reason"
              data-reason={reason}
              aria-pressed={feedback?.reason === reason}
              disabled={busy}
              onClick={() => void choose(reason)}
            >
              {LEAD_REASON_LABELS[reason]}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
