import { useDeferredValue, useMemo, useState } from 'react';
import type { MessageCue, ProspectSummary, SidebarRecommendations } from '../../lib/contract';
import { fillTemplate, firstName, lastName, searchMessages } from '../../lib/recommend';
import { copyText, insertOrCopy, useSidebarStore } from './store';
import { CUE } from './strings';
import { FreshnessBadges } from './Freshness';

/** Without a query, the rest of the approved list is capped: search finds the others. */
const OTHERS_SHOWN = 30;
const HITS_SHOWN = 50;

export function MessagingPanel({ cues, prospect }: { cues: SidebarRecommendations; prospect: ProspectSummary }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const now = useMemo(() => Date.parse(cues.at), [cues.at]);
  const values = useMemo(
    () => ({
      first_name: firstName(prospect.name),
      last_name: lastName(prospect.name),
      company: prospect.company,
      title: prospect.title,
      rep_name: cues.repName,
    }),
    [prospect, cues.repName],
  );
  const [showOthers, setShowOthers] = useState(false);
  const otherCount = useMemo(() => cues.messages.filter((m) => !m.fit).length, [cues.messages]);
  // Messages for other segments stay out of sight until the rep searches or asks for them.
  const list = useMemo(() => {
    if (deferred.trim()) return searchMessages(cues.messages, deferred).slice(0, HITS_SHOWN);
    const fitting = cues.messages.filter((m) => m.fit);
    return showOthers ? [...fitting, ...cues.messages.filter((m) => !m.fit).slice(0, OTHERS_SHOWN)] : fitting;
  }, [cues.messages, deferred, showOthers]);
  const rankOf = useMemo(() => new Map(cues.messages.map((m, i) => [m.message.id, i + 1])), [cues.messages]);

  const searching = deferred.trim() !== '';
  const card = (cue: MessageCue, index: number) => (
    <MessageCard
      key={cue.message.id}
      cue={cue}
      rank={rankOf.get(cue.message.id) ?? index + 1}
      prospectId={prospect.id}
      values={values}
      versions={cues.versions}
      now={now}
      onOpenReplacement={(id) => setQuery(cues.versions[id]?.title ?? '')}
    />
  );
  const fitting = searching ? list : list.filter((m) => m.fit);
  const others = searching ? [] : list.filter((m) => !m.fit);
  return (
    <div className="panel-body">
      <form role="search" className="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="message-search" className="visually-hidden">
          {CUE.searchLabel}
        </label>
        <input
          id="message-search"
          type="search"
          value={query}
          placeholder={CUE.searchPlaceholder}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
        />
      </form>
      {cues.messages.length === 0 && <p className="empty">{CUE.noMessages}</p>}
      {cues.messages.length > 0 && list.length === 0 && <p className="empty">{CUE.noSearchHits}</p>}
      {fitting.length > 0 && (
        <>
          {!searching && <h3 className="group-heading">{CUE.fitting}</h3>}
          <ul className="cards">{fitting.map(card)}</ul>
        </>
      )}
      {!searching && !showOthers && otherCount > 0 && (
        <p className="note">
          {CUE.othersHidden(otherCount)}{' '}
          <button type="button" className="link" onClick={() => setShowOthers(true)} data-testid="show-other-messages">
            {CUE.showOthers}
          </button>
        </p>
      )}
      {others.length > 0 && (
        <>
          <h3 className="group-heading">{CUE.otherApproved}</h3>
          <ul className="cards">{others.map(card)}</ul>
        </>
      )}
    </div>
  );
}

function MessageCard({
  cue,
  rank,
  prospectId,
  values,
  versions,
  now,
  onOpenReplacement,
}: {
  cue: MessageCue;
  rank: number;
  prospectId: string;
  values: Parameters<typeof fillTemplate>[1];
  versions: SidebarRecommendations['versions'];
  now: number;
  onOpenReplacement(id: string): void;
}) {
  const { message } = cue;
  const filled = useMemo(() => fillTemplate(message.body, values), [message.body, values]);
  const { record, say } = useSidebarStore.getState();
  const usage = { prospectId, messageId: message.id, messageVersion: message.version, rank };
  const titleId = `msg-${message.id}`;

  const onCopy = async () => {
    const ok = await copyText(filled.text);
    say(ok ? CUE.copied : CUE.copyFailed);
    if (ok) record({ type: 'message_copied', ...usage });
  };
  const onInsert = async () => {
    const outcome = await insertOrCopy(filled.text, { kind: 'message', id: message.id, version: message.version, prospectId, rank });
    say(outcome === 'inserted' ? CUE.inserted : outcome === 'copied' ? CUE.insertedNoCompose : CUE.copyFailed);
    if (outcome === 'inserted') record({ type: 'message_inserted', ...usage });
    else if (outcome === 'copied') record({ type: 'message_copied', ...usage });
  };

  return (
      <li className={cue.fit ? 'card' : 'card card-other'} data-testid="message-item" data-message-id={message.id} aria-labelledby={titleId}>
        <div className="card-head">
          <h4 id={titleId} dir="auto">
            {message.title}
          </h4>
          {message.version !== undefined && <span className="chip">{CUE.version(message.version)}</span>}
        </div>
        <FreshnessBadges item={message} versions={versions} now={now} onOpenReplacement={onOpenReplacement} />
        <p className="message-body" dir="auto">
          {filled.text}
        </p>
        {filled.missing.length > 0 && (
          <p className="note" data-testid="missing-variables">
            {CUE.missingValues(filled.missing.map((name) => CUE.variableNames[name] ?? name).join(', '))}
          </p>
        )}
        <div className="actions">
          <button type="button" data-testid="insert-message" onClick={() => void onInsert()}>
            {CUE.insert}
          </button>
          <button type="button" className="secondary" data-testid="copy-message" onClick={() => void onCopy()}>
            {CUE.copy}
          </button>
        </div>
      </li>
  );
}
