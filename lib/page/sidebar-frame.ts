/**
 * The sidebar's place in the page: a fixed container with the extension iframe, a resize handle
 * and a collapse toggle. Built with DOM APIs only (Gmail enforces Trusted Types, and no data ever
 * goes into the page). The page sees an iframe whose document it cannot read, and nothing else.
 */
export interface FrameLayout {
  width: number;
  collapsed: boolean;
}

export const DEFAULT_LAYOUT: FrameLayout = { width: 360, collapsed: false };
export const MIN_WIDTH = 280;
export const MAX_WIDTH = 640;

export function clampWidth(width: number): number {
  if (!Number.isFinite(width)) return DEFAULT_LAYOUT.width;
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
}

/** Inline !important styles: the host page's CSS must not restyle or hide the sidebar. */
function style(element: HTMLElement, rules: Record<string, string>): void {
  for (const [name, value] of Object.entries(rules)) element.style.setProperty(name, value, 'important');
}

export interface SidebarFrame {
  root: HTMLElement;
  /** The extension iframe itself (the content script hands it its key). */
  frame: HTMLIFrameElement;
  setVisible(visible: boolean): void;
  setLayout(layout: FrameLayout): void;
  toggle(): void;
  destroy(): void;
}

/**
 * Narrows the page to the left of the sidebar. A transform on <body> makes it the containing
 * block of the page's position:fixed elements, so docks pinned to the right edge (Gmail's and
 * Outlook's compose windows) move left with it instead of sliding under the sidebar. Only for
 * app-style pages whose <body> does not scroll: the mail clients.
 */
function reservePageSpace(doc: Document, width: number): () => void {
  const body = doc.body;
  if (!body) return () => undefined;
  const names = ['transform', 'width', 'height', 'overflow'] as const;
  const before = names.map((name) => [name, body.style.getPropertyValue(name), body.style.getPropertyPriority(name)] as const);
  body.style.setProperty('transform', 'translateZ(0)', 'important');
  body.style.setProperty('width', `calc(100vw - ${width}px)`, 'important');
  body.style.setProperty('height', '100vh', 'important');
  body.style.setProperty('overflow', 'hidden', 'important');
  return () => {
    for (const [name, value, priority] of before) {
      if (value) body.style.setProperty(name, value, priority);
      else body.style.removeProperty(name);
    }
  };
}

export interface SidebarFrameOptions {
  /** See SiteAdapter.reservesSpace. */
  reservesSpace?: boolean;
}

