/**
 * The console's PassphraseProvider: when the SSH adapter meets an encrypted key it pushes
 * `onPassphraseRequest` and waits for the operator's `providePassphrase` (or a timeout, which
 * leaves the key locked: its hosts wait for a person, see retryPassphrase). A remembered passphrase comes from the secret store (Electron: safeStorage,
 * encrypted by the OS keychain) or, without one, from this process's memory. Passphrases are
 * never logged: only key paths and outcomes are.
 */
import { createHash } from 'node:crypto';
import { MAX_PASSPHRASE_ATTEMPTS, type PassphraseProvider } from '../adapters/ssh';
import type { PassphraseRequest, ProvidePassphraseParams } from '../core/contract';

/** Where remembered passphrases live; the Electron secret store fits this shape. */
export interface SecretPort {
  get(name: string): string | null;
  set(name: string, secret: string): { ok: true } | { ok: false; message: string };
  delete(name: string): void;
}

/** Settings of {@link createPassphraseBroker}. */
export interface PassphraseBrokerOptions {
  /** Pushes the request to every console window. */
  readonly request: (r: PassphraseRequest) => void;
  /** Keychain-backed store (Electron); absent = remember in memory for this process only. */
  readonly secrets?: SecretPort;
  /** How long to wait for an answer before leaving the key locked (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Key paths and outcomes, never passphrases. */
  readonly log?: (line: string) => void;
}

/** The broker: the provider for the SSH executor plus the contract's answer method. */
export interface PassphraseBroker {
  readonly provider: PassphraseProvider;
  /** `providePassphrase`: false when `id` is not pending (answered, timed out, unknown). */
  answer(p: ProvidePassphraseParams): boolean;
  /** Whether a passphrase for `keyPath` is remembered (Connections view). */
  remembered(keyPath: string): boolean;
  /** Requests still waiting for an answer (a window opened late shows them again). */
  pending(): readonly PassphraseRequest[];
  /** Skips every pending request (the console is closing). */
  close(): void;
}

const MAX_ATTEMPTS = MAX_PASSPHRASE_ATTEMPTS;

interface Answer {
  readonly passphrase: string | null;
  readonly remember: boolean | undefined;
}

