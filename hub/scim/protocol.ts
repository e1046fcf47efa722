/**
 * The parts of SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol) the hub reads, as pure functions:
 * filters, PATCH operations, and the attributes of a User or Group body. What identity providers
 * actually send is wider than the RFC; each quirk handled here names its source:
 *
 * - Okta: PATCH without a path, the changes in `value` ({"op":"replace","value":{"active":false}});
 *   group members removed with a filter path (members[value eq "id"]).
 *   https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
 * - Microsoft Entra ID: capitalised ops ("Replace", "Add", "Remove"); booleans as strings ("False")
 *   unless the app opts into `aadOptscim062020`; member removal as {"op":"Remove","path":"members",
 *   "value":[{"value":"id"}]}; emails[type eq "work"].value as a path.
 *   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 *   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
 */

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCHEMA_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCHEMA_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCHEMA_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** RFC 7644 §3.12 scimType values the hub uses. */
export type ScimType = 'invalidFilter' | 'uniqueness' | 'invalidValue' | 'invalidSyntax' | 'noTarget' | 'tooMany' | 'mutability';

export class ScimError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType, code = 'scim_error') {
  // The SCIM error (what providers read) plus the hub's usual { error } (what our own tools read).
  return { schemas: [SCHEMA_ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail, error: { code, message: detail } };
}

// ------------------------------------------------------------------------------------------
// Filters: `attribute eq "value"`, joined by `and` (all Okta and Entra send, RFC 7644 §3.4.2.2).

export interface FilterTerm {
  /** Lower-cased attribute path: `username`, `externalid`, `emails.value`, `displayname`, `id`, `members.value`. */
  attribute: string;
  value: string;
}

const TERM = /^\s*([A-Za-z][\w.:]*(?:\[[^\]]*\])?(?:\.[A-Za-z]\w*)?)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null)\s*/i;

/** Normalises an attribute path: `emails[type eq "work"].value` and `emails.value` are the same to the hub. */
function normaliseAttribute(path: string): string {
  const lower = path.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '');
  return lower.replace(/\[[^\]]*\]/, '');
}

export function parseFilter(filter: string | undefined): FilterTerm[] {
  if (filter === undefined || filter.trim() === '') return [];
  if (filter.length > 1_000) throw new ScimError(400, 'The filter is too long.', 'invalidFilter');
  const terms: FilterTerm[] = [];
  let rest = filter;
  for (;;) {
    const match = TERM.exec(rest);
    if (!match) throw new ScimError(400, `This hub understands filters of the form attribute eq "value" (joined by and); it cannot read "${filter.slice(0, 100)}".`, 'invalidFilter');
    const raw = match[2]!;
    terms.push({ attribute: normaliseAttribute(match[1]!), value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.toLowerCase() });
    rest = rest.slice(match[0].length);
    if (rest.trim() === '') return terms;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw new ScimError(400, `Only "and" joins filter terms here; cannot read "${filter.slice(0, 100)}".`, 'invalidFilter');
    rest = rest.slice(and[0].length);
  }
}

// ------------------------------------------------------------------------------------------
// Attribute values

/** Entra sends booleans as "True"/"False" strings (its documented SCIM compatibility issue). */
export function scimBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

const text = (value: unknown, max = 320): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined);

export interface ScimName {
  givenName?: string;
  familyName?: string;
  formatted?: string;
  displayName?: string;
}

/** The user attributes the hub keeps. `undefined` = not mentioned; `null` = cleared. */
export interface UserChanges {
  userName?: string;
  externalId?: string | null;
  name?: ScimName;
  email?: string | null;
  active?: boolean;
}

function emailOf(emails: unknown): string | null | undefined {
  if (!Array.isArray(emails)) return undefined;
  const entries = emails.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null);
  if (entries.length === 0) return null;
  const chosen = entries.find((entry) => scimBoolean(entry.primary) === true) ?? entries.find((entry) => String(entry.type ?? '').toLowerCase() === 'work') ?? entries[0]!;
  return text(chosen.value) ?? null;
}

