/**
 * The demo workspace on a hub: the generated workspace, one user per role (the rep owns the
 * showcase accounts) and a team of reps with past usage, so the dashboard and the console have
 * something to say from the start. `npm run hub -- demo` serves it; the bench measures the console on it.
 */
import { role as roleSchema, type Role } from '../lib/contract';
import { DEMO_REP, DEMO_TEAM, generateWorkspace } from '../lib/demo/generate';
import { generateDemoLeadActivity } from '../lib/demo/lead-activity';
import { generateDemoUsage } from '../lib/demo/usage';
import { importBundle, type ImportReport } from '../lib/import/bundle';
import type { HubDb } from './db';
import { addUser, hubImportSink, insertUsage, setMeta } from './store';

export interface DemoSeed {
  tokens: Record<Role, string>;
  report: ImportReport;
}

export async function seedDemoHub(db: HubDb, options: { prospects: number; touches: number; seed: number }): Promise<DemoSeed> {
  const bundle = generateWorkspace(options);
  const report = await importBundle(bundle, hubImportSink(db));
  if (report.fatal) return { tokens: { rep: '', marketing: '', admin: '' }, report };
  await setMeta(db, 'workspace', bundle.workspace ?? 'Cuecard demo');
  const tokens = { rep: '', marketing: '', admin: '' } satisfies Record<Role, string>;
  for (const role of roleSchema.options) {
    // The rep `npm run demo` connects as owns the showcase accounts: their leads are found by this address.
    tokens[role] = (await addUser(db, `Demo ${role}`, role, role === 'rep' ? DEMO_REP.email : undefined)).token;
  }
  const now = new Date().toISOString();
  const teamUsage = generateDemoUsage(bundle, { reps: DEMO_TEAM.length, seed: options.seed, now });
  // And what they did with the leads marketing handed them: the leads report's story.
  const leadActivity = generateDemoLeadActivity(bundle.prospects ?? [], DEMO_TEAM, { seed: options.seed, now });
  // The workspace's prospects name these reps by email (owner).
  for (const [index, rep] of DEMO_TEAM.entries()) {
    const { user } = await addUser(db, rep.name, 'rep', rep.email);
    await insertUsage(db, user.id, teamUsage[index]!);
    for (let i = 0; i < leadActivity[index]!.length; i += 1_000) await insertUsage(db, user.id, leadActivity[index]!.slice(i, i + 1_000));
  }
  return { tokens, report };
}
