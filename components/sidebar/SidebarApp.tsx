import { useCallback, useEffect } from 'react';
import { browser } from 'wxt/browser';
import { SIDEBAR_PING_KEY, type SidebarPing } from '../../lib/contract';
import { useSidebarStore } from './store';
import { CUE, LEAD, S } from './strings';
import { LeadFeedback, WaitingBanner } from './LeadPanel';
import { ComplianceWarnings } from './ComplianceWarnings';
import { CuePanels } from './CuePanels';
import { Committee } from './Committee';
import { CompanyView } from './CompanyView';
import { ProspectHeader } from './ProspectHeader';
import { LoadingSkeleton, StatePanel } from './StatePanel';
import { Timeline } from './Timeline';
import { TouchCounts } from './TouchCounts';

export function SidebarApp() {
  const { state, error, refused, older, loadingOlder, refresh, loadOlder, selectedId, select, warnings, cues, notice } = useSidebarStore();

  useEffect(() => {
    void refresh();
    // See SIDEBAR_PING_KEY: the one change signal that reaches this iframe in both browsers.
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !(SIDEBAR_PING_KEY in changes)) return;
      const ping = changes[SIDEBAR_PING_KEY]?.newValue as Partial<SidebarPing> | undefined;
      const ownTab = useSidebarStore.getState().tabId;
      if (ownTab === undefined || ping?.tabId === -1 || ping?.tabId === ownTab) void refresh();
      // Fresh data (import/sync) may change the ranking too.
      if (ping?.tabId === -1) {
        const current = useSidebarStore.getState().state;
        if (current?.status === 'match') void useSidebarStore.getState().loadCues(current.context.prospect.id);
        if (current?.status === 'company') void useSidebarStore.getState().loadAccount();
      }
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [refresh]);

  const onNearEnd = useCallback(() => void loadOlder(), [loadOlder]);

  let body;
  if (refused) {
    body = (
      <StatePanel title={S.refusedTitle} testId="sidebar-refused">
        <p>{S.refusedBody}</p>
      </StatePanel>
    );
  } else if (error && !state) {
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
    // Issue 14: the person is unknown first; their company's people, when the workspace has them, below.
    body = (
      <>
        <StatePanel title={S.noMatchTitle} testId="no-match">
          <p data-testid={state.hubLookup === 'offline' ? 'may-exist-on-hub' : undefined}>{state.hint}</p>
        </StatePanel>
        {state.company && <Committee people={state.company.people} title={LEAD.unknownPersonPeople(state.company.name)} />}
      </>
    );
  } else if (state.status === 'company') {
    body = <CompanyView company={state.company} />;
  } else {
    const { context } = state;
    const activity = (
      <>
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
    body = (
      <>
        {selectedId && (
          <button type="button" className="quiet back" onClick={() => void select(undefined)} data-testid="back-to-page">
            ← {CUE.backToPage}
          </button>
        )}
        <WaitingBanner lead={context.lead} />
        <ProspectHeader context={context} />
        <LeadFeedback prospect={context.prospect} lead={context.lead} />
        <CuePanels key={context.prospect.id} context={context} activity={activity} />
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
      <ComplianceWarnings warnings={warnings} cues={cues} />
      {body}
      <p className="notice" role="status" aria-live="polite" data-testid="sidebar-notice">
        {notice ?? ''}
      </p>
    </main>
  );
}
