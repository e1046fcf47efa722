// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { documentAt } from './fixture-window';
import { emailIn, firstVisible, isHidden, neverThrows, queryAll, shownValue, textOf, visibleAll } from '../../../lib/sites/dom';

const URL_ = 'https://example.lightning.force.com/';
const byId = (doc: Document, id: string) => doc.getElementById(id)!;

describe('what hidden means (one meaning for every adapter)', () => {
  it('the hidden attribute and inline display:none / visibility:hidden, on the element or any ancestor', () => {
    const doc = documentAt(
      URL_,
      `<div hidden><a id="a">x</a></div>
       <div style="display: none"><div><a id="b">x</a></div></div>
       <section style="visibility: hidden"><a id="c">x</a></section>
       <a id="d" style="display:none">x</a>
       <a id="shown">x</a>`,
    );
    for (const id of ['a', 'b', 'c', 'd']) expect(isHidden(byId(doc, id)), id).toBe(true);
    expect(isHidden(byId(doc, 'shown'))).toBe(false);
  });

  it('hidden by a stylesheet class (SLDS .slds-hide), answered from the computed style where there is no layout', () => {
    const doc = documentAt(URL_, `<style>.slds-hide { display: none !important; }</style>
      <div class="forceHoverPanel slds-hide"><a id="owner" href="mailto:sam@x.com">Sam</a></div><a id="shown">x</a>`);
    expect(isHidden(byId(doc, 'owner'))).toBe(true);
    expect(isHidden(byId(doc, 'shown'))).toBe(false);
  });

  it('not aria-hidden: modals set it on the record behind them, and Gmail on visible text', () => {
    const doc = documentAt(URL_, `<div aria-hidden="true"><a id="field" href="mailto:dana@x.com">dana@x.com</a></div>`);
    expect(isHidden(byId(doc, 'field'))).toBe(false);
  });

  it('where the page is laid out: no box or a zero-size box is hidden; display:contents counts its children', () => {
    const doc = documentAt(URL_, `<div id="empty"></div><div id="sized">x</div><div id="contents"><span id="child">x</span></div>`);
    const box = (width: number, height: number) => () => ({ width, height }) as DOMRect;
    doc.documentElement.getBoundingClientRect = box(1280, 800);
    byId(doc, 'empty').getBoundingClientRect = box(0, 0);
    byId(doc, 'sized').getBoundingClientRect = box(120, 18);
    byId(doc, 'contents').getBoundingClientRect = box(0, 0);
    byId(doc, 'contents').style.setProperty('display', 'contents');
    byId(doc, 'child').getBoundingClientRect = box(40, 18);
    expect(isHidden(byId(doc, 'empty'))).toBe(true);
    expect(isHidden(byId(doc, 'sized'))).toBe(false);
    expect(isHidden(byId(doc, 'contents'))).toBe(false);
    byId(doc, 'child').getBoundingClientRect = box(0, 0);
    expect(isHidden(byId(doc, 'contents'))).toBe(true);
  });
});

describe('queries', () => {
  const doc = () =>
    documentAt(
      URL_,
      `<div class="stale" style="display:none"><h1 class="t">Old</h1></div>
       <aside class="preview"><h1 class="t">Preview</h1></aside>
       <h1 class="t" id="current">  Dana\u200e  Whitfield </h1><h2 class="u">Second</h2>
       <div id="field"><input value=" dana@x.com "></div><div id="dash">---</div>`,
    );

  it('firstVisible tries selectors in fallback order, skipping hidden matches and what `skip` rejects', () => {
    const page = doc();
    expect(firstVisible(page, ['.missing', 'h1.t'], (el) => el.closest('.preview') !== null)?.id).toBe('current');
    expect(firstVisible(page, ['h2.u', 'h1.t'])?.textContent).toBe('Second');
    expect(visibleAll(page, ['h2.u', 'h1.t']).map((el) => el.textContent?.trim())).toEqual(['Second', 'Preview', 'Dana\u200e  Whitfield']);
  });

  it('a selector the engine rejects costs only itself', () => {
    const page = doc();
    expect(queryAll(page, 'flexipage_record-[')).toEqual([]);
    expect(firstVisible(page, ['flexipage_record-[', 'h2.u'])?.textContent).toBe('Second');
  });

  it('reads clean text, and an input’s live value before its text', () => {
    const page = doc();
    expect(textOf(byId(page, 'current'))).toBe('Dana Whitfield');
    const input = page.querySelector('input')!;
    input.value = 'marcus@x.com';
    expect(shownValue(byId(page, 'field'))).toBe('marcus@x.com');
    expect(shownValue(byId(page, 'dash'))).toBe('---');
    expect(shownValue(null)).toBeUndefined();
  });

  it('reads the address an element shows: mail link, then live input value, then text node by text node', () => {
    const page = documentAt(
      URL_,
      `<span id="link"><a href="mailto:Dana.Whitfield@Northwind-Logistics.com?subject=Hi">Dana</a></span>
       <div id="input"><input value="x"></div>
       <li id="glued"><span>marcus@northwind-logistics.com</span><button>Copy</button></li>
       <p id="none">Dana Whitfield</p>`,
    );
    expect(emailIn(byId(page, 'link'))).toBe('dana.whitfield@northwind-logistics.com');
    page.querySelector('input')!.value = ' priya.raman@helixbio.io ';
    expect(emailIn(byId(page, 'input'))).toBe('priya.raman@helixbio.io');
    // textContent would read "marcus@northwind-logistics.comCopy".
    expect(emailIn(byId(page, 'glued'))).toBe('marcus@northwind-logistics.com');
    expect(emailIn(byId(page, 'none'))).toBeUndefined();
    expect(emailIn(null)).toBeUndefined();
  });

  it('neverThrows turns a reader that throws into "not a supported page"', () => {
    const read = neverThrows((value: number) => {
      if (value < 0) throw new Error('markup changed');
      return value * 2;
    });
    expect(read(2)).toBe(4);
    expect(read(-1)).toBeNull();
  });
});
