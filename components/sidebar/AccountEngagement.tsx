/**
 * The account at a glance, on an account/company page: the last 90 days across its people (touches
 * by week, the most engaged people, what they read about, the campaigns that reached them) and
 * the next best asset for the account, with its reasons. Asked for after the company view has
 * painted (`sidebar:account`), so the people list never waits for the ranking.
 */
import { useEffect } from 'react';
import type { AccountEngagement as Engagement } from '../../lib/contract';
import { withUtm } from '../../lib/recommend';
import { relativeDay, safeHttpsUrl } from '../shared/format';
import { useSidebarStore } from './store';
import { CUE, LEAD } from './strings';

const REASONS_SHOWN = 4;

function WeekBars({ view }: { view: Engagement }) {
  const max = Math.max(1, ...view.weeks.map((week) => week.touches));
  return (
    <>
      <ol className="weeks" aria-label={LEAD.weeksLabel(view.touches)} data-testid="account-weeks">
        {view.weeks.map((week) => (
          <li key={week.start} title={LEAD.week(week.start, week.touches)}>
            <span className="bar" style={{ height: `${Math.round((week.touches / max) * 100)}%` }} aria-hidden="true" />
            <span className="visually-hidden">{LEAD.week(week.start, week.touches)}</span>
          </li>
        ))}
      </ol>
      <p className="weeks-axis" aria-hidden="true">
        <span>{LEAD.weekOf(view.weeks[0]?.start ?? '')}</span>
        <span>{LEAD.thisWeek}</span>
      </p>
    </>
  );
}

export function AccountEngagement() {
  const account = useSidebarStore((s) => s.account);
  const accountError = useSidebarStore((s) => s.accountError);
  const loadAccount = useSidebarStore((s) => s.loadAccount);
  const select = useSidebarStore((s) => s.select);
  useEffect(() => {
    void loadAccount();
  }, [loadAccount]);

  if (account === undefined) {
    return (
      <p className="empty" role="status">
        {LEAD.accountLoading}
      </p>
    );
  }
  if (account === null) return accountError ? <p className="empty">{LEAD.accountFailed}</p> : null;
  const now = Date.parse(account.to);
  const top = account.assets[0];
  const link = top && safeHttpsUrl(withUtm(top.asset.url, { source: 'cuecard', medium: 'crm', campaign: 'account_next_best_asset' }));
  return (
    <section className="account" data-testid="account-engagement" aria-labelledby="account-title">
      <h2 id="account-title">
        {LEAD.accountTitle} <span className="count">{account.touches}</span>
      </h2>
      {account.touches === 0 ? <p className="empty">{LEAD.accountEmpty}</p> : <WeekBars view={account} />}
      {account.engaged.length > 0 && (
        <>
          <h3 className="group-heading">{LEAD.engagedTitle}</h3>
          <ul className="engaged">
            {account.engaged.map(({ person, touches, lastAt }) => (
              <li key={person.id} data-testid="engaged-person" data-prospect-id={person.id}>
                <button type="button" className="link" onClick={() => void select(person.id)}>
                  {person.name || person.email}
                </button>
                <span className="note">
                  {' '}
                  {LEAD.touches(touches)} · {CUE.lastTouch} {relativeDay(lastAt, now)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {account.topTopics.length > 0 && (
        <>
          <h3 className="group-heading">{LEAD.topicsTitle}</h3>
          <p className="chips">
            {account.topTopics.map((topic) => (
              <span key={topic.topic} className="chip" data-testid="account-topic">
                {topic.topic}
              </span>
            ))}
          </p>
        </>
      )}
      {account.campaigns.length > 0 && (
        <>
          <h3 className="group-heading">{LEAD.campaignsTitle}</h3>
          <ul className="campaigns">
            {account.campaigns.map((campaign) => (
              <li key={campaign.name} data-testid="account-campaign">
                <span dir="auto">{campaign.name}</span> <span className="note">{LEAD.campaignLine(campaign.touches, campaign.people)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className="group-heading">{LEAD.assetTitle}</h3>
      {top ? (
        <article className="card card-top" data-testid="account-asset" data-asset-id={top.asset.id}>
          <h4 dir="auto">{top.asset.title}</h4>
          <p className="asset-kind">{top.asset.kind.replace(/_/g, ' ')}</p>
          <ul className="reasons">
            {top.reasonTexts.slice(0, REASONS_SHOWN).map((text, i) => (
              <li key={top.reasons[i] ?? text} data-testid="reason" data-reason={top.reasons[i]}>
                {text}
              </li>
            ))}
          </ul>
          {top.people.length > 0 && <p className="note">{LEAD.fitsFor(top.people.map((p) => p.name || p.email).join(', '))}</p>}
          {link && (
            <div className="actions">
              <a className="button-link" href={link} target="_blank" rel="noopener noreferrer">
                {CUE.open}
              </a>
            </div>
          )}
        </article>
      ) : (
        <p className="empty">{LEAD.noAsset}</p>
      )}
    </section>
  );
}
