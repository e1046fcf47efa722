/**
 * What a live connector's vendor→contract mappings produce (lib/import/connectors/<vendor>.ts).
 * The hub's connector runtime (hub/connectors/runtime.ts) turns these into contract rows: it
 * finds the prospect a person already is on the hub (vendor id, CRM id, email), or gives a new
 * one the id every importer gives that email (prospectIdForEmail), so CSV imports and connectors
 * land on the same person.
 *
 * Pure: no I/O, no clock.
 */
import type { CrmSystem, Prospect, Touch } from '../../contract';

/** A person as the vendor has them; `vendorId` is the vendor's own record id. */
export interface VendorPerson {
  vendorId: string;
  prospect: Omit<Prospect, 'id'>;
  /** A CRM id the hub's existing prospects may carry (HubSpot and Salesforce record ids). */
  crm?: { system: CrmSystem; recordId: string };
}

/** An activity, naming its person by vendor id or email (HubSpot email events carry only the recipient). */
export interface VendorTouch {
  person: { vendorId?: string; email?: string };
  touch: Omit<Touch, 'prospectId'>;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; skip: string };

export const mapped = <T>(value: T): Mapped<T> => ({ ok: true, value });
export const skipped = <T>(reason: string): Mapped<T> => ({ ok: false, skip: reason });

/** Contract text limits (lib/contract/data.ts), applied before validation so a long vendor value is cut, not a rejected row. */
export function clip(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = String(value).trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/** A vendor timestamp (ISO text, epoch ms as number or digits) as ISO, or undefined. */
export function isoFrom(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = typeof value === 'number' || (typeof value === 'string' && /^\d{10,14}$/.test(value)) ? new Date(Number(value)) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
