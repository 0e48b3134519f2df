/**
 * Private keys for public-key auth. Encrypted keys are unlocked through the injected
 * PassphraseProvider (the console asks the operator); the unlocked key stays in memory only,
 * so each key is asked for at most once per process and never written anywhere. A key whose
 * passphrase was not given stays locked (not asked again, so one decline is not a prompt
 * per host) until the operator asks again (`askAgain`).
 */
import { readFile } from 'node:fs/promises';
// ssh2 is CommonJS without static named exports: Node's ESM loader only gives the default.
import ssh2, { type ParsedKey } from 'ssh2';
import { holdSecret } from '../secrets/held-secrets';
import type { PassphraseProvider } from './types';

/** A key ready to sign with, or why it cannot be used. */
export type IdentityLoad =
  | { readonly kind: 'ok'; readonly path: string; readonly key: ParsedKey }
  | {
      readonly kind: 'skipped';
      readonly path: string;
      readonly reason: string;
      /** Encrypted, and its passphrase was not given: a person can still unlock it. */
      readonly locked: boolean;
    };

function isParsedKey(k: ParsedKey | Error): k is ParsedKey {
  return !(k instanceof Error);
}

/** Loads and caches identity files; concurrent loads of one file share one prompt. */
export class IdentityStore {
  private readonly cache = new Map<string, Promise<IdentityLoad>>();
  /** Keys whose passphrase was not given, until the operator asks again. */
  private readonly locked = new Set<string>();

  constructor(private readonly passphrase?: PassphraseProvider) {}

  /** The next load of `path` asks for its passphrase again (the operator's retry). */
  askAgain(path: string): void {
    this.locked.delete(path);
  }

  load(path: string): Promise<IdentityLoad> {
    if (this.locked.has(path)) {
      return Promise.resolve({
        kind: 'skipped',
        path,
        reason: 'passphrase not given (waiting for the operator to ask again)',
        locked: true,
      });
    }
    let pending = this.cache.get(path);
    if (pending === undefined) {
      pending = this.read(path);
      this.cache.set(path, pending);
      // A refused or mistyped passphrase should be asked again next time, not remembered.
      void pending.then((r) => {
        if (r.kind === 'skipped') {
          this.cache.delete(path);
          if (r.locked) {
            this.locked.add(path);
          }
        }
      });
    }
    return pending;
  }

  private async read(path: string): Promise<IdentityLoad> {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      return {
        kind: 'skipped',
        path,
        reason: code === 'ENOENT' ? 'not found' : `unreadable (${code})`,
        locked: false,
      };
    }
    const plain = ssh2.utils.parseKey(data);
    if (isParsedKey(plain)) {
      return { kind: 'ok', path, key: plain };
    }
    if (!/passphrase/i.test(plain.message)) {
      return {
        kind: 'skipped',
        path,
        reason: `not a private key ssh2 can read (${plain.message})`,
        locked: false,
      };
    }
    if (this.passphrase === undefined) {
      return {
        kind: 'skipped',
        path,
        reason: 'encrypted and no passphrase provider is configured',
        locked: false,
      };
    }
    // Every phrase tried is held for redaction, a wrong one too (it is often nearly the
    // right one, or another key's): none may reach the journal, a log or an export.
    const phrase = await this.passphrase(path, (p) => {
      holdSecret(p);
      return isParsedKey(ssh2.utils.parseKey(data, p));
    });
    if (phrase === null) {
      return { kind: 'skipped', path, reason: 'passphrase not given', locked: true };
    }
    const unlocked = ssh2.utils.parseKey(data, phrase);
    return isParsedKey(unlocked)
      ? { kind: 'ok', path, key: unlocked }
      : { kind: 'skipped', path, reason: 'wrong passphrase', locked: true };
  }
}
