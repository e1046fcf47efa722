import { defineConfig } from 'wxt';
import { SUPPORTED_HOST_PATTERNS } from './lib/sites/registry';

// Both browsers get Manifest V3; Firefox needs a stable gecko id for storage and policies.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: files type-check and unit-test without generated globals.
  imports: false,
  manifestVersion: 3,
  // Parallel work (and parallel CI jobs) can build into separate folders.
  outDir: process.env.CUECARD_OUT_DIR ?? '.output',
  manifest: ({ browser }) => ({
    name: 'Cuecard',
    description: 'Marketing context for B2B sales reps, inside their CRM and webmail.',
    // identity: launchWebAuthFlow, the browser's own window for "Sign in with your company" (issue 18).
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'alarms', 'identity'],
    // Enterprise policy for Chrome (Firefox reads policies.json "3rdparty" without a schema file).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    host_permissions: SUPPORTED_HOST_PATTERNS,
    // The sidebar toggle; users can change the keys in the browser's shortcut settings.
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+C' },
        description: 'Show or hide the Cuecard sidebar',
      },
    },
    // Empty lists keep other extensions and web pages from connecting at all.
    externally_connectable: browser === 'firefox' ? undefined : { ids: [], matches: [] },
    web_accessible_resources: [
      {
        // Only the page the web page embeds; its scripts load from the extension's own origin.
        resources: ['sidebar.html'],
        matches: SUPPORTED_HOST_PATTERNS,
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'cuecard@cuecard.app',
              strict_min_version: '128.0',
              // Firefox's built-in data consent (AMO requires the key since Nov 2025). Nothing is sent
              // without the rep's consent: usage events (ids, times, which site) are the optional
              // "technical and interaction" data, asked for when the rep ticks usage sharing.
              data_collection_permissions: { required: ['none'], optional: ['technicalAndInteraction'] },
            },
          },
        }
      : {}),
  }),
});
