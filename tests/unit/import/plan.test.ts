import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectCsv } from '../../../lib/import/csv/inspect';
import { planCsvImport } from '../../../lib/import/plan';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url), 'utf8');

/** The plan the options page shows and the hub enforces, from the file's own text. */
async function planOf(text: string, choice?: Parameters<typeof planCsvImport>[1]) {
  return planCsvImport(await inspectCsv(text), choice);
}

describe('the plan step of a CSV import (options page and hub alike)', () => {
  it('imports a confidently detected export at once, with the date order its sample settles', async () => {
    const plan = await planOf(fixture('salesforce-leads-report.csv'));
    expect(plan).toMatchObject({ ready: true, dateOrder: 'eu' });
    expect(plan.preset?.id).toBe('salesforce-leads-report');
    expect(plan.presetDoubt).toBeUndefined();
  });

  it('names the candidates when a header fits several kinds of export', async () => {
    const plan = await planOf('id,email\np-9,a@x.com\n');
    expect(plan.ready).toBe(false);
    expect(plan.presetDoubt?.kind).toBe('several');
    const candidates = plan.presetDoubt?.kind === 'several' ? plan.presetDoubt.candidates.map((match) => match.preset.id) : [];
    expect(candidates).toContain('salesforce-contacts-report');
    expect(candidates).toContain('cuecard-prospects');
    expect(candidates[0]).toBe(plan.preset?.id);
  });

  it('takes the caller’s preset and date order without second-guessing them', async () => {
    const plan = await planOf('id,email\np-9,a@x.com\n', { presetId: 'cuecard-prospects' });
    expect(plan).toMatchObject({ ready: true });
    expect(plan.preset?.id).toBe('cuecard-prospects');
    const dates = 'id,prospectId,type,occurredAt\nt-1,p-dana,webinar,03/04/2026\n';
    expect(await planOf(dates, { dateOrder: 'eu' })).toMatchObject({ ready: true, dateOrder: 'eu' });
  });

  it('asks for the date order only when no sampled date settles it', async () => {
    const open = await planOf('id,prospectId,type,occurredAt\nt-1,p-dana,webinar,03/04/2026\n');
    expect(open).toMatchObject({ ready: false, ambiguousDates: 1, dateOrder: 'auto' });
    expect(open.presetDoubt).toBeUndefined();
    const settled = await planOf('id,prospectId,type,occurredAt\nt-1,p-dana,webinar,03/04/2026\nt-2,p-dana,webinar,11/18/2026\n');
    expect(settled).toMatchObject({ ready: true, dateOrder: 'us' });
    expect(settled.ambiguousDates).toBeUndefined();
  });

  it('offers the closest preset, with what it lacks, when none fits', async () => {
    const plan = await planOf('Name,Favourite colour\nDana,blue\n');
    expect(plan.ready).toBe(false);
    expect(plan.presetDoubt?.kind).toBe('none');
    const closest = plan.presetDoubt?.kind === 'none' ? plan.presetDoubt.closest : undefined;
    expect(closest?.preset.id).toBe(plan.preset?.id);
    expect(closest?.missing.length).toBeGreaterThan(0);
  });

  it('has nothing to confirm in a file no preset can read', async () => {
    expect(await planOf('')).toMatchObject({ ready: false, fatal: expect.stringMatching(/empty/) });
    const oneColumn = await planOf('Email^First Name\na@x.com^Ann\n');
    expect(oneColumn.fatal).toMatch(/Only one column was found/);
    expect(oneColumn.preset).toBeUndefined();
  });
});
