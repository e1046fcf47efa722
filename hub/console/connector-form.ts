/**
 * The connectors form as plain strings, per vendor: which URL and which credentials each sign-in
 * method needs (README "Connect your marketing platform"), and the POST / PATCH bodies built from
 * them, checked with the contract's own schemas before anything is sent.
 *
 * Invariants
 * - Secrets live only in the form's state until sent; the hub never answers them, so the edit form
 *   starts with every credential field empty.
 * - A new URL needs the credentials again (the hub refuses it otherwise: stored secrets never go to
 *   a host they were not entered for); the patch is refused here first, in words, by field.
 */
import {
  connectorCreate,
  connectorPatch,
  type ConnectorCreate,
  type ConnectorCredentials,
  type ConnectorPatch,
  type ConnectorVendor,
  type ConnectorView,
} from '../../lib/contract';

export type SignIn = 'token' | 'oauth' | 'client' | 'basic';
type CredentialKey = keyof ConnectorCredentials;

export interface CredentialField {
  key: CredentialKey;
  /** The visible label, which is also the field's accessible name. */
  label: string;
  /** Typed into a password field, never shown again. */
  secret: boolean;
  optional?: boolean;
  hint?: string;
}

export interface VendorForm {
  label: string;
  /** Salesforce signs in at a login URL; the others call an API URL. */
  urlField: 'baseUrl' | 'loginUrl';
  urlLabel: string;
  urlHint: string;
  urlRequired: boolean;
  signIns: { id: SignIn; label: string; fields: CredentialField[] }[];
}

const clientId = (label = 'Client ID'): CredentialField => ({ key: 'clientId', label, secret: false });
const clientSecret = (label = 'Client secret'): CredentialField => ({ key: 'clientSecret', label, secret: true });

export const VENDOR_FORMS: Record<ConnectorVendor, VendorForm> = {
  hubspot: {
    label: 'HubSpot',
    urlField: 'baseUrl',
    urlLabel: 'API URL',
    urlHint: 'Leave empty for HubSpot’s own, https://api.hubapi.com.',
    urlRequired: false,
    signIns: [
      {
        id: 'token',
        label: 'Private app',
        fields: [
          {
            key: 'token',
            label: 'Private app access token',
            secret: true,
            hint: 'Settings › Integrations › Private apps; scopes crm.objects.contacts.read, crm.objects.owners.read, content, forms.',
          },
        ],
      },
      { id: 'oauth', label: 'OAuth app', fields: [clientId(), clientSecret(), { key: 'refreshToken', label: 'Refresh token', secret: true }] },
    ],
  },
  salesforce: {
    label: 'Salesforce',
    urlField: 'loginUrl',
    urlLabel: 'Login URL',
    urlHint: 'Leave empty for https://login.salesforce.com; sandboxes sign in at https://test.salesforce.com.',
    urlRequired: false,
    signIns: [
      {
        id: 'oauth',
        label: 'Connected app',
        fields: [
          clientId('Consumer key'),
          clientSecret('Consumer secret'),
          { key: 'refreshToken', label: 'Refresh token', secret: true, optional: true, hint: 'Leave empty when the connected app uses the client credentials flow.' },
        ],
      },
    ],
  },
  marketo: {
    label: 'Marketo',
    urlField: 'baseUrl',
    urlLabel: 'REST API URL',
    urlHint: 'Admin › Web Services, without /rest: https://123-ABC-456.mktorest.com.',
    urlRequired: true,
    signIns: [{ id: 'client', label: 'LaunchPoint service', fields: [clientId(), clientSecret()] }],
  },
  mautic: {
    label: 'Mautic',
    urlField: 'baseUrl',
    urlLabel: 'Mautic URL',
    urlHint: 'Your instance, with its API enabled: https://mautic.example.com.',
    urlRequired: true,
    signIns: [
      { id: 'client', label: 'API client (OAuth 2)', fields: [clientId(), clientSecret()] },
      { id: 'basic', label: 'API user (basic auth)', fields: [{ key: 'username', label: 'User name', secret: false }, { key: 'password', label: 'Password', secret: true }] },
    ],
  },
};

export const VENDOR_OPTIONS = Object.keys(VENDOR_FORMS) as ConnectorVendor[];

/** The sign-in method a stored connector uses, from its auth kind (never from its secrets). */
export function signInOf(view: Pick<ConnectorView, 'vendor' | 'auth'>): SignIn {
  const methods = VENDOR_FORMS[view.vendor].signIns.map((method) => method.id);
  const wanted: SignIn = view.auth === 'private-app-token' ? 'token' : view.auth === 'basic' ? 'basic' : view.auth === 'oauth-refresh-token' ? 'oauth' : 'client';
  // Salesforce's connected app covers both its refresh-token and client-credentials flows.
  return methods.includes(wanted) ? wanted : methods[0]!;
}

export interface ConnectorForm {
  vendor: ConnectorVendor;
  name: string;
  url: string;
  signIn: SignIn;
  /** Percent of the vendor's daily API limit one run may spend, as typed. */
  quotaPercent: string;
  credentials: Partial<Record<CredentialKey, string>>;
}

export function emptyForm(vendor: ConnectorVendor = 'hubspot'): ConnectorForm {
  return { vendor, name: '', url: '', signIn: VENDOR_FORMS[vendor].signIns[0]!.id, quotaPercent: '25', credentials: {} };
}

