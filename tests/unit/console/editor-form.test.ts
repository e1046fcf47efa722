/**
 * The console editor's form ↔ row: what marketing types becomes a contract-valid row, fields the
 * form does not show survive, a date whose day did not change keeps its stored time, and the
 * contract's own rules (https links) come back as field problems.
 */
import { describe, expect, it } from 'vitest';
import type { Asset, Message } from '../../../lib/contract';
import { buildRow, formFrom, newItemId } from '../../../hub/console/editor-form';
import { parsePath, toPath, type Route } from '../../../hub/console/routes';

const stored: Message = {
  id: 'm-roi',
  title: 'ROI note',
  body: 'Hi {{first_name}}',
  personas: ['finance'],
  status: 'approved',
  validFrom: '2026-01-01T09:30:00.000Z',
  validUntil: '2026-12-31',
  avoidPhrases: ['guarantee', 'cheapest'],
  version: 4,
};

describe('the editor form', () => {
  it('round-trips a stored message: unchanged days keep their time, the version rides along for the conflict check', () => {
    const form = formFrom(stored);
    expect(form).toMatchObject({ personas: 'finance', validFrom: '2026-01-01', validUntil: '2026-12-31', avoidPhrases: 'guarantee\ncheapest' });
    const { row, problems } = buildRow('message', 'm-roi', form, stored);
    expect(problems).toEqual({});
    expect(row).toEqual(stored);
  });

  it('splits lists, drops empty ones, and writes a changed day as a bare date (the whole day)', () => {
    const form = { ...formFrom(stored), personas: ' finance,  it ,finance, ', industries: '', validUntil: '2027-03-31', avoidPhrases: 'guarantee\n\n risk-free \n' };
    const { row } = buildRow('message', 'm-roi', form, stored);
    expect(row).toMatchObject({ personas: ['finance', 'it'], validUntil: '2027-03-31', validFrom: '2026-01-01T09:30:00.000Z', avoidPhrases: ['guarantee', 'risk-free'] });
    expect(row).not.toHaveProperty('industries');
  });

  it('reports what the contract refuses, by field, and builds no row', () => {
    const asset: Asset = { id: 'a-1', title: 'Guide', url: 'https://example.com/g', kind: 'guide', status: 'draft' };
    const bad = buildRow('asset', 'a-1', { ...formFrom(asset), url: 'javascript:alert(1)', title: ' ' }, asset);
    expect(bad.row).toBeUndefined();
    expect(bad.problems).toMatchObject({ url: 'must be an https: URL', title: 'is required' });
    expect(buildRow('asset', 'a-1', { ...formFrom(asset), assetKind: '' }, asset).problems).toMatchObject({ kind: expect.stringContaining('required') });
    expect(buildRow('message', 'm-roi', { ...formFrom(stored), replacedBy: 'm-roi' }, stored).problems).toMatchObject({ replacedBy: 'cannot be the item itself' });
  });

  it('makes readable, distinct ids from titles', () => {
    const a = newItemId('message', 'Fuel costs: one page — for Finance!');
    expect(a).toMatch(/^m-fuel-costs-one-page-for-finance-[0-9a-f]{6}$/);
    expect(newItemId('message', 'Fuel costs: one page — for Finance!')).not.toBe(a);
    expect(newItemId('asset', '???')).toMatch(/^a-[0-9a-f]{6}$/);
  });
});

describe('console paths', () => {
  it('every view has a path that opens it again, including ids that need escaping and an item called "new"', () => {
    const routes: Route[] = [
      { view: 'library', kind: 'message' },
      { view: 'library', kind: 'asset' },
      { view: 'edit', kind: 'message', id: null },
      { view: 'edit', kind: 'asset', id: 'a/b c?' },
      { view: 'edit', kind: 'message', id: 'new' },
      { view: 'attention' },
      { view: 'imports' },
      { view: 'users' },
      { view: 'usage' },
      { view: 'changes' },
      { view: 'connectors' },
    ];
    for (const route of routes) expect(parsePath(toPath(route))).toEqual(route);
    expect(parsePath('/')).toEqual({ view: 'library', kind: 'message' });
    expect(parsePath('/nowhere')).toEqual({ view: 'library', kind: 'message' });
  });
});
