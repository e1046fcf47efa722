import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { TouchView } from '../../lib/contract';
import { relativeDay, safeHttpsUrl } from '../shared/format';
import { TOUCH_TYPE_LABELS } from '../../lib/recommend/labels';
import { S } from './strings';

interface TimelineProps {
  touches: TouchView[];
  total: number;
  loadingOlder: boolean;
  onNearEnd(): void;
}

const ROW_ESTIMATE = 58;

/** Newest first, virtualized: a prospect can have thousands of touches. */
export function Timeline({ touches, total, loadingOlder, onNearEnd }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useMemo(() => Date.now(), []);
  const virtualizer = useVirtualizer({
    count: touches.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= touches.length - 10 && touches.length < total) onNearEnd();
  }, [lastIndex, touches.length, total, onNearEnd]);

  if (touches.length === 0) return <p className="empty">{S.timelineEmpty}</p>;
  return (
    <div ref={scrollRef} className="timeline" role="region" aria-label={S.timelineTitle} aria-busy={loadingOlder} tabIndex={0}>
      <ol style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const touch = touches[item.index]!;
          const href = safeHttpsUrl(touch.url);
          return (
            <li
              key={touch.id}
              data-index={item.index}
              ref={virtualizer.measureElement}
              data-testid="touch-item"
              data-touch-id={touch.id}
              className={touch.automated ? 'touch automated' : 'touch'}
              aria-setsize={total}
              aria-posinset={item.index + 1}
              title={touch.automated ? S.automated : undefined}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <span className={`dot dot-${touch.type}`} aria-hidden="true" />
              <div className="touch-body">
                <div className="touch-line">
                  <span className="touch-type">{TOUCH_TYPE_LABELS[touch.type]}</span>
                  <time dateTime={touch.occurredAt}>{relativeDay(touch.at, now)}</time>
                </div>
                <div className="touch-title" dir="auto">
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {touch.title || href}
                    </a>
                  ) : (
                    touch.title || TOUCH_TYPE_LABELS[touch.type]
                  )}
                </div>
                {touch.campaign && (
                  <div className="touch-campaign" dir="auto">
                    {touch.campaign}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {loadingOlder && <p className="more">{S.loadMore}</p>}
    </div>
  );
}
