/** The console's words: errors, statuses and change-log sentences, in one place. */
import type { AuditEntry, Role } from '../../lib/contract';

export const STRINGS = {
  product: 'Cuecard console',
  errors: {
    offline: 'Cannot reach the hub: it may be down, or this computer is offline.',
    status: (status: number) => `The hub answered HTTP ${status}.`,
    badResponse: (path: string) => `The hub answered ${path} with data this console does not understand (is the hub up to date?).`,
    sessionEnded: 'Your session has ended. Sign in again.',
  },
  signIn: {
    title: 'Sign in to the Cuecard console',
    hint: 'For marketing and admins. Paste the hub token your admin gave you: it is exchanged for a session in this browser and not kept anywhere.',
    tokenLabel: 'Hub token',
    button: 'Sign in',
    working: 'Signing in…',
  },
  views: {
    library: 'Content library',
    attention: 'Needs attention',
    imports: 'Imports',
    users: 'Users',
    usage: 'Usage',
    changes: 'Change log',
    connectors: 'Connectors',
  },
  roles: { rep: 'Rep', marketing: 'Marketing', admin: 'Admin' } satisfies Record<Role, string>,
  status: { approved: 'Approved', draft: 'Draft', retired: 'Retired' } as Record<string, string>,
};

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  body: 'body',
  personas: 'personas',
  industries: 'industries',
  stages: 'stages',
  topics: 'topics',
  status: 'status',
  validFrom: 'valid from',
  validUntil: 'valid until',
  avoidPhrases: 'phrases to avoid',
  replacedBy: 'replaced by',
  url: 'link',
  kind: 'kind',
  name: 'name',
  role: 'role',
  email: 'email',
  tokenExpiresAt: 'token expiry',
  vendor: 'platform',
  baseUrl: 'API URL',
  loginUrl: 'login URL',
  credentials: 'credentials',
  enabled: 'paused or resumed',
  quotaShare: 'quota share',
  dailyQuota: 'daily API limit',
  backfillDays: 'backfill days',
};

/** "approved it", "changed body and status": what an audit entry did, as a sentence fragment. */
export function describeAction(entry: AuditEntry): string {
  const fields = entry.fields.map((field) => FIELD_WORDS[field] ?? field).join(', ');
  switch (entry.action) {
    case 'item_created':
      return `created it${entry.note ? ` as ${(STRINGS.status[entry.note] ?? entry.note).toLowerCase()}` : ''}`;
    case 'item_updated':
      if (entry.fields.length === 1 && entry.fields[0] === 'status' && entry.note) return `set it to ${(STRINGS.status[entry.note] ?? entry.note).toLowerCase()}`;
      return `changed ${fields || 'it'}${entry.note ? ` (now ${(STRINGS.status[entry.note] ?? entry.note).toLowerCase()})` : ''}`;
    case 'item_deleted':
      return 'deleted it';
    case 'import':
      return `imported ${entry.note ?? 'a file'}`;
    case 'user_added':
      return `added ${entry.note ?? 'a user'}`;
    case 'user_updated':
      return `changed ${fields}${entry.note ? ` (${entry.note})` : ''}`;
    case 'user_rotated':
      return 'issued a new token (the old one stopped working)';
    case 'user_revoked':
      return `revoked ${entry.note ?? 'access'}`;
    // The hub writes each connector note as "<name>: what changed" (hub/connectors/changes.ts).
    case 'connector_added':
      return `connected ${entry.note ?? 'a connector'}`;
    case 'connector_updated':
      return entry.note ? `changed ${entry.note}` : `changed ${fields || 'a connector'}`;
    case 'connector_run':
      return `ran ${entry.note ?? 'a connector'}`;
    case 'connector_removed':
      return `removed ${entry.note ?? 'a connector'}`;
    default:
      return `${entry.action.replaceAll('_', ' ')}${entry.note ? `: ${entry.note}` : ''}`;
  }
}

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
