/**
 * The page script of outlook pages: one bundle with this site's adapter only. Injected by the
 * background after the page's load event (lib/background/page-script.ts), so not in the manifest.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page/run-page-script';
import { createSendTracker } from '../lib/page/send-tracker';
import { outlook, outlookSend } from '../lib/sites/outlook';

export default defineContentScript({ registration: 'runtime', main: (ctx) => runPageScript(ctx, outlook, { site: outlookSend, track: createSendTracker }) });
