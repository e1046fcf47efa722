import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ProspectContext } from '../../lib/contract';
import { useSidebarStore } from './store';
import { CUE, S } from './strings';
import { AssetPanel } from './AssetPanel';
import { BriefPanel } from './BriefPanel';
import { MessagingPanel } from './MessagingPanel';
import { MissingSomething } from './MissingSomething';

export type CueTab = 'activity' | 'messaging' | 'asset' | 'brief';
const TABS: { id: CueTab; label: string }[] = [
  { id: 'activity', label: CUE.tabHistory },
  { id: 'messaging', label: CUE.tabMessaging },
  { id: 'asset', label: CUE.tabAsset },
  { id: 'brief', label: CUE.tabBrief },
];

/**
 * The cue card as tabs (WAI-ARIA tabs pattern: arrow keys, Home/End, roving tabindex).
 * Only the active panel is rendered: a hidden messaging list of 2,000 cards would cost paint time.
 */
export function CuePanels({ context, activity }: { context: ProspectContext; activity: ReactNode }) {
  const [tab, setTab] = useState<CueTab>('activity');
  const refs = useRef<Partial<Record<CueTab, HTMLButtonElement | null>>>({});
  const cues = useSidebarStore((s) => s.cues);
  const cuesError = useSidebarStore((s) => s.cuesError);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    else return;
    event.preventDefault();
    const id = TABS[next]!.id;
    setTab(id);
    refs.current[id]?.focus();
  };

  const ready = cues && cues.prospectId === context.prospect.id ? cues : undefined;
  let panel: ReactNode;
  if (tab === 'activity') panel = activity;
  else if (!ready) {
    panel =
      cues === null ? (
        <p className="empty panel-body">{cuesError ?? CUE.cuesFailed}</p>
      ) : (
        <p className="empty panel-body" role="status">
          {CUE.loadingCues}
        </p>
      );
  } else if (tab === 'messaging') {
    panel = (
      <>
        <MessagingPanel cues={ready} prospect={context.prospect} />
        <MissingSomething prospect={context.prospect} />
      </>
    );
  } else if (tab === 'asset') {
    panel = (
      <>
        <AssetPanel cues={ready} prospect={context.prospect} />
        <MissingSomething prospect={context.prospect} />
      </>
    );
  } else panel = <BriefPanel cues={ready} />;

  const top = ready?.assets[0];
  return (
    <>
      {top && tab !== 'asset' && (
        <p className="teaser">
          <span className="eyebrow">{CUE.nextBest}: </span>
          <button type="button" className="link" onClick={() => setTab('asset')}>
            {top.asset.title}
          </button>
        </p>
      )}
      <div className="tabs" role="tablist" aria-label={CUE.panelsLabel} onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={`tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className={tab === 'activity' ? 'tabpanel tabpanel-activity' : 'tabpanel'}
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        aria-label={tab === 'activity' ? S.timelineTitle : undefined}
      >
        {panel}
      </div>
    </>
  );
}
