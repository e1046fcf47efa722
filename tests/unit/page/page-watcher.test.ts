// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { watchPage } from '../../../lib/page/page-watcher';
import type { SiteAdapter } from '../../../lib/sites/types';

describe('page watcher', () => {
  it('re-detects when focus moves from one open draft into another (no DOM change at all)', async () => {
    document.body.replaceChildren();
    const draftA = document.createElement('div');
    draftA.tabIndex = 0;
    draftA.dataset.to = 'dana@northwind-logistics.com';
    const draftB = document.createElement('div');
    draftB.tabIndex = 0;
    draftB.dataset.to = 'marcus@northwind-logistics.com';
    document.body.append(draftA, draftB);
    draftA.focus();

    const adapter: SiteAdapter = {
      id: 'gmail',
      hostPatterns: [],
      matchesHost: () => true,
      parseUrl: () => null,
      detect: (doc) => {
        const to = (doc.activeElement as HTMLElement | null)?.dataset?.to;
        return to ? { ref: { emails: [to] }, settled: true } : null;
      },
    };
    const onChange = vi.fn();
    const controller = new AbortController();
    watchPage({ adapter, doc: document, win: window, signal: controller.signal, onChange, debounceMs: 5 });
    expect(onChange).toHaveBeenLastCalledWith({ ref: { emails: ['dana@northwind-logistics.com'] }, settled: true });

    draftB.focus();
    draftB.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await vi.waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ ref: { emails: ['marcus@northwind-logistics.com'] }, settled: true }));
    controller.abort();
  });
});