/** A full User body (POST, PUT): every attribute the hub keeps, read from it. */
export function userFromBody(body: unknown): UserChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ScimError(400, 'The body must be a SCIM User object.', 'invalidSyntax');
  const record = body as Record<string, unknown>;
  const userName = text(record.userName);
  if (!userName) throw new ScimError(400, 'userName is required.', 'invalidValue');
  const name = (typeof record.name === 'object' && record.name !== null ? record.name : {}) as Record<string, unknown>;
  const active = record.active === undefined ? true : scimBoolean(record.active);
  if (active === undefined) throw new ScimError(400, 'active must be true or false.', 'invalidValue');
  return {
    userName,
    externalId: text(record.externalId, 200) ?? null,
    name: { givenName: text(name.givenName, 100), familyName: text(name.familyName, 100), formatted: text(name.formatted, 200), displayName: text(record.displayName, 200) },
    email: emailOf(record.emails) ?? (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(userName) ? userName : null),
    active,
  };
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** The Operations of a PatchOp body, ops lower-cased (Entra capitalises them). */
export function patchOperations(body: unknown): PatchOperation[] {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const operations = record.Operations ?? record.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError(400, 'A PATCH body needs Operations (RFC 7644 §3.5.2).', 'invalidSyntax');
  if (operations.length > 1_000) throw new ScimError(400, 'At most 1,000 operations per PATCH.', 'tooMany');
  return operations.map((raw) => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const op = String(entry.op ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, `Unknown PATCH op "${String(entry.op)}": use add, replace or remove.`, 'invalidSyntax');
    const path = typeof entry.path === 'string' && entry.path.trim() ? entry.path.trim() : undefined;
    return { op, path, value: entry.value };
  });
}

/** What a PATCH does to a user: the attributes the hub keeps; others (title, addresses…) are accepted and ignored. */
export function userPatch(operations: PatchOperation[], current: ScimName): UserChanges {
  const changes: UserChanges = {};
  const name: ScimName = { ...current };
  let nameTouched = false;
  const apply = (attribute: string, value: unknown, remove: boolean) => {
    switch (normaliseAttribute(attribute)) {
      case 'active': {
        if (remove) throw new ScimError(400, 'active cannot be removed; replace it with false.', 'mutability');
        const active = scimBoolean(value);
        if (active === undefined) throw new ScimError(400, 'active must be true or false.', 'invalidValue');
        changes.active = active;
        return;
      }
      case 'username':
        if (remove || !text(value)) throw new ScimError(400, 'userName cannot be empty.', 'invalidValue');
        changes.userName = text(value);
        return;
      case 'externalid':
        changes.externalId = remove ? null : (text(value, 200) ?? null);
        return;
      case 'displayname':
        name.displayName = remove ? undefined : text(value, 200);
        nameTouched = true;
        return;
      case 'name':
        if (remove) {
          delete name.givenName;
          delete name.familyName;
          delete name.formatted;
        } else if (typeof value === 'object' && value !== null) {
          for (const part of ['givenName', 'familyName', 'formatted'] as const) {
            if (part in value) name[part] = text((value as Record<string, unknown>)[part], 200);
          }
        }
        nameTouched = true;
        return;
      case 'name.givenname':
        name.givenName = remove ? undefined : text(value, 100);
        nameTouched = true;
        return;
      case 'name.familyname':
        name.familyName = remove ? undefined : text(value, 100);
        nameTouched = true;
        return;
      case 'name.formatted':
        name.formatted = remove ? undefined : text(value, 200);
        nameTouched = true;
        return;
      case 'emails':
        changes.email = remove ? null : Array.isArray(value) ? (emailOf(value) ?? null) : (text(value) ?? null);
        return;
      case 'emails.value':
        changes.email = remove ? null : (text(Array.isArray(value) ? (value[0] as Record<string, unknown> | undefined)?.value : value) ?? null);
        return;
      default:
        // Attributes the hub does not keep (title, addresses, the enterprise extension…): accepted, not stored.
        return;
    }
  };
  for (const operation of operations) {
    if (operation.path) {
      apply(operation.path, operation.value, operation.op === 'remove');
    } else if (operation.op !== 'remove' && typeof operation.value === 'object' && operation.value !== null && !Array.isArray(operation.value)) {
      // Okta (and Entra for some attributes): no path, the attributes inside value.
      for (const [attribute, value] of Object.entries(operation.value)) apply(attribute, value, false);
    } else {
      throw new ScimError(400, `A ${operation.op} without a path needs an object value.`, 'noTarget');
    }
  }
  if (nameTouched) changes.name = name;
  return changes;
}

