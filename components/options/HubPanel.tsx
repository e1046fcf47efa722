/** Hub connection: URL, token or "Sign in with your company", test connection (/v1/me), sync now, sync status. */
import { useCallback, useEffect, useState } from 'react';
import { request } from '../../lib/messaging/client';
import type { PublicSettings } from '../../lib/contract';
import { CompanySignIn } from '../shared/company-sign-in';
import { SyncStatusLine, useHubStatus } from '../shared/hub-status';

export const LOCKED_HINT = 'Set by your administrator';

export function HubPanel({ settings, onSaved, onSynced }: { settings?: PublicSettings; onSaved(next: PublicSettings): void; onSynced?(): void }) {
  const [hubUrl, setHubUrl] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [me, setMe] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus, statusError] = useHubStatus();
  useEffect(() => setHubUrl(settings?.settings.hubUrl ?? ''), [settings?.settings.hubUrl]);
  const locked = (key: 'hubUrl' | 'hubToken') => settings?.locked.includes(key) ?? false;

  const save = useCallback(async () => {
    setBusy(true);
    try {
      const patch: { hubUrl?: string; hubToken?: string } = {};
      if (!locked('hubUrl')) patch.hubUrl = hubUrl;
      if (!locked('hubToken') && token) patch.hubToken = token;
      const next = await request({ type: 'settings:save', patch });
      setToken('');
      onSaved(next);
      setMessage({ text: 'Saved.', error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  }, [hubUrl, token, settings]);

  const test = async () => {
    setBusy(true);
    setMe(undefined);
    try {
      const answer = await request({ type: 'hub:test' });
      setMe(`Connected as ${answer.user.name} (${answer.user.role}).`);
      setMessage(undefined);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const syncNow = async () => {
    setBusy(true);
    try {
      setStatus(await request({ type: 'sync:now' }));
      onSynced?.();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="hub-heading">
      <h2 id="hub-heading">Hub connection</h2>
      <p className="hint">Marketing publishes messaging and assets to the hub; Cuecard syncs them every 15 minutes.</p>
      <form
        className="fields"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          Hub URL
          <input
            data-testid="hub-url"
            type="url"
            placeholder="https://cuecard.example.com"
            value={hubUrl}
            disabled={locked('hubUrl')}
            onChange={(event) => setHubUrl(event.target.value)}
          />
          {locked('hubUrl') && <small className="locked">{LOCKED_HINT}</small>}
        </label>
        <label>
          Token
          <input
            data-testid="hub-token"
            type="password"
            autoComplete="off"
            placeholder={settings?.hasToken ? 'Saved (type to replace)' : 'cch_…'}
            value={token}
            disabled={locked('hubToken')}
            onChange={(event) => setToken(event.target.value)}
          />
          {locked('hubToken') && <small className="locked">{LOCKED_HINT}</small>}
        </label>
        <div className="buttons">
          <button data-testid="save-settings" type="submit" disabled={busy}>
            Save
          </button>
          <button data-testid="test-connection" type="button" className="secondary" disabled={busy} onClick={() => void test()}>
            Test connection
          </button>
          <button data-testid="sync-now" type="button" className="secondary" disabled={busy} onClick={() => void syncNow()}>
            Sync now
          </button>
        </div>
      </form>
      <CompanySignIn
        settings={settings}
        showRedirectUrl
        onChanged={(next) => {
          onSaved(next);
          setMe(undefined);
          onSynced?.();
        }}
      />
      {me && (
        <p data-testid="hub-me" className="status">
          {me}
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'status error' : 'status'} data-testid="settings-message">
          {message.text}
        </p>
      )}
      <SyncStatusLine status={status} error={statusError} />
    </section>
  );
}
