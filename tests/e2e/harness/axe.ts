import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** The sidebar iframe's Frame (its URL is our sidebar.html, under a dynamic id in Chromium). */
export async function sidebarFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 50; i++) {
    const frame = page.frames().find((f) => f.url().endsWith('/sidebar.html'));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error('sidebar frame not found');
}

/**
 * axe-core inside the sidebar frame. Evaluated through the DevTools protocol rather than
 * addScriptTag: the extension page's CSP (script-src 'self') refuses an injected inline script.
 */
export async function runAxe(frame: Frame): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await frame.evaluate(source);
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}