/** The name a person is shown by: displayName, else formatted, else given and family name, else the userName. */
export function fullName(name: ScimName | undefined, userName: string): string {
  const parts = [name?.givenName, name?.familyName].filter(Boolean).join(' ');
  return (name?.displayName || name?.formatted || parts || userName).slice(0, 200);
}

// ------------------------------------------------------------------------------------------
// Groups

export interface GroupChanges {
  displayName?: string;
  externalId?: string | null;
  /** Replace the member list with these user ids. */
  members?: string[];
  add: string[];
  remove: string[];
}

const memberIds = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).value : entry))
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '')
    .map((id) => id.trim());
};

export function groupFromBody(body: unknown): GroupChanges & { displayName: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ScimError(400, 'The body must be a SCIM Group object.', 'invalidSyntax');
  const record = body as Record<string, unknown>;
  const displayName = text(record.displayName, 200);
  if (!displayName) throw new ScimError(400, 'displayName is required.', 'invalidValue');
  return { displayName, externalId: text(record.externalId, 200) ?? null, members: memberIds(record.members), add: [], remove: [] };
}

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i;

export function groupPatch(operations: PatchOperation[]): GroupChanges {
  const changes: GroupChanges = { add: [], remove: [] };
  const applyValue = (attribute: string, value: unknown, op: PatchOperation['op']) => {
    switch (normaliseAttribute(attribute)) {
      case 'displayname':
        if (op === 'remove' || !text(value, 200)) throw new ScimError(400, 'displayName cannot be empty.', 'invalidValue');
        changes.displayName = text(value, 200);
        return;
      case 'externalid':
        changes.externalId = op === 'remove' ? null : (text(value, 200) ?? null);
        return;
      case 'members':
        if (op === 'add') changes.add.push(...memberIds(value));
        else if (op === 'remove') {
          // Entra: path "members" with the leaving members in value; without a value, everyone leaves.
          if (value === undefined) changes.members = [];
          else changes.remove.push(...memberIds(value));
        } else {
          changes.members = memberIds(value);
          changes.add = [];
          changes.remove = [];
        }
        return;
      default:
        // id (Okta repeats it in a replace), meta and unknown attributes: nothing to store.
        return;
    }
  };
  for (const operation of operations) {
    const filtered = operation.path ? MEMBER_FILTER.exec(operation.path) : null;
    if (filtered) {
      // Okta: {"op":"remove","path":"members[value eq \"id\"]"}.
      const id = JSON.parse(`"${filtered[1]}"`) as string;
      if (operation.op === 'remove') changes.remove.push(id);
      else changes.add.push(id);
    } else if (operation.path) {
      applyValue(operation.path, operation.value, operation.op);
    } else if (operation.op !== 'remove' && typeof operation.value === 'object' && operation.value !== null && !Array.isArray(operation.value)) {
      for (const [attribute, value] of Object.entries(operation.value)) applyValue(attribute, value, operation.op);
    } else {
      throw new ScimError(400, `A ${operation.op} without a path needs an object value.`, 'noTarget');
    }
  }
  return changes;
}
