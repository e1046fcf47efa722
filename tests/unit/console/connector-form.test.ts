/**
 * The console's connector form → the connector routes' bodies: per-vendor credential fields, only
 * what changed in an edit, a new URL refused without the credentials again (as the hub would), and
 * the contract's own rules coming back as field problems.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectorView } from '../../../lib/contract';
import { buildCreate, buildPatch, credentialFields, emptyForm, formOf, signInOf } from '../../../hub/console/connector-form';

const stored: ConnectorView = {
  id: 'c-1',
  name: 'Acme HubSpot',
  vendor: 'hubspot',
  auth: 'private-app-token',
  baseUrl: 'https://api.hubapi.com',
  loginUrl: null,
  enabled: true,
  state: 'idle',
  status: 'Up to date',
  pausedUntil: null,
  nextRunAt: null,
  lastRun: null,
  counts: { people: 0, touches: 0, deleted: 0 },
  streams: [],
  quotaShare: 0.25,
  dailyQuota: null,
  backfillDays: 365,
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('connector form', () => {
  it('asks each vendor for its own credentials, secrets in password fields', () => {
    expect(credentialFields(emptyForm('hubspot')).map((f) => [f.key, f.secret])).toEqual([['token', true]]);
    expect(credentialFields({ vendor: 'mautic', signIn: 'basic' }).map((f) => f.label)).toEqual(['User name', 'Password']);
    expect(credentialFields(emptyForm('salesforce')).map((f) => f.label)).toEqual(['Consumer key', 'Consumer secret', 'Refresh token']);
    expect(signInOf({ vendor: 'salesforce', auth: 'client-credentials' })).toBe('oauth');
  });

  it('builds a create body, or says by field what is missing', () => {
    const missing = buildCreate({ ...emptyForm('marketo'), name: ' ' });
    expect(missing.body).toBeUndefined();
    expect(missing.problems).toMatchObject({ name: 'is required', url: 'is required', clientId: 'is required', clientSecret: 'is required' });

    const built = buildCreate({ ...emptyForm('hubspot'), name: 'Acme', url: 'http://127.0.0.1:4010', quotaPercent: '10', credentials: { token: ' pat-1 ' } });
    expect(built.body).toEqual({ vendor: 'hubspot', name: 'Acme', baseUrl: 'http://127.0.0.1:4010', credentials: { token: 'pat-1' }, quotaShare: 0.1 });

    // The contract's rule (https, except on loopback) comes back on the URL field.
    const plain = buildCreate({ ...emptyForm('hubspot'), name: 'Acme', url: 'http://hubspot.example', credentials: { token: 'pat-1' } });
    expect(plain.body).toBeUndefined();
    expect(plain.problems.url).toMatch(/https/);
    expect(buildCreate({ ...emptyForm('hubspot'), name: 'Acme', quotaPercent: '0', credentials: { token: 't' } }).problems.quotaPercent).toMatch(/1 to 100/);
  });

  it('an edit sends only what changed, and a new URL only with the credentials again', () => {
    const form = formOf(stored);
    expect(form).toMatchObject({ name: 'Acme HubSpot', url: 'https://api.hubapi.com', quotaPercent: '25', credentials: {} });
    expect(buildPatch(stored, form).body).toEqual({});
    expect(buildPatch(stored, { ...form, name: 'Acme (prod)', quotaPercent: '10' }).body).toEqual({ name: 'Acme (prod)', quotaShare: 0.1 });
    expect(buildPatch(stored, { ...form, credentials: { token: 'pat-2' } }).body).toEqual({ credentials: { token: 'pat-2' } });

    const moved = buildPatch(stored, { ...form, url: 'https://eu1.api.hubapi.com' });
    expect(moved.body).toBeUndefined();
    expect(moved.problems.form).toMatch(/new URL needs the credentials again/);
    expect(moved.problems.token).toBe('is needed again with a new URL');
    expect(buildPatch(stored, { ...form, url: 'https://eu1.api.hubapi.com', credentials: { token: 'pat-2' } }).body).toEqual({
      baseUrl: 'https://eu1.api.hubapi.com',
      credentials: { token: 'pat-2' },
    });
  });
});
