import { useId, type ReactNode } from 'react';

/**
 * One labelled field. The label holds only its words, so the field's accessible name is exactly
 * the visible label ("Title", "Body"); hints and problems are described-by, not part of the name.
 */
export function Field({ label, problem, hint, children, wide }: { label: string; problem?: string; hint?: string; children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode; wide?: boolean }) {
  const id = useId();
  const describedBy = [problem ? `${id}-problem` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: !!problem })}
      {hint && (
        <span id={`${id}-hint`} className="hint small">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-problem`} className="field-error">
          {label} {problem}
        </span>
      )}
    </div>
  );
}
