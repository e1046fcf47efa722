import { useCallback, useEffect } from 'react';
import { browser } from 'wxt/browser';
import { runtimeEvent } from '../../lib/contract';
import { useSidebarStore } from '../../lib/ui/sidebar-store';
import { S } from '../../lib/ui/strings';
import { Committee } from './Committee';
import { ProspectHeader } from './ProspectHeader';
import { LoadingSkeleton, StatePanel } from './StatePanel';
import { Timeline } from './Timeline';
import { TouchCounts } from './TouchCounts';

export function SidebarApp() {
  const { state, error, older, loadingOlder, refresh, loadOlder } = useSidebarStore();

  useEffect(() => {
    void refresh();
    const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      // Only the background (our id, no tab) announces changes; anything else is ignored.
      if (sender.id !== browser.runtime.id || sender.tab) return;
      const parsed = runtimeEvent.safeParse(message);
      if (!parsed.success) return;
      const ownTab = useSidebarStore.getState().tabId;
      if (ownTab === undefined || parsed.data.tabId === ownTab) void refresh();
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [refresh]);

  const onNearEnd = useCallback(() => void loadOlder(), [loadOlder]);

  let body;
  if (error && !state) {
    body = (
      <StatePanel title={S.errorTitle} testId="sidebar-error">
        <p>{error}</p>
        <button type="button" onClick={() => void refresh()}>
          {S.retry}
        </button>
      </StatePanel>
    );
  } else if (!state || state.status === 'loading') {
    body = <LoadingSkeleton label={S.loading} />;
  } else if (state.status === 'no-page') {
    body = (
      <StatePanel title={S.noPageTitle} testId="no-page">
        <p>{S.noPageBody}</p>
      </StatePanel>
    );
  } else if (state.status === 'no-data') {
    body = (
      <StatePanel title={S.noDataTitle} testId="no-match">
        <p>{S.noDataBody}</p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {S.openOptions}
        </button>
      </StatePanel>
    );
  } else if (state.status === 'no-match') {
    body = (
      <StatePanel title={S.noMatchTitle} testId="no-match">
        <p>{state.hint}</p>
      </StatePanel>
    );
  } else {
    const { context } = state;
    body = (
      <>
        <ProspectHeader context={context} />
        <TouchCounts context={context} />
        <Committee people={context.committee} />
        <section className="timeline-section" aria-labelledby="timeline-title">
          <h2 id="timeline-title">
            {S.timelineTitle} <span className="count">{context.touchCount}</span>
          </h2>
          <Timeline
            touches={older.length ? [...context.touches, ...older] : context.touches}
            total={context.touchCount}
            loadingOlder={loadingOlder}
            onNearEnd={onNearEnd}
          />
        </section>
      </>
    );
  }

  return (
    <main className="sidebar" aria-label={S.appName}>
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◆
        </span>
        {S.appName}
      </div>
      {error && state && (
        <p className="banner" role="alert">
          {error}
        </p>
      )}
      {body}
    </main>
  );
}
