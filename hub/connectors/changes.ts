/**
 * Connector changes as the change log records them (hub/audit.ts): adding, changing, running and
 * removing a connector each write one audit row, so the console's change log says who connected,
 * paused, re-keyed or removed what, and when. Used by the routes (the signed-in admin) and the CLI
 * (actor null: the command line).
 *
 * Invariants
 * - A change and its audit row commit in one transaction: neither exists without the other.
 * - Notes name the connector and what changed in words, never a credential: new credentials show
 *   as the field name `credentials` and the words "new credentials", never their values.
 * - A patch that changes nothing writes no row. Scheduled runs write none either: the change log
 *   is what people did; each connector's own status says what the schedule did.
 */
import type { ConnectorCreate, ConnectorPatch, ConnectorRunSummary, ConnectorView } from '../../lib/contract';
import { writeAudit } from '../audit';
import type { HubDb } from '../db';
import type { HubUser } from '../store';
import { createConnector, getConnectorView, patchConnector, removeConnector } from './registry';
import { VENDOR_LABELS } from './runtime';
import type { SecretBox } from '../secret-box';

/** Null: the command line. */
export type ConnectorActor = Pick<HubUser, 'id' | 'name'> | null;

const TARGET = 'connector';

export async function addConnectorAudited(db: HubDb, secrets: SecretBox, input: ConnectorCreate, actor: ConnectorActor): Promise<ConnectorView> {
  return db.transaction(async (tx) => {
    const view = await createConnector(tx, secrets, input);
    const fields = ['vendor', 'name', 'baseUrl', ...(view.loginUrl ? ['loginUrl'] : []), 'credentials'];
    await writeAudit(tx, { actor, action: 'connector_added', targetKind: TARGET, targetId: view.id, fields, note: `${view.name} (${VENDOR_LABELS[view.vendor]})` });
    return view;
  });
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** What a patch changed, by contract field, with the words the change log shows for each. */
export function describePatch(before: ConnectorView, after: ConnectorView, patch: ConnectorPatch): { fields: string[]; words: string[] } {
  const fields: string[] = [];
  const words: string[] = [];
  const changed = (field: string, text: string) => {
    fields.push(field);
    words.push(text);
  };
  if (patch.enabled !== undefined && patch.enabled !== before.enabled) changed('enabled', patch.enabled ? 'resumed' : 'paused');
  if (patch.name !== undefined && after.name !== before.name) changed('name', `renamed from "${before.name}"`);
  if (patch.baseUrl !== undefined && after.baseUrl !== before.baseUrl && !patch.loginUrl) changed('baseUrl', `API URL ${after.baseUrl}`);
  if (patch.loginUrl !== undefined && after.loginUrl !== before.loginUrl) changed('loginUrl', `login URL ${after.loginUrl}`);
  if (patch.credentials !== undefined) changed('credentials', 'new credentials');
  if (patch.quotaShare !== undefined && after.quotaShare !== before.quotaShare) changed('quotaShare', `quota share ${percent(after.quotaShare)} of the daily limit per run`);
  if (patch.dailyQuota !== undefined && after.dailyQuota !== before.dailyQuota) changed('dailyQuota', `daily API limit ${after.dailyQuota?.toLocaleString('en')}`);
  if (patch.backfillDays !== undefined && after.backfillDays !== before.backfillDays) changed('backfillDays', `first run reads ${after.backfillDays} days back`);
  return { fields, words };
}

/** Undefined: no such connector (the caller answers 404). */
export async function changeConnectorAudited(db: HubDb, secrets: SecretBox, id: string, patch: ConnectorPatch, actor: ConnectorActor): Promise<ConnectorView> {
  return db.transaction(async (tx) => {
    const before = await getConnectorView(tx, id);
    // patchConnector answers ConnectorNotFound itself; reading first only names what changed.
    const after = await patchConnector(tx, secrets, id, patch);
    if (before) {
      const { fields, words } = describePatch(before, after, patch);
      if (fields.length > 0) await writeAudit(tx, { actor, action: 'connector_updated', targetKind: TARGET, targetId: id, fields, note: `${after.name}: ${words.join(', ')}` });
    }
    return after;
  });
}

/** False: no such connector. The prospects and touches it wrote stay (registry.ts). */
export async function removeConnectorAudited(db: HubDb, id: string, actor: ConnectorActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const view = await getConnectorView(tx, id);
    if (!view || !(await removeConnector(tx, id))) return false;
    await writeAudit(tx, { actor, action: 'connector_removed', targetKind: TARGET, targetId: id, note: `${view.name} (${VENDOR_LABELS[view.vendor]})` });
    return true;
  });
}

/**
 * A run someone asked for: `summary` when they waited for its end, undefined when it goes on in the
 * background (its outcome shows in the connector's status).
 */
export async function auditConnectorRun(db: HubDb, view: Pick<ConnectorView, 'id' | 'name'>, actor: ConnectorActor, summary?: ConnectorRunSummary): Promise<void> {
  const counts = summary && `${summary.people} ${summary.people === 1 ? 'person' : 'people'}, ${summary.touches} ${summary.touches === 1 ? 'touch' : 'touches'}, ${summary.deleted} deleted`;
  const outcome = summary ? (summary.error ? `: stopped with an error after ${counts} (${summary.error})` : `: ${counts}`) : ' (in the background)';
  await writeAudit(db, { actor, action: 'connector_run', targetKind: TARGET, targetId: view.id, note: `${view.name}${outcome}` });
}
