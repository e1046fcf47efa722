import { useEffect, useState, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { describeStoreNotices } from '../shared/status-text';
import { EVICTION_NOTICE_KEY, parseStoreNotices, RECOVERY_NOTICE_KEY } from '../../lib/contract';

/**
 * "Local data was damaged and rebuilt" / "storage was full": said in every empty state until the
 * next sync or import clears it. Read from storage.local, since this iframe may not open IndexedDB.
 */
function StoreNotice() {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    const local = browser.storage?.local;
    if (!local) return;
    const read = () =>
      void local.get([RECOVERY_NOTICE_KEY, EVICTION_NOTICE_KEY]).then(
        (stored) => setLines(describeStoreNotices(parseStoreNotices(stored))),
        () => undefined,
      );
    read();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (RECOVERY_NOTICE_KEY in changes || EVICTION_NOTICE_KEY in changes)) read();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  if (lines.length === 0) return null;
  return (
    <div className="store-notice" data-testid="store-notice">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

export function StatePanel({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <section className="state" data-testid={testId} role="status">
      <h1>{title}</h1>
      {/* First: it explains the state below it ("no workspace" after a rebuild). */}
      <StoreNotice />
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
