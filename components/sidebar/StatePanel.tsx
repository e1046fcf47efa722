import type { ReactNode } from 'react';

export function StatePanel({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <section className="state" data-testid={testId} role="status">
      <h1>{title}</h1>
      {children}
    </section>
  );
}

export function LoadingSkeleton({ label }: { label: string }) {
  return (
    <section className="skeleton" role="status" aria-label={label} data-testid="sidebar-loading">
      <div className="sk sk-avatar" />
      <div className="sk sk-line wide" />
      <div className="sk sk-line" />
      <div className="sk sk-block" />
      <div className="sk sk-block" />
    </section>
  );
}
