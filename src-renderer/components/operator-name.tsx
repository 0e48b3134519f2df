import { useState } from 'react';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { setSettingsState } from '../store/actions';
import { useAppStore } from '../store/app-store';

/** Who is at the console, in the header; a click changes it. */
export function OperatorBadge() {
  const name = useAppStore((s) => s.settings?.operatorName);
  const login = useAppStore((s) => s.teamView?.login ?? null);
  if (login !== null) {
    // On a team rollout the journal names the database login, not the typed name.
    return (
      <span className="operator-badge" title="On a team rollout you act as your database login">
        login: {login}
      </span>
    );
  }
  if (!name) {
    return null;
  }
  return (
    <button
      type="button"
      className="operator-badge"
      title="Your name in the journal: change it"
      onClick={() => useAppStore.setState({ editingOperator: true })}
    >
      operator: {name}
    </button>
  );
}

/**
 * Asks once, on first run, who is operating (suggesting the OS user): every promotion,
 * override and note is journaled with this name, and exports list it. Not modal, so the
 * console stays usable while the question waits.
 */
export function OperatorPrompt() {
  const settings = useAppStore((s) => s.settings);
  const editing = useAppStore((s) => s.editingOperator);
  const [name, setName] = useState<string | null>(null);
  // On a team rollout the person is the database login (the banner says which): no name asked.
  const onTeamRollout = useAppStore((s) => s.teamView !== null);
  if (!settings || onTeamRollout || (settings.operatorConfirmed === true && !editing)) {
    return null;
  }
  const value = name ?? settings.operatorName;
  const save = () => {
    const operatorName = value.trim();
    void runCommand('Saving your name', () =>
      getApi().setSettings({ operatorName, operatorConfirmed: true }),
    ).then((s) => {
      if (s) {
        setSettingsState(s);
        useAppStore.setState({ editingOperator: false });
      }
    });
  };
  return (
    <form
      className="panel row operator-prompt"
      aria-label="Who is operating"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label htmlFor="operator-name">
        Your name in the journal: every action you take is signed with it
      </label>
      <input
        id="operator-name"
        value={value}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="primary" disabled={value.trim() === ''}>
        Save name
      </button>
    </form>
  );
}
