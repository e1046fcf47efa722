import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import { sendFrameKeysWith } from '../../lib/messaging/client';
import { collectFrameKeys } from '../../components/sidebar/frame-keys';
import '../../assets/sidebar.css';

/** The content script answers our hello within milliseconds; past this, requests go without a key. */
const FRAME_KEY_WAIT_MS = 2_000;

// Inside a page, the background answers only with the key our content script hands this frame
// (lib/page/frame-key.ts). Opened on its own (a tab), there is no page and no key to wait for.
if (window.parent !== window) {
  const keys = collectFrameKeys(window);
  sendFrameKeysWith({ current: keys.current, ready: keys.ready(FRAME_KEY_WAIT_MS), confirm: keys.confirm });
}

createRoot(document.getElementById('root')!).render(<SidebarApp />);