export function createSidebarFrame(
  doc: Document,
  src: string,
  initial: FrameLayout,
  onLayoutChange: (layout: FrameLayout) => void,
  options: SidebarFrameOptions = {},
): SidebarFrame {
  let releasePage: (() => void) | undefined;
  let reservedWidth = 0;
  let layout = { ...initial, width: clampWidth(initial.width) };
  let visible = false;

  const root = doc.createElement('div');
  root.setAttribute('data-cuecard', 'root');
  style(root, {
    all: 'initial',
    position: 'fixed',
    top: '0',
    right: '0',
    height: '100vh',
    'z-index': '2147483646',
    display: 'none',
  });

  const frame = doc.createElement('iframe');
  frame.setAttribute('data-cuecard', 'sidebar');
  frame.setAttribute('title', 'Cuecard');
  // With use_dynamic_url, clipboard-write needs the wildcard form (DESIGN.md).
  frame.setAttribute('allow', 'clipboard-write *');
  style(frame, {
    border: '0',
    'border-left': '1px solid rgba(0,0,0,0.15)',
    height: '100%',
    'box-shadow': '-2px 0 8px rgba(0,0,0,0.12)',
    background: 'transparent',
    'color-scheme': 'normal',
  });

  const handle = doc.createElement('div');
  handle.setAttribute('data-cuecard', 'resize-handle');
  handle.setAttribute('role', 'separator');
  handle.setAttribute('aria-orientation', 'vertical');
  handle.setAttribute('aria-label', 'Resize Cuecard sidebar');
  handle.tabIndex = 0;
  style(handle, { position: 'absolute', left: '-4px', top: '0', width: '8px', height: '100%', cursor: 'col-resize' });

  const toggleButton = doc.createElement('button');
  toggleButton.setAttribute('data-cuecard', 'toggle');
  toggleButton.type = 'button';
  style(toggleButton, {
    position: 'absolute',
    top: '88px',
    left: '-28px',
    width: '28px',
    height: '72px',
    border: '0',
    'border-radius': '6px 0 0 6px',
    background: '#3b3bd6',
    color: '#fff',
    font: '600 12px system-ui, sans-serif',
    cursor: 'pointer',
    padding: '0',
  });

  root.append(handle, frame, toggleButton);

  function render(): void {
    style(root, { display: visible ? 'block' : 'none', width: layout.collapsed ? '0px' : `${layout.width}px` });
    const wanted = options.reservesSpace && visible && !layout.collapsed ? layout.width : 0;
    if (wanted !== reservedWidth) {
      releasePage?.();
      releasePage = wanted > 0 ? reservePageSpace(doc, wanted) : undefined;
      reservedWidth = wanted;
    }
    style(frame, { width: `${layout.width}px`, display: layout.collapsed ? 'none' : 'block' });
    style(handle, { display: layout.collapsed ? 'none' : 'block' });
    toggleButton.textContent = layout.collapsed ? 'Cuecard' : '›';
    // Vertical label when collapsed; a plain chevron when open.
    style(toggleButton, { 'writing-mode': layout.collapsed ? 'vertical-rl' : 'horizontal-tb', 'font-size': layout.collapsed ? '12px' : '20px' });
    toggleButton.setAttribute('aria-expanded', String(!layout.collapsed));
    toggleButton.setAttribute('aria-label', layout.collapsed ? 'Show Cuecard sidebar' : 'Hide Cuecard sidebar');
  }

  function update(next: FrameLayout, persist: boolean): void {
    layout = { width: clampWidth(next.width), collapsed: next.collapsed };
    render();
    if (persist) onLayoutChange(layout);
  }

  const toggle = () => update({ ...layout, collapsed: !layout.collapsed }, true);
  toggleButton.addEventListener('click', toggle);

  handle.addEventListener('pointerdown', (down) => {
    down.preventDefault();
    handle.setPointerCapture(down.pointerId);
    // The iframe would swallow pointer events while dragging over it.
    style(frame, { 'pointer-events': 'none' });
    const move = (event: PointerEvent) => update({ ...layout, width: doc.documentElement.clientWidth - event.clientX }, false);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      style(frame, { 'pointer-events': 'auto' });
      onLayoutChange(layout);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
  handle.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key === 'ArrowLeft') update({ ...layout, width: layout.width + step }, true);
    else if (event.key === 'ArrowRight') update({ ...layout, width: layout.width - step }, true);
    else return;
    event.preventDefault();
  });

  render();
  // Under <html>, not <body>: SPAs that rebuild <body> must not take the sidebar with them.
  doc.documentElement.appendChild(root);

  return {
    root,
    frame,
    setVisible(next) {
      visible = next;
      // Load the sidebar page only once a supported record is shown: other pages pay nothing.
      // And only after the page's own load event: an iframe still loading holds that event back,
      // which the CRM's own scripts (and the page-load budget) would feel.
      if (visible && !frame.getAttribute('src')) {
        if (doc.readyState === 'complete') frame.src = src;
        else doc.defaultView?.addEventListener('load', () => frame.getAttribute('src') || (frame.src = src), { once: true });
      }
      render();
    },
    setLayout: (next) => update(next, false),
    toggle,
    destroy: () => {
      releasePage?.();
      root.remove();
    },
  };
}
