/**
 * The page script of pipedrive pages: one bundle with this site's adapter only. Injected by the
 * background after the page's load event (lib/background/page-script.ts), so not in the manifest.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page/run-page-script';
import { pipedrive } from '../lib/sites/pipedrive';

export default defineContentScript({ registration: 'runtime', main: (ctx) => runPageScript(ctx, pipedrive) });
