import { useMemo, useState } from 'react';
import type { AssetCue, ProspectSummary, SidebarRecommendations } from '../../lib/contract';
import { ALTERNATE_COUNT, withUtm } from '../../lib/recommend';
import { safeHttpsUrl } from '../shared/format';
import { copyText, insertOrCopy, surfaceOf, useSidebarStore } from './store';
import { CUE } from './strings';
import { FreshnessBadges } from './Freshness';

/** Links leave tagged so marketing sees visits that came from a rep's send. */
function taggedLink(cue: AssetCue, mail: boolean): string | undefined {
  return withUtm(cue.asset.url, { source: 'cuecard', medium: mail ? 'sales_email' : 'crm', campaign: 'next_best_asset' });
}

export function AssetPanel({ cues, prospect }: { cues: SidebarRecommendations; prospect: ProspectSummary }) {
  const dismissed = useSidebarStore((s) => s.dismissed);
  const visible = useMemo(() => cues.assets.filter((cue) => !dismissed.includes(cue.asset.id)), [cues.assets, dismissed]);
  const now = useMemo(() => Date.parse(cues.at), [cues.at]);
  const [top, ...rest] = visible;
  if (!top) return <p className="empty panel-body">{CUE.noAsset}</p>;
  return (
    <div className="panel-body">
      <article className="card card-top" data-testid="next-best-asset" data-asset-id={top.asset.id} aria-labelledby="nba-title">
        <p className="eyebrow">{CUE.nextBest}</p>
        <h3 id="nba-title" dir="auto">
          {top.asset.title}
        </h3>
        <p className="asset-kind">
          {top.asset.kind.replace(/_/g, ' ')}
          {top.asset.version !== undefined && <span className="chip">{CUE.version(top.asset.version)}</span>}
        </p>
        <FreshnessBadges item={top.asset} versions={cues.versions} now={now} />
        <h4 className="why">{CUE.why}</h4>
        <ul className="reasons">
          {top.reasonTexts.map((text, i) => (
            <li key={top.reasons[i] ?? text} data-testid="reason" data-reason={top.reasons[i]}>
              {text}
            </li>
          ))}
        </ul>
        <AssetActions cue={top} prospectId={prospect.id} />
      </article>
      {rest.length > 0 && (
        <>
          <h3 className="group-heading">{CUE.alternates}</h3>
          <ul className="cards">
            {rest.slice(0, ALTERNATE_COUNT).map((cue) => (
              <li key={cue.asset.id} className="card" data-testid="asset-item" data-asset-id={cue.asset.id}>
                <h4 dir="auto">{cue.asset.title}</h4>
                <FreshnessBadges item={cue.asset} versions={cues.versions} now={now} />
                {cue.reasonTexts[0] && <p className="note">{cue.reasonTexts.slice(0, 2).join(' · ')}</p>}
                <AssetActions cue={cue} prospectId={prospect.id} compact />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function AssetActions({ cue, prospectId, compact }: { cue: AssetCue; prospectId: string; compact?: boolean }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('not_relevant');
  const state = useSidebarStore((s) => s.state);
  const { record, say, dismiss } = useSidebarStore.getState();
  const mail = ['gmail', 'outlook'].includes(surfaceOf(state));
  const href = safeHttpsUrl(cue.asset.url);
  const usage = { prospectId, assetId: cue.asset.id, rank: cue.rank, reasons: cue.reasons.slice(0, 20) };
  const selectId = `notnow-${cue.asset.id}`;

  const onCopy = async () => {
    const link = taggedLink(cue, mail);
    if (!link) return;
    const ok = await copyText(link);
    say(ok ? CUE.copied : CUE.copyFailed);
    if (ok) record({ type: 'asset_copied', ...usage });
  };
  const onInsert = async () => {
    const link = taggedLink(cue, mail);
    if (!link) return;
    const outcome = await insertOrCopy(`${cue.asset.title}: ${link}`, { kind: 'asset', id: cue.asset.id, version: cue.asset.version, prospectId, rank: cue.rank });
    say(outcome === 'inserted' ? CUE.inserted : outcome === 'copied' ? CUE.insertedNoCompose : CUE.copyFailed);
    if (outcome === 'inserted') record({ type: 'asset_inserted', ...usage });
    else if (outcome === 'copied') record({ type: 'asset_copied', ...usage });
  };
  const onDismiss = () => {
    record({ type: 'recommendation_dismissed', ...usage, reasons: [`not_now:${reason}`] });
    dismiss(cue.asset.id);
    say(CUE.dismissed);
  };

  return (
    <div className="actions">
      {href && (
        <a
          className="button-link"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          onClick={() => record({ type: 'asset_opened', ...usage })}
        >
          {CUE.open}
        </a>
      )}
      <button type="button" className="secondary" onClick={() => void onCopy()}>
        {CUE.copyLink}
      </button>
      <button type="button" className={compact ? 'secondary' : undefined} onClick={() => void onInsert()}>
        {CUE.insertLink}
      </button>
      {!asking ? (
        <button type="button" className="quiet" aria-expanded={false} onClick={() => setAsking(true)}>
          {CUE.notNow}
        </button>
      ) : (
        <div className="not-now" role="group" aria-label={CUE.notNowLabel}>
          <label htmlFor={selectId}>{CUE.notNowLabel}</label>
          <select id={selectId} value={reason} onChange={(e) => setReason(e.target.value)}>
            {Object.entries(CUE.notNowReasons).map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
          <button type="button" onClick={onDismiss} data-testid="dismiss-asset">
            {CUE.dismiss}
          </button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>
            {CUE.cancel}
          </button>
        </div>
      )}
    </div>
  );
}
