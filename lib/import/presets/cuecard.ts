/**
 * Cuecard's own columns, one preset per collection: the contract's field names, lists
 * `;`-separated, booleans true/false.
 */
import { TOUCH_TYPES, type Asset, type Message, type Prospect, type Touch, type TouchType } from '../../contract';
import { prospectIdForEmail, stableId } from '../ids';
import { list, readDate, readEmail, requireValue, RowProblem, withoutUndefined, type CsvPreset, type CsvRowReader } from './preset';

function contractColumns(fields: readonly string[]): Record<string, readonly string[]> {
  return Object.fromEntries(fields.map((field) => [field, [field]]));
}

function readBoolean(row: CsvRowReader, field: string): boolean | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  if (/^(true|yes|1|y)$/i.test(value)) return true;
  if (/^(false|no|0|n)$/i.test(value)) return false;
  throw new RowProblem(row.column(field), `"${value.slice(0, 40)}" is not true or false`);
}

function readInteger(row: CsvRowReader, field: string): number | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new RowProblem(row.column(field), `"${value.slice(0, 40)}" is not a whole number`);
  return Number(value);
}

export const cuecardProspects: CsvPreset<'prospects'> = {
  id: 'cuecard-prospects',
  label: 'Cuecard — prospects (our columns)',
  collection: 'prospects',
  columns: contractColumns([
    'id', 'email', 'name', 'title', 'company', 'domain', 'stage', 'persona', 'industry',
    'crmIds.salesforce', 'crmIds.hubspot', 'crmIds.pipedrive', 'crmIds.dynamics', 'crmIds.marketo', 'crmIds.mautic',
    'updatedAt', 'owner', 'qualifiedAt', 'source', 'accountOwner', 'region',
  ]),
  required: ['email'],
  signature: ['id', 'persona', 'stage', 'domain', 'crmIds.salesforce', 'crmIds.hubspot', 'updatedAt'],
  dateFields: ['updatedAt', 'qualifiedAt'],
  source: 'DESIGN.md data contract (prospects); crmIds as crmIds.salesforce / .hubspot / .pipedrive / .dynamics / .marketo / .mautic.',
  map(row, context) {
    const email = readEmail(row);
    const crmIds = withoutUndefined({
      salesforce: row.get('crmIds.salesforce'),
      hubspot: row.get('crmIds.hubspot'),
      pipedrive: row.get('crmIds.pipedrive'),
      dynamics: row.get('crmIds.dynamics'),
      marketo: row.get('crmIds.marketo'),
      mautic: row.get('crmIds.mautic'),
    });
    const ownId = row.get('id');
    const prospect: Prospect = withoutUndefined({
      id: ownId ?? prospectIdForEmail(email),
      email,
      name: row.get('name'),
      title: row.get('title'),
      company: row.get('company'),
      domain: row.get('domain'),
      stage: row.get('stage'),
      persona: row.get('persona'),
      industry: row.get('industry'),
      crmIds: Object.keys(crmIds).length > 0 ? crmIds : undefined,
      updatedAt: readDate(row, 'updatedAt', context),
      owner: row.get('owner'),
      qualifiedAt: readDate(row, 'qualifiedAt', context),
      source: row.get('source'),
      accountOwner: row.get('accountOwner'),
      region: row.get('region'),
    });
    // A row with its own id is authoritative; without one it is matched to a stored prospect by email.
    return { kind: 'row', row: prospect, ...(ownId ? {} : { person: { email } }) };
  },
};

