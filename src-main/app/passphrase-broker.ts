/**
 * The console's PassphraseProvider: when the SSH adapter meets an encrypted key it pushes
 * `onPassphraseRequest` and waits for the operator's `providePassphrase` (or a timeout, which
 * skips the key). A remembered passphrase comes from the secret store (Electron: safeStorage,
 * encrypted by the OS keychain) or, without one, from this process's memory. Passphrases are
 * never logged: only key paths and outcomes are.
 */
import { createHash } from 'node:crypto';
import type { PassphraseProvider } from '../adapters/ssh';
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
  /** How long to wait for an answer before skipping the key (default 5 minutes). */
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
  /** Keys answered from the store: asked again means the stored phrase did not unlock it. */
  const servedFromStore = new Set<string>();
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

  const provider: PassphraseProvider = (keyPath) => {
    const name = identitySecretName(keyPath);
    let note: string | null = null;
    if (servedFromStore.has(keyPath)) {
      // The SSH adapter caches an unlocked key, so a second request means it did not unlock.
      servedFromStore.delete(keyPath);
      store.delete(name);
      note = 'the remembered passphrase did not unlock this key; it was forgotten';
      log(`passphrase for ${keyPath}: the remembered one was wrong; forgotten, asking again`);
    } else {
      const stored = store.get(name);
      if (stored !== null) {
        servedFromStore.add(keyPath);
        return Promise.resolve(stored);
      }
    }
    // One request per key at a time: a second connection waits on the same answer.
    for (const w of waiting.values()) {
      if (w.request.keyPath === keyPath) {
        return new Promise((resolve) => {
          const prev = w.resolve;
          waiting.set(w.request.id, {
            ...w,
            resolve: (a) => (prev(a), resolve(a)),
          });
        });
      }
    }
    seq += 1;
    const request: PassphraseRequest = { id: `pp-${seq}`, keyPath, note };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        log(`passphrase for ${keyPath}: no answer within ${timeoutMs} ms; the key is skipped`);
        finish(request.id, null);
      }, timeoutMs);
      waiting.set(request.id, { request, resolve, timer });
      log(`passphrase for ${keyPath}: asked (${request.id})`);
      o.request(request);
    });
  };

  return {
    provider,
    answer: (p) => {
      const w = waiting.get(p.id);
      if (!w) {
        return false;
      }
      const keyPath = w.request.keyPath;
      if (p.passphrase !== null && p.remember) {
        const saved = store.set(identitySecretName(keyPath), p.passphrase);
        // Served from the store from now on: a wrong one is forgotten at the next request.
        servedFromStore.add(keyPath);
        log(
          saved.ok
            ? `passphrase for ${keyPath}: given and remembered`
            : `passphrase for ${keyPath}: given, remembered for this session only (${saved.message})`,
        );
      } else {
        log(`passphrase for ${keyPath}: ${p.passphrase === null ? 'declined' : 'given'}`);
      }
      return finish(p.id, p.passphrase);
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
