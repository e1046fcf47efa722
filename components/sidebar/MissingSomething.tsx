import { useId, useState } from 'react';
import { contentRequestText, type ProspectSummary } from '../../lib/contract';
import { useSidebarStore } from './store';
import { CUE } from './strings';

const MAX = 400;

/** Tells marketing what the rep needed: the note and the segment only, never the person. */
export function MissingSomething({ prospect }: { prospect: ProspectSummary }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const id = useId();
  const send = () => {
    const text = note.trim();
    if (!text) return;
    const { persona, industry, stage } = prospect;
    useSidebarStore.getState().record({ type: 'content_request', request: contentRequestText(text, { persona, industry, stage }) });
    setNote('');
    setSent(true);
    setOpen(false);
  };
  return (
    <section className="missing" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="group-heading">
        <button type="button" className="quiet" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="missing-something">
          {CUE.missingTitle}
        </button>
      </h3>
      {sent && !open && (
        <p className="note" role="status">
          {CUE.missingSent}
        </p>
      )}
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <p className="note">{CUE.missingHint}</p>
          <label htmlFor={`${id}-note`}>{CUE.missingLabel}</label>
          <textarea
            id={`${id}-note`}
            maxLength={MAX}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-describedby={`${id}-left`}
            data-testid="missing-note"
          />
          <p id={`${id}-left`} className="note">
            {CUE.charsLeft(MAX - note.length)}
          </p>
          <button type="submit" disabled={!note.trim()}>
            {CUE.missingSend}
          </button>
        </form>
      )}
    </section>
  );
}
