/**
 * What the hub reads of SCIM requests, as pure functions: filters, PATCH operations in the shapes
 * Okta and Entra ID send (sources in protocol.ts), and names.
 */
import { describe, expect, it } from 'vitest';
import { fullName, groupPatch, parseFilter, patchOperations, ScimError, scimBoolean, userFromBody, userPatch } from './protocol';

describe('SCIM filters', () => {
  it('reads eq terms joined by and, attribute names without case, escaped quotes in values', () => {
    expect(parseFilter('userName eq "test.user@okta.local"')).toEqual([{ attribute: 'username', value: 'test.user@okta.local' }]);
    expect(parseFilter('emails[type eq "work"].value eq "a@b.example" and ACTIVE eq true')).toEqual([
      { attribute: 'emails.value', value: 'a@b.example' },
      { attribute: 'active', value: 'true' },
    ]);
    expect(parseFilter('displayName eq "Sales \\"EMEA\\""')).toEqual([{ attribute: 'displayname', value: 'Sales "EMEA"' }]);
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toEqual([{ attribute: 'username', value: 'x' }]);
    expect(parseFilter(undefined)).toEqual([]);
  });

  it('refuses what it cannot read as invalidFilter (other operators, or, garbage)', () => {
    for (const filter of ['userName co "x"', 'userName eq "x" or userName eq "y"', 'userName eq x', '"x"', 'userName eq "x" and']) {
      expect(() => parseFilter(filter), filter).toThrow(ScimError);
      try {
        parseFilter(filter);
      } catch (error) {
        expect((error as ScimError).scimType).toBe('invalidFilter');
      }
    }
  });
});

describe('SCIM PATCH', () => {
  it('Okta: no path, the changes inside value', () => {
    expect(userPatch(patchOperations({ Operations: [{ op: 'replace', value: { active: false } }] }), {})).toEqual({ active: false });
  });

  it('Entra ID: capitalised ops, booleans as strings, paths with filters, attributes the hub does not keep', () => {
    const ops = patchOperations({
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@acme.example' },
        { op: 'Replace', path: 'name.familyName', value: 'Newname' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Sales' },
      ],
    });
    expect(userPatch(ops, { givenName: 'Ann', familyName: 'Old' })).toEqual({ active: false, email: 'new@acme.example', name: { givenName: 'Ann', familyName: 'Newname' } });
  });

  it('groups: Okta’s member filter path, Entra’s removeMember with a value, a replace of the whole list', () => {
    expect(groupPatch(patchOperations({ Operations: [{ op: 'remove', path: 'members[value eq "u_1"]' }] }))).toEqual({ add: [], remove: ['u_1'] });
    expect(groupPatch(patchOperations({ Operations: [{ name: 'removeMember', op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u_2' }] }] }))).toEqual({ add: [], remove: ['u_2'] });
    expect(groupPatch(patchOperations({ Operations: [{ op: 'add', path: 'members', value: [{ value: 'u_3', display: 'x' }] }] }))).toEqual({ add: ['u_3'], remove: [] });
    expect(groupPatch(patchOperations({ Operations: [{ op: 'replace', path: 'members', value: [{ value: 'u_4' }] }] }))).toEqual({ members: ['u_4'], add: [], remove: [] });
    expect(groupPatch(patchOperations({ Operations: [{ op: 'replace', value: { id: 'g_1', displayName: 'Renamed' } }] }))).toEqual({ displayName: 'Renamed', add: [], remove: [] });
  });

  it('refuses a body without Operations, an unknown op, removing active', () => {
    expect(() => patchOperations({})).toThrow(/needs Operations/);
    expect(() => patchOperations({ Operations: [{ op: 'move' }] })).toThrow(/Unknown PATCH op/);
    expect(() => userPatch(patchOperations({ Operations: [{ op: 'remove', path: 'active' }] }), {})).toThrow(/cannot be removed/);
  });
});

describe('SCIM users', () => {
  it('reads a User body: the primary email (or the userName when it is an address), active by default', () => {
    expect(userFromBody({ userName: 'ann@acme.example', name: { givenName: 'Ann', familyName: 'Rep' } })).toMatchObject({ email: 'ann@acme.example', active: true });
    expect(userFromBody({ userName: 'ANNR', emails: [{ value: 'home@x.example', type: 'home' }, { value: 'ann@acme.example', primary: true }] })).toMatchObject({ email: 'ann@acme.example' });
    expect(userFromBody({ userName: 'ANNR' }).email).toBeNull();
    expect(() => userFromBody({ userName: 'x', active: 'maybe' })).toThrow(/active must be true or false/);
    expect(scimBoolean('TRUE')).toBe(true);
    expect(scimBoolean(0)).toBeUndefined();
  });

  it('shows a person by displayName, else formatted, else given and family name, else the userName', () => {
    expect(fullName({ displayName: 'Ann R.', formatted: 'Ann Rep' }, 'ann')).toBe('Ann R.');
    expect(fullName({ formatted: 'Ann Rep' }, 'ann')).toBe('Ann Rep');
    expect(fullName({ givenName: 'Ann', familyName: 'Rep' }, 'ann')).toBe('Ann Rep');
    expect(fullName({}, 'ann@acme.example')).toBe('ann@acme.example');
  });
});
