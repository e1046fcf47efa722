import type { CompanyContext } from '../../lib/contract';
import { S } from './strings';
import { AccountEngagement } from './AccountEngagement';
import { Committee } from './Committee';

export function CompanyView({ company }: { company: CompanyContext }) {
  return (
    <div className="company-scroll">
      <header className="prospect" aria-label="Company">
        <div className="avatar company" aria-hidden="true">
          {(company.name[0] ?? '?').toUpperCase()}
        </div>
        <div className="prospect-text">
          <h1 className="prospect-name" data-testid="company-name" dir="auto">
            {company.name}
          </h1>
          <p className="prospect-company" data-testid="prospect-company" dir="auto">
            {company.domain ?? ''}
          </p>
          <p className="match">{company.matchedBy === 'company_domain' ? S.matchedByDomain : S.matchedByCompanyName}</p>
        </div>
      </header>
      <AccountEngagement />
      <Committee people={company.people} title={S.companyPeopleTitle} />
    </div>
  );
}
