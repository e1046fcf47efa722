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
    sso: 'Sign in with your company',
    ssoHint: 'Or, with a hub token:',
  },
  /**
   * Why a company sign-in came back without a session (the hub sends the code only: no text from
   * an address is ever shown). The hub's change log has the details for admins.
   */
  ssoErrors: {
    sso_not_configured: 'This hub has no company sign-in set up. Sign in with a hub token.',
    sso_state: 'That sign-in could not be matched to one started here (it took over ten minutes, or came from elsewhere). Try again.',
    sso_replayed: 'That sign-in answer was already used once, so it was refused. Try again.',
    sso_binding: 'That sign-in was started in another browser, or this browser blocked its cookie. Try again from here.',
    sso_denied: "Your company's sign-in refused access. If you should have Cuecard, ask your IT admin to assign it to you.",
    sso_provider_error: "Your company's sign-in answered with an error. Try again; if it persists, tell your admin.",
    sso_wrong_issuer: 'The sign-in answer did not come from the identity provider this hub trusts, so nothing was signed in.',
    sso_id_token_expired: "The identity provider's answer had already expired (a clock may be off). Try again.",
    sso_id_token_time: "The identity provider's answer failed a time check (a clock may be off). Try again.",
    sso_id_token: "The identity provider's answer failed a check, so nothing was signed in.",
    sso_wrong_audience: 'The identity provider answered for another application, so nothing was signed in.',
    sso_nonce: 'The identity provider’s answer did not belong to this sign-in. Try again.',
    sso_code_rejected: 'The identity provider refused the sign-in code (used or expired). Try again.',
    sso_client_rejected: "The identity provider does not accept this hub's client settings. Your admin must check them (npm run hub -- sso set).",
    sso_unreachable: 'The hub could not reach the identity provider. Try again shortly.',
    sso_group: 'Your company sign-in does not put you in a group that may use Cuecard. Ask your IT admin.',
    sso_no_email: "Your company's sign-in did not say your email address; your admin must let it send the email claim.",
    sso_email_unverified: "Your company's sign-in says your email address is not verified yet.",
    sso_email_linked: 'Your address belongs to another company sign-in at this hub. Ask your admin.',
    sso_retry: 'Another sign-in of yours was being set up at the same moment. Try again.',
    sso_console_role: 'The console is for marketing and admins. Reps use Cuecard in the browser.',
    token_revoked: 'Your access to this hub was revoked. Ask your admin if you still need it.',
    account_disabled: "Your company's identity provider turned off your Cuecard access. Ask your IT admin if you still need it.",
  } as Record<string, string>,
  ssoFailed: 'Signing in with your company did not work. Try again; your admin can see why in the change log.',
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
    case 'user_disabled':
      return `turned off ${entry.note ?? 'access'}`;
    case 'user_enabled':
      return `turned access back on: ${entry.note ?? ''}`;
    case 'sso_failed':
      return `a company sign-in failed: ${entry.note ?? entry.targetId}`;
    case 'sso_refresh_reused':
      return `ended a sign-in: ${entry.note ?? 'a refresh token was used twice'}`;
    case 'scim_token_issued':
      return 'issued a new SCIM token (the previous one stopped working)';
    case 'group_added':
      return `added the group ${entry.note ?? ''}`;
    case 'group_updated':
      return `changed the group ${entry.note ?? ''}`;
    case 'group_removed':
      return `removed the group ${entry.note ?? ''}`;
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
