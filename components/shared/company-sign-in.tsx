/**
 * "Sign in with your company" (issue 18), on the options page and in the popup. The background
 * does the work (lib/background/sso.ts): it opens the company's sign-in page in the browser's own
 * window and keeps the hub's tokens; this page only ever learns who signed in.
 */
import { useEffect, useState } from 'react';
import type { PublicSettings, SsoAvailability } from '../../lib/contract';
import { request } from '../../lib/messaging/client';

/** Whether the saved hub offers company sign-in (asked again when the hub URL changes). */
export function useSsoAvailability(hubUrl: string | undefined): SsoAvailability | undefined {
  const [availability, setAvailability] = useState<SsoAvailability>();
  useEffect(() => {
    let alive = true;
    if (!hubUrl) {
      setAvailability(undefined);
      return;
    }
    request({ type: 'sso:available' })
      .then((value) => alive && setAvailability(value))
      .catch(() => alive && setAvailability(undefined));
    return () => {
      alive = false;
    };
  }, [hubUrl]);
  return availability;
}

export function CompanySignIn({
  settings,
  onChanged,
  showRedirectUrl = false,
}: {
  settings?: PublicSettings;
  onChanged(next: PublicSettings): void;
  /** The options page tells admins which redirect URL to register at the provider. */
  showRedirectUrl?: boolean;
}) {
  const hubUrl = settings?.settings.hubUrl || undefined;
  const availability = useSsoAvailability(hubUrl);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const user = settings?.ssoUser;
  const offered = !!hubUrl && (availability?.available === true || settings?.settings.sso === true);

  const act = async (type: 'sso:sign-in' | 'sso:sign-out') => {
    setBusy(true);
    setMessage(type === 'sso:sign-in' ? { text: "Finish signing in in your company's sign-in window…", error: false } : undefined);
    try {
      const next = await request({ type });
      onChanged(next);
      setMessage(type === 'sso:sign-in' && next.ssoUser ? { text: `Signed in as ${next.ssoUser.name}.`, error: false } : undefined);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  if (!user && !offered) return null;
  return (
    <div className="company-sign-in" data-testid="company-sign-in">
      {user ? (
        <p className="status" data-testid="sso-user">
          Signed in with your company as {user.name}
          {user.email ? ` (${user.email})` : ''}.
        </p>
      ) : (
        <p className="hint">Your hub lets you sign in with your company account: no token to paste.</p>
      )}
      <div className="buttons">
        {user ? (
          <button data-testid="sso-sign-out" type="button" className="secondary" disabled={busy} onClick={() => void act('sso:sign-out')}>
            Sign out
          </button>
        ) : (
          <button data-testid="sso-sign-in" type="button" disabled={busy} onClick={() => void act('sso:sign-in')}>
            Sign in with your company
          </button>
        )}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'status error' : 'status'} data-testid="sso-message">
          {message.text}
        </p>
      )}
      {showRedirectUrl && availability?.redirectUrl && (
        <details className="hint">
          <summary>For your admin: this browser's sign-in redirect URL</summary>
          <code data-testid="sso-redirect-url">{availability.redirectUrl}</code>
        </details>
      )}
    </div>
  );
}
