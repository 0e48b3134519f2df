import { useState } from 'react';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { setSettingsState, showToast } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { refreshTeamRollouts } from '../store/team-actions';

/**
 * The team database setting: its URL (kept in settings, never with a password) and its
 * login's password, handed to main once and kept there only by the OS keychain (or for this
 * session). The password field is cleared after sending; nothing shows it again.
 */
export function TeamDatabaseSettings() {
  const settings = useAppStore((s) => s.settings);
  const [password, setPassword] = useState('');
  if (!settings) {
    return null;
  }
  const saveUrl = (value: string) =>
    void runCommand('Saving the team database', () =>
      getApi().setSettings({ teamUrl: value === '' ? null : value }),
    ).then((s) => {
      if (s) {
        setSettingsState(s);
        void refreshTeamRollouts();
      }
    });
  const sendPassword = (value: string | null) =>
    void runCommand('Keeping the password', () =>
      getApi().setTeamPassword({ password: value }),
    ).then((r) => {
      setPassword('');
      if (r) {
        showToast(
          'info',
          value === null
            ? 'The team database password is forgotten.'
            : r.remembered
              ? 'The team database password is kept by the OS keychain.'
              : `The team database password is kept for this session only${r.note !== null ? ` (${r.note})` : ''}.`,
        );
        void refreshTeamRollouts();
      }
    });
  return (
    <section className="panel" aria-label="Team database">
      <h2>Team database</h2>
      <p className="muted">
        A shared Postgres database made by ringside team init: the History view then lists the
        team&apos;s rollouts. You act as the database login.
      </p>
      <div className="row">
        <label htmlFor="team-url">URL</label>
        <input
          id="team-url"
          size={48}
          placeholder="postgres://USER@HOST:5432/DATABASE"
          defaultValue={settings.teamUrl ?? ''}
          onBlur={(e) => {
            const v = e.target.value.trim();
            if (v !== (settings.teamUrl ?? '')) {
              saveUrl(v);
            }
          }}
        />
        <label htmlFor="team-password">Password</label>
        <input
          id="team-password"
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button
          type="button"
          disabled={password === '' || !settings.teamUrl}
          onClick={() => sendPassword(password)}
        >
          Keep password
        </button>
        <button type="button" disabled={!settings.teamUrl} onClick={() => sendPassword(null)}>
          Forget password
        </button>
      </div>
    </section>
  );
}