export function formOf(view: ConnectorView): ConnectorForm {
  return {
    vendor: view.vendor,
    name: view.name,
    url: (VENDOR_FORMS[view.vendor].urlField === 'loginUrl' ? view.loginUrl : view.baseUrl) ?? '',
    signIn: signInOf(view),
    quotaPercent: String(Math.round(view.quotaShare * 100)),
    credentials: {},
  };
}

export function credentialFields(form: Pick<ConnectorForm, 'vendor' | 'signIn'>): CredentialField[] {
  const vendor = VENDOR_FORMS[form.vendor];
  return (vendor.signIns.find((method) => method.id === form.signIn) ?? vendor.signIns[0]!).fields;
}

/** Problems by form field: `name`, `url`, `quotaPercent`, a credential key, or `form` for the rest. */
export type FormProblems = Partial<Record<'name' | 'url' | 'quotaPercent' | 'form' | CredentialKey, string>>;

function credentialsOf(form: ConnectorForm): { credentials: ConnectorCredentials; problems: FormProblems; any: boolean } {
  const credentials: ConnectorCredentials = {};
  const problems: FormProblems = {};
  let any = false;
  for (const field of credentialFields(form)) {
    const value = form.credentials[field.key]?.trim() ?? '';
    if (value) {
      credentials[field.key] = value;
      any = true;
    } else if (!field.optional) problems[field.key] = 'is required';
  }
  return { credentials, problems, any };
}

function quotaShareOf(form: ConnectorForm, problems: FormProblems): number | undefined {
  const text = form.quotaPercent.trim();
  if (!text) return undefined;
  const percent = Number(text);
  if (!Number.isFinite(percent) || percent < 1 || percent > 100) {
    problems.quotaPercent = 'must be a number from 1 to 100';
    return undefined;
  }
  return percent / 100;
}

/** Contract issues by form field (the hub's schema, so the words match what the hub would say). */
function issuesToProblems(issues: { path: PropertyKey[]; message: string }[], problems: FormProblems) {
  for (const issue of issues) {
    const [first, second] = issue.path.map(String);
    const field: keyof FormProblems =
      first === 'name' ? 'name' : first === 'baseUrl' || first === 'loginUrl' ? 'url' : first === 'quotaShare' ? 'quotaPercent' : first === 'credentials' && second ? (second as CredentialKey) : 'form';
    problems[field] ??= issue.message;
  }
}

export function buildCreate(form: ConnectorForm): { body?: ConnectorCreate; problems: FormProblems } {
  const vendor = VENDOR_FORMS[form.vendor];
  const { credentials, problems } = credentialsOf(form);
  const quotaShare = quotaShareOf(form, problems);
  if (!form.name.trim()) problems.name = 'is required';
  const url = form.url.trim();
  if (vendor.urlRequired && !url) problems.url = 'is required';
  if (Object.keys(problems).length > 0) return { problems };
  const parsed = connectorCreate.safeParse({
    vendor: form.vendor,
    name: form.name,
    ...(url ? { [vendor.urlField]: url } : {}),
    credentials,
    ...(quotaShare !== undefined ? { quotaShare } : {}),
  });
  if (!parsed.success) {
    issuesToProblems(parsed.error.issues, problems);
    return { problems };
  }
  return { body: parsed.data, problems };
}

/**
 * Only what changed. Credentials are sent when any credential field is filled (replacing all of
 * them), and must be when the URL changed.
 */
export function buildPatch(view: ConnectorView, form: ConnectorForm): { body?: ConnectorPatch; problems: FormProblems } {
  const vendor = VENDOR_FORMS[view.vendor];
  const before = formOf(view);
  const problems: FormProblems = {};
  const patch: ConnectorPatch = {};
  if (form.name.trim() !== view.name) {
    if (!form.name.trim()) problems.name = 'is required';
    else patch.name = form.name.trim();
  }
  const quotaShare = quotaShareOf(form, problems);
  if (quotaShare !== undefined && Math.round(quotaShare * 100) !== Math.round(view.quotaShare * 100)) patch.quotaShare = quotaShare;
  const url = form.url.trim();
  const urlChanged = url !== before.url;
  if (urlChanged) {
    if (!url) problems.url = vendor.urlRequired ? 'is required' : 'cannot be emptied: type the default URL the hint names';
    else patch[vendor.urlField] = url;
  }
  const typed = credentialFields(form).some((field) => form.credentials[field.key]?.trim());
  if (typed || urlChanged || form.signIn !== before.signIn) {
    const { credentials, problems: missing } = credentialsOf(form);
    if (urlChanged && !typed) {
      problems.form = 'A new URL needs the credentials again: stored secrets are never sent to a host they were not entered for.';
      for (const key of Object.keys(missing) as CredentialKey[]) problems[key] = 'is needed again with a new URL';
    } else Object.assign(problems, missing);
    patch.credentials = credentials;
  }
  if (Object.keys(problems).length > 0) return { problems };
  const parsed = connectorPatch.safeParse(patch);
  if (!parsed.success) {
    issuesToProblems(parsed.error.issues, problems);
    return { problems };
  }
  return { body: parsed.data, problems };
}
