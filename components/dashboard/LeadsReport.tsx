/**
 * The leads report on the dashboard (hub mode), loaded through the background (`reports:leads`):
 * the page never holds the hub token. The card itself is shared with the hub's console
 * (components/shared/leads-report.tsx).
 */
import { useEffect, useState } from 'react';
import type { LeadsDashboardData, LeadsGroupBy } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { LeadsReportCard } from '../shared/leads-report';

export function LeadsReport({ range }: { range: { from?: string; to?: string } }) {
  const [groupBy, setGroupBy] = useState<LeadsGroupBy>('campaign');
  const [data, setData] = useState<LeadsDashboardData>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    request({ type: 'reports:leads', groupBy, ...range })
      .then((value) => alive && (setData(value), setError(undefined)))
      .catch((reason: Error) => alive && setError(reason.message));
    return () => {
      alive = false;
    };
  }, [groupBy, range]);

  return (
    <LeadsReportCard
      groupBy={groupBy}
      onGroupBy={setGroupBy}
      error={error}
      report={data?.mode === 'hub' ? data : undefined}
      notice={
        data?.mode === 'local' ? (
          <p className="hint" data-testid="leads-needs-hub">
            The leads report needs a hub: whether a lead was followed up depends on what every rep did, and only the hub sees that. Connect Cuecard to your hub on the options page.
          </p>
        ) : data?.mode === 'forbidden' ? (
          <p className="hint">The leads report is for marketing and admins; your hub role is {data.user?.role}.</p>
        ) : undefined
      }
    />
  );
}
