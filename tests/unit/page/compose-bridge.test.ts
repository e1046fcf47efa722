// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createComposeBridge, type FoundPhrase } from '../../../lib/page/compose-bridge';

function page() {
  document.body.replaceChildren();
  const draftA = document.createElement('div');
  draftA.contentEditable = 'true';
  draftA.className = 'draft';
  draftA.textContent = 'Hello there, friend';
  const draftB = draftA.cloneNode() as HTMLDivElement;
  draftB.textContent = 'Second draft';
  const other = document.createElement('input');
  document.body.append(draftA, draftB, other);
  return { draftA, draftB, other };
}

const controller = new AbortController();
afterEach(() => vi.useRealTimers());

function bridge(target: () => HTMLElement | null, onWarnings = vi.fn<(f: FoundPhrase[]) => void>()) {
  return {
    onWarnings,
    bridge: createComposeBridge({
      doc: document,
      signal: controller.signal,
      composeTarget: target,
      loadRules: async () => [{ id: 'm-fin', phrases: ['guarantee', 'cheapest'] }],
      onWarnings,
      debounceMs: 5,
    }),
  };
}

function caretAt(node: Node, offset: number) {
  const range = document.createRange();
  range.setStart(node, offset);
  range.collapse(true);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

describe('insert into the compose body the rep last worked in', () => {
  it('inserts at the remembered caret even after focus moved elsewhere', () => {
    const { draftA, other } = page();
    let focused: HTMLElement | null = draftA;
    const { bridge: b } = bridge(() => focused);
    caretAt(draftA.firstChild!, 'Hello'.length);
    draftA.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
    // The rep clicks into the sidebar: the page loses focus and selection.
    focused = null;
    caretAt(other, 0);
    expect(b.insert(' dear')).toBe(true);
    expect(draftA.textContent).toBe('Hello dear there, friend');
  });

  it('follows the rep from one draft into another', () => {
    const { draftA, draftB } = page();
    let focused: HTMLElement = draftA;
    const { bridge: b } = bridge(() => focused);
    caretAt(draftA.firstChild!, 0);
    draftA.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    focused = draftB;
    caretAt(draftB.firstChild!, 'Second'.length);
    draftB.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    expect(b.insert('!')).toBe(true);
    expect(draftB.textContent).toBe('Second! draft');
    expect(draftA.textContent).toBe('Hello there, friend');
  });

  it('says no when the page has no compose body at all', () => {
    page();
    const { bridge: b } = bridge(() => null);
    expect(b.insert('text')).toBe(false);
  });
});

describe('avoid-phrase checks report phrases and rule ids, never the draft', () => {
  it('reports a typed phrase once, and an empty list when it is gone', async () => {
    const { draftA } = page();
    const { onWarnings } = bridge(() => draftA);
    draftA.textContent = 'We GUARANTEE results, guaranteed.';
    draftA.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await vi.waitFor(() => expect(onWarnings).toHaveBeenCalledTimes(1));
    expect(onWarnings).toHaveBeenLastCalledWith([{ phrase: 'guarantee', ruleId: 'm-fin' }]);
    draftA.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 30));
    expect(onWarnings).toHaveBeenCalledTimes(1);
    draftA.textContent = 'We deliver results.';
    draftA.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await vi.waitFor(() => expect(onWarnings).toHaveBeenCalledTimes(2));
    expect(onWarnings).toHaveBeenLastCalledWith([]);
    for (const [arg] of onWarnings.mock.calls) expect(JSON.stringify(arg)).not.toContain('results');
  });
});
