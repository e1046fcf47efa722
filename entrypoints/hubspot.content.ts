/**
 * The page script of hubspot pages: one bundle with this site's adapter only. Injected by the
 * background after the page's load event (lib/background/page-script.ts), so not in the manifest.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page/run-page-script';
import { hubspot } from '../lib/sites/hubspot';

export default defineContentScript({ registration: 'runtime', main: (ctx) => runPageScript(ctx, hubspot) });