export const cuecardTouches: CsvPreset<'touches'> = {
  id: 'cuecard-touches',
  label: 'Cuecard — touches (our columns)',
  collection: 'touches',
  columns: {
    ...contractColumns(['id', 'prospectId', 'type', 'occurredAt', 'title', 'campaign', 'assetId', 'url', 'topics', 'automated']),
    prospectEmail: ['prospectEmail', 'email'],
  },
  required: [['prospectId', 'prospectEmail'], 'type', 'occurredAt'],
  signature: ['prospectId', 'occurredAt', 'assetId', 'topics', 'automated', 'prospectEmail'],
  dateFields: ['occurredAt'],
  source: 'DESIGN.md data contract (touches); prospectEmail may stand in for prospectId; topics `;`-separated.',
  map(row, context) {
    const prospectId = row.get('prospectId');
    const email = prospectId ? undefined : readEmail(row, 'prospectEmail');
    const occurredAt = readDate(row, 'occurredAt', context);
    if (!occurredAt) throw new RowProblem(row.column('occurredAt'), 'required value is empty');
    const type = requireValue(row, 'type');
    if (!(TOUCH_TYPES as readonly string[]).includes(type)) {
      throw new RowProblem(row.column('type'), `unknown touch type "${type.slice(0, 80)}": expected one of ${TOUCH_TYPES.join(', ')}`);
    }
    const fields = {
      type: type as TouchType,
      occurredAt,
      title: row.get('title'),
      campaign: row.get('campaign'),
      assetId: row.get('assetId'),
      url: row.get('url'),
      topics: list(row.get('topics')),
      automated: readBoolean(row, 'automated'),
    };
    const owner = prospectId ?? prospectIdForEmail(email!);
    const touch: Touch = withoutUndefined({
      id: row.get('id') ?? stableId('t', [owner, type, occurredAt, fields.campaign, fields.title, fields.url]),
      prospectId: owner,
      ...fields,
    });
    // Named by email only: the person becomes known (a prospect with that email) unless the store has them.
    return { kind: 'row', row: touch, ...(email ? { person: { email }, prospect: { id: owner, email } } : {}) };
  },
};

export const cuecardMessages: CsvPreset<'messages'> = {
  id: 'cuecard-messages',
  label: 'Cuecard — messages (our columns)',
  collection: 'messages',
  columns: contractColumns([
    'id', 'title', 'body', 'personas', 'industries', 'stages', 'status', 'validFrom', 'validUntil', 'avoidPhrases', 'version', 'replacedBy',
  ]),
  required: ['id', 'title', 'body', 'status'],
  signature: ['body', 'avoidPhrases', 'validFrom', 'personas', 'replacedBy'],
  dateFields: ['validFrom', 'validUntil'],
  source: 'DESIGN.md data contract (messages); lists `;`-separated.',
  map(row, context) {
    const message: Message = withoutUndefined({
      id: requireValue(row, 'id'),
      title: requireValue(row, 'title'),
      body: requireValue(row, 'body'),
      personas: list(row.get('personas')),
      industries: list(row.get('industries')),
      stages: list(row.get('stages')),
      status: requireValue(row, 'status').toLowerCase() as Message['status'],
      validFrom: readDate(row, 'validFrom', context),
      validUntil: readDate(row, 'validUntil', context),
      avoidPhrases: list(row.get('avoidPhrases')),
      version: readInteger(row, 'version'),
      replacedBy: row.get('replacedBy'),
    });
    return { kind: 'row', row: message };
  },
};

export const cuecardAssets: CsvPreset<'assets'> = {
  id: 'cuecard-assets',
  label: 'Cuecard — assets (our columns)',
  collection: 'assets',
  columns: contractColumns([
    'id', 'title', 'url', 'kind', 'stages', 'personas', 'industries', 'topics', 'status', 'validUntil', 'version', 'replacedBy',
  ]),
  required: ['id', 'title', 'url', 'kind', 'status'],
  signature: ['kind', 'url', 'topics', 'validUntil', 'replacedBy'],
  dateFields: ['validUntil'],
  source: 'DESIGN.md data contract (assets); lists `;`-separated; url must be https.',
  map(row, context) {
    const asset: Asset = withoutUndefined({
      id: requireValue(row, 'id'),
      title: requireValue(row, 'title'),
      url: requireValue(row, 'url'),
      kind: requireValue(row, 'kind'),
      stages: list(row.get('stages')),
      personas: list(row.get('personas')),
      industries: list(row.get('industries')),
      topics: list(row.get('topics')),
      status: requireValue(row, 'status').toLowerCase() as Asset['status'],
      validUntil: readDate(row, 'validUntil', context),
      version: readInteger(row, 'version'),
      replacedBy: row.get('replacedBy'),
    });
    return { kind: 'row', row: asset };
  },
};
