import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PassphraseRequest } from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { useAppStore } from '../store/app-store';
import { removePassphraseRequest, usePassphraseStore } from '../store/passphrase-store';

/**
 * Asks for an encrypted SSH key's passphrase when main requests one: a password field
 * (never echoed, never stored in the app store), "remember" (OS keychain on the desktop,
 * this console session in a browser), Unlock or Skip (Escape skips).
 */
export function PassphraseDialog() {
  const request = usePassphraseStore((s) => s.requests[0]);
  // Keyed by request: a new request starts with an empty field.
  return request ? <PassphraseForm key={request.id} request={request} /> : null;
}

function PassphraseForm(props: { request: PassphraseRequest }) {
  const { request } = props;
  const desktop = useAppStore((s) => s.connection === 'ipc');
  const [phrase, setPhrase] = useState('');
  const [remember, setRemember] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);

  const send = (passphrase: string | null): void => {
    removePassphraseRequest(request.id);
    setPhrase('');
    void runCommand('Unlocking the key', () =>
      getApi().providePassphrase({ id: request.id, passphrase, remember }),
    );
  };
  const skip = useRef(() => send(null));
  skip.current = () => send(null);

  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        skip.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (phrase !== '') {
      send(phrase);
    }
  };
  const name = request.keyPath.split('/').pop() ?? request.keyPath;
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="passphrase-title"
        onSubmit={submit}
      >
        <h2 id="passphrase-title">Unlock SSH key {name}</h2>
        <p>
          <code>{request.keyPath}</code> is encrypted. Its passphrase unlocks it for this console;
          skipped, hosts that need it fail to connect.
        </p>
        {request.note ? <p role="alert">{request.note}</p> : null}
        <p>
          <label htmlFor="passphrase-input">Passphrase</label>
          <br />
          <input
            id="passphrase-input"
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={phrase}
            onChange={(e) => setPhrase(e.target.value)}
          />
        </p>
        <p>
          <label>
            <input
              type="checkbox"
              checked={remember}
              onChange={(e) => setRemember(e.target.checked)}
            />{' '}
            {desktop ? 'Remember in the OS keychain' : 'Remember until this console stops'}
          </label>
        </p>
        <div className="row">
          <button type="button" onClick={() => send(null)}>
            Skip key
          </button>
          <button type="submit" className="primary" disabled={phrase === ''}>
            Unlock
          </button>
        </div>
      </form>
    </div>
  );
}