interface Waiting {
  readonly request: PassphraseRequest;
  readonly resolve: (answer: string | null) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Secret names allow no `/` or `~`, and a key path is not itself a secret but need not be
 * spelled out in the store either: a hash names it.
 */
export function identitySecretName(keyPath: string): string {
  return `identity:${createHash('sha256').update(keyPath).digest('hex').slice(0, 40)}`;
}

function memorySecrets(): SecretPort {
  const m = new Map<string, string>();
  return {
    get: (n) => m.get(n) ?? null,
    set: (n, s) => (m.set(n, s), { ok: true }),
    delete: (n) => void m.delete(n),
  };
}

/** Creates the broker; see {@link PassphraseBroker}. */
export function createPassphraseBroker(o: PassphraseBrokerOptions): PassphraseBroker {
  const memory = memorySecrets();
  const keychain = o.secrets ?? null;
  // The keychain when there is one; memory when there is none or it refuses (no OS
  // encryption), so "remember" still holds for this session and nothing is written plain.
  // Whether a name is stored, so snapshots (several a second) do not decrypt each time.
  const known = new Map<string, boolean>();
  const store: SecretPort = {
    get: (n) => {
      const v = keychain?.get(n) ?? memory.get(n);
      known.set(n, v !== null);
      return v;
    },
    set: (n, secret) => {
      known.set(n, true);
      const saved = keychain?.set(n, secret) ?? memory.set(n, secret);
      if (!saved.ok) {
        memory.set(n, secret);
      }
      return saved;
    },
    delete: (n) => {
      known.set(n, false);
      keychain?.delete(n);
      memory.delete(n);
    },
  };
  const timeoutMs = o.timeoutMs ?? 5 * 60_000;
  const log = o.log ?? (() => {});
  const waiting = new Map<string, Waiting>();
  let seq = 0;

  const finish = (id: string, answer: string | null): boolean => {
    const w = waiting.get(id);
    if (!w) {
      return false;
    }
    waiting.delete(id);
    clearTimeout(w.timer);
    w.resolve(answer);
    return true;
  };

  /** One request to the console; resolves with the answer as given (null: declined/timeout). */
  const ask = (keyPath: string, note: string | null, onAnswer: (a: Answer) => void) => {
    seq += 1;
    const request: PassphraseRequest = { id: `pp-${seq}`, keyPath, note };
    const timer = setTimeout(() => {
      log(`passphrase for ${keyPath}: no answer within ${timeoutMs} ms; its hosts wait for you`);
      finish(request.id, null);
    }, timeoutMs);
    waiting.set(request.id, {
      request,
      timer,
      resolve: (passphrase) => onAnswer({ passphrase, remember: rememberAsked.get(request.id) }),
    });
    log(`passphrase for ${keyPath}: asked (${request.id})`);
    o.request(request);
  };
  /** Whether the person ticked "remember" with the answer to a request id. */
  const rememberAsked = new Map<string, boolean>();

  /**
   * Asks until a phrase unlocks the key (at most MAX_ATTEMPTS times) or the person declines.
   * Only a phrase that unlocks is remembered: a typo is never stored.
   */
  const askUntilUnlocked = (
    keyPath: string,
    unlocks: (p: string) => boolean,
    firstNote: string | null,
  ): Promise<string | null> =>
    new Promise((resolve) => {
      const attempt = (n: number, note: string | null) =>
        ask(keyPath, note, ({ passphrase, remember }) => {
          if (passphrase === null) {
            resolve(null);
            return;
          }
          if (!unlocks(passphrase)) {
            if (n >= MAX_ATTEMPTS) {
              log(`passphrase for ${keyPath}: wrong ${n} times; its hosts wait for you`);
              resolve(null);
              return;
            }
            log(`passphrase for ${keyPath}: wrong (attempt ${n} of ${MAX_ATTEMPTS}); asking again`);
            attempt(
              n + 1,
              `wrong passphrase for ${keyPath}, try again (attempt ${n} of ${MAX_ATTEMPTS})`,
            );
            return;
          }
          if (remember === true) {
            const saved = store.set(identitySecretName(keyPath), passphrase);
            log(
              saved.ok
                ? `passphrase for ${keyPath}: unlocked the key and remembered`
                : `passphrase for ${keyPath}: unlocked the key, remembered for this session only (${saved.message})`,
            );
          } else {
            log(`passphrase for ${keyPath}: unlocked the key`);
          }
          resolve(passphrase);
        });
      attempt(1, firstNote);
    });

  /** Concurrent loads of one key share one conversation. */
  const inFlight = new Map<string, Promise<string | null>>();
  const provider: PassphraseProvider = (keyPath, unlocks) => {
    const shared = inFlight.get(keyPath);
    if (shared !== undefined) {
      return shared;
    }
    const name = identitySecretName(keyPath);
    const stored = store.get(name);
    let note: string | null = null;
    if (stored !== null) {
      if (unlocks(stored)) {
        return Promise.resolve(stored);
      }
      store.delete(name);
      note = 'the remembered passphrase did not unlock this key; it was forgotten';
      log(`passphrase for ${keyPath}: the remembered one was wrong; forgotten, asking again`);
    }
    const conversation = askUntilUnlocked(keyPath, unlocks, note).finally(() =>
      inFlight.delete(keyPath),
    );
    inFlight.set(keyPath, conversation);
    return conversation;
  };

  return {
    provider,
    answer: (p) => {
      const w = waiting.get(p.id);
      if (!w) {
        return false;
      }
      rememberAsked.set(p.id, p.passphrase !== null && p.remember);
      log(`passphrase for ${w.request.keyPath}: ${p.passphrase === null ? 'declined' : 'given'}`);
      const done = finish(p.id, p.passphrase);
      rememberAsked.delete(p.id);
      return done;
    },
    remembered: (keyPath) => {
      const name = identitySecretName(keyPath);
      return known.get(name) ?? store.get(name) !== null;
    },
    pending: () => [...waiting.values()].map((w) => w.request),
    close: () => {
      for (const id of [...waiting.keys()]) {
        finish(id, null);
      }
    },
  };
}
