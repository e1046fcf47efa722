/**
 * A vendor fake in its own process, for the bench: the vendor is another machine in production,
 * so its JSON work must not share the hub's event loop. Prints ONE JSON line on stdout
 * `{ url, create }` (`create`: a POST /v1/connectors body that signs in to it), then takes
 * commands on stdin, one JSON line each, answering one line each:
 *   {"changes": N}   N changes at the vendor (half edits of people, half new clicks) → {"ok": true}
 *
 *   node --import tsx hub/connectors/fakes/serve.ts --vendor hubspot --people 10000 --activities 500000
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CONNECTOR_VENDORS, type ConnectorVendor } from '../../../lib/contract';
import { SCENARIOS } from '../test-kit';
import { FakeHubspot, seedHubspotPortal } from './hubspot';

const { values } = parseArgs({ options: { vendor: { type: 'string' }, people: { type: 'string' }, activities: { type: 'string' } } });
const vendor = values.vendor as ConnectorVendor;
if (!(CONNECTOR_VENDORS as readonly string[]).includes(vendor)) throw new Error(`--vendor must be one of ${CONNECTOR_VENDORS.join(', ')}`);
const people = Number(values.people ?? 1_000);
const activities = Number(values.activities ?? 10_000);

const scenario = SCENARIOS[vendor]();
let create = scenario.create('Bench');
let change: (i: number) => void;
if (vendor === 'hubspot') {
  // The budget's workspace: every event an open or a click, so 500,000 events are 500,000 touches.
  const fake = new FakeHubspot();
  await fake.start();
  seedHubspotPortal(fake, { contacts: people, events: activities, seed: 42, days: 300, types: ['OPEN', 'OPEN', 'CLICK', 'OPEN'] });
  create = { vendor: 'hubspot', name: 'Bench', baseUrl: fake.url, credentials: { token: fake.issueToken() } };
  const ids = [...fake.contacts.keys()];
  change = (i) => {
    if (i % 2) fake.updateContact(ids[i % ids.length]!, { jobtitle: `Title ${i}` });
    else fake.addEvent({ type: 'CLICK', recipient: String(fake.contacts.get(ids[i % ids.length]!)!.properties.email), created: Date.now() - 1_000, emailCampaignId: 1_001, url: 'https://www.example.com/new' });
  };
  console.log(JSON.stringify({ url: fake.url, create }));
} else {
  await scenario.fake.start();
  if (vendor === 'salesforce') (scenario.fake as import('./salesforce').FakeSalesforce).batchSize = 2_000;
  create = scenario.create('Bench');
  scenario.seed(people, Math.max(1, Math.round(activities / people)));
  change = (i) => {
    if (i % 2) scenario.update(i % people, `Title ${i}`);
    else scenario.addClick(i % people);
  };
  console.log(JSON.stringify({ url: scenario.fake.url, create }));
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { changes?: number };
  for (let i = 0; i < (command.changes ?? 0); i++) change(i);
  console.log(JSON.stringify({ ok: true }));
}
process.exit(0);
