/**
 * The broker over the Electron secret store (src-main/electron/secrets.ts). Electron's
 * safeStorage is not available outside Electron, so a stand-in cipher (XOR, clearly not
 * the plaintext) takes its place; what is checked is the wiring: the broker's names are
 * accepted by the store, only ciphertext reaches the key-value file, and a keychain that
 * is unavailable leaves "remember" to this session's memory, writing nothing.
 */
import { describe, expect, it } from 'vitest';
import { createPassphraseBroker } from '../../src-main/app/passphrase-broker';
import { createSecretStore, type SecretCipher } from '../../src-main/electron/secrets';
import type { KeyValueStore } from '../../src-main/electron/settings-store';

const KEY_PATH = '/home/op/.ssh/id_ed25519 (copy)';
const PHRASE = 'plain-passphrase-123';

function kv(): KeyValueStore & { readonly data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (k) => data.get(k),
    set: (k, v) => void data.set(k, v),
    delete: (k) => void data.delete(k),
  };
}

/** The key opens with PHRASE only (the SSH adapter checks with ssh2's parseKey). */
const isPhrase = (p: string): boolean => p === PHRASE;

function xorCipher(available: boolean): SecretCipher {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => flip(Buffer.from(s, 'utf8')),
    decryptString: (b) => flip(b).toString('utf8'),
  };
}

async function rememberOnce(store: ReturnType<typeof createSecretStore>): Promise<void> {
  const b = createPassphraseBroker({ request: () => undefined, secrets: store });
  const answer = b.provider(KEY_PATH, isPhrase);
  expect(b.answer({ id: 'pp-1', passphrase: PHRASE, remember: true })).toBe(true);
  expect(await answer).toBe(PHRASE);
}

describe('remembered passphrases in the Electron secret store', () => {
  it('stores only ciphertext under a name the store accepts, and a later console reads it', async () => {
    const file = kv();
    const store = createSecretStore(xorCipher(true), file);
    await rememberOnce(store);
    expect(file.data.size).toBe(1);
    const raw = JSON.stringify([...file.data]);
    expect(raw).not.toContain(PHRASE);
    expect(raw).not.toContain('id_ed25519');

    const asked: unknown[] = [];
    const later = createPassphraseBroker({ request: (r) => asked.push(r), secrets: store });
    expect(later.remembered(KEY_PATH)).toBe(true);
    expect(await later.provider(KEY_PATH, isPhrase)).toBe(PHRASE);
    expect(asked).toEqual([]);
  });

  it('without OS encryption writes nothing and remembers for this session only', async () => {
    const file = kv();
    const store = createSecretStore(xorCipher(false), file);
    const logs: string[] = [];
    const b = createPassphraseBroker({
      request: () => undefined,
      secrets: store,
      log: (l) => logs.push(l),
    });
    const answer = b.provider(KEY_PATH, isPhrase);
    b.answer({ id: 'pp-1', passphrase: PHRASE, remember: true });
    expect(await answer).toBe(PHRASE);
    expect(file.data.size).toBe(0);
    expect(b.remembered(KEY_PATH)).toBe(true);
    expect(logs.join('\n')).toMatch(/remembered for this session only/);
    expect(logs.join('\n')).not.toContain(PHRASE);
  });
});
