/**
 * Passphrases and tokens, encrypted with Electron's safeStorage (OS keychain) before they
 * touch disk. When the OS offers no encryption the secret is refused, never written plain.
 */
import type { KeyValueStore } from './settings-store';

/** The slice of Electron's `safeStorage` used here. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs the encryption (`basic_text` = a hard-coded key). */
  getSelectedStorageBackend?(): string;
}

/**
 * Whether secrets may be written: the OS encrypts, and not with Linux's `basic_text`
 * backend, whose key is hard-coded in Chromium (as good as plain text on disk).
 */
export function encryptionUsable(cipher: SecretCipher): boolean {
  if (!cipher.isEncryptionAvailable()) {
    return false;
  }
  try {
    return cipher.getSelectedStorageBackend?.() !== 'basic_text';
  } catch {
    return true; // not Linux: the OS keychain (macOS Keychain, Windows DPAPI)
  }
}

export type SecretResult =
  { ok: true } | { ok: false; reason: 'encryptionUnavailable' | 'badName'; message: string };

const NAME = /^[a-z0-9][a-z0-9._:@-]{0,127}$/i;

export function createSecretStore(cipher: SecretCipher, kv: KeyValueStore) {
  const key = (name: string) => `secrets.${Buffer.from(name).toString('hex')}`;
  return {
    /** Stores `secret` under `name` (e.g. `identity:~/.ssh/id_ed25519`), encrypted. */
    set(name: string, secret: string): SecretResult {
      if (!NAME.test(name)) {
        return { ok: false, reason: 'badName', message: `secrets: bad name '${name}'` };
      }
      if (!encryptionUsable(cipher)) {
        return {
          ok: false,
          reason: 'encryptionUnavailable',
          message:
            'secrets: no OS keychain (or only the basic_text backend); the secret is kept for this session only',
        };
      }
      kv.set(key(name), cipher.encryptString(secret).toString('base64'));
      return { ok: true };
    },
    /** The secret, or null when absent or undecryptable (e.g. keychain changed). */
    get(name: string): string | null {
      const stored = kv.get(key(name));
      if (typeof stored !== 'string' || !encryptionUsable(cipher)) {
        return null;
      }
      try {
        return cipher.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        return null;
      }
    },
    delete(name: string): void {
      kv.delete(key(name));
    },
  };
}
