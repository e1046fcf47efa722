/**
 * The vendors the hub connects to, loaded on first use: jsforce and the HubSpot client add
 * seconds to a start-up that `user add` or `import` never need.
 */
import type { ConnectorVendor } from '../../lib/contract';
import type { AdapterFactory } from './runtime';

export async function loadAdapter(vendor: ConnectorVendor): Promise<AdapterFactory> {
  switch (vendor) {
    case 'hubspot':
      return (await import('./hubspot')).hubspotAdapter;
    case 'salesforce':
      return (await import('./salesforce')).salesforceAdapter;
    case 'marketo':
      return (await import('./marketo')).marketoAdapter;
    case 'mautic':
      return (await import('./mautic')).mauticAdapter;
  }
}
