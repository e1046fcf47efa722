import { describe, expect, it } from 'vitest';
import { asset, message, prospect, runtimeRequest, touch, usageEvent, syncResponse } from '../../lib/contract';

describe('data contract', () => {
  it('accepts a complete prospect and strips unknown keys', () => {
    const parsed = prospect.parse({ id: 'p1', email: 'a@b.co', name: 'A', crmIds: { salesforce: '003Dn00000QxAbcIAF' }, extra: 1 });
    expect(parsed).toEqual({ id: 'p1', email: 'a@b.co', name: 'A', crmIds: { salesforce: '003Dn00000QxAbcIAF' } });
  });

  it('does not let a __proto__ key pollute anything', () => {
    const row = JSON.parse('{"id":"p1","email":"a@b.co","__proto__":{"polluted":true}}');
    const parsed = prospect.parse(row);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['id', 'email']);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'http://acme.com/a', '/relative', 'https//broken'])(
    'rejects the asset URL %j',
    (url) => {
      expect(asset.safeParse({ id: 'a1', title: 'T', url, kind: 'deck', status: 'approved' }).success).toBe(false);
    },
  );

  it('rejects a touch with an unknown type or an unreadable date', () => {
    expect(touch.safeParse({ id: 't', prospectId: 'p', type: 'fax', occurredAt: '2026-01-01' }).success).toBe(false);
    expect(touch.safeParse({ id: 't', prospectId: 'p', type: 'webinar', occurredAt: 'yesterday' }).success).toBe(false);
  });

  it('rejects a message without body or with an unknown status', () => {
    expect(message.safeParse({ id: 'm', title: 't', status: 'approved' }).success).toBe(false);
    expect(message.safeParse({ id: 'm', title: 't', body: 'b', status: 'published' }).success).toBe(false);
  });

  it('keeps usage events to ids: no free text beyond a bounded content request', () => {
    const base = { id: '7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f', type: 'message_copied', at: '2026-11-20T10:00:00Z', surface: 'salesforce', messageId: 'm1' };
    expect(usageEvent.safeParse(base).success).toBe(true);
    expect(usageEvent.safeParse({ ...base, request: 'x'.repeat(501) }).success).toBe(false);
    expect(usageEvent.parse({ ...base, emailBody: 'secret' })).not.toHaveProperty('emailBody');
  });

  it('reads a hub sync page', () => {
    const page = syncResponse.parse({ changes: [{ seq: 1, kind: 'prospect', op: 'delete', id: 'p1' }], cursor: 1, hasMore: false });
    expect(page.changes[0]!.op).toBe('delete');
  });

  it('drops unknown runtime message types', () => {
    expect(runtimeRequest.safeParse({ type: 'store:wipe' }).success).toBe(false);
    expect(runtimeRequest.safeParse({ type: 'store:counts' }).success).toBe(true);
  });

  it('validates every row of an import chunk message', () => {
    const good = { id: 'p1', email: 'a@b.co' };
    expect(runtimeRequest.safeParse({ type: 'import:chunk', collection: 'prospects', rows: [good] }).success).toBe(true);
    expect(runtimeRequest.safeParse({ type: 'import:chunk', collection: 'prospects', rows: [good, { id: 'p2' }] }).success).toBe(false);
  });
});
