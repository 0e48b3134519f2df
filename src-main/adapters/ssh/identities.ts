/**
 * Private keys for public-key auth. Encrypted keys are unlocked through the injected
 * PassphraseProvider (the console asks the operator); the unlocked key stays in memory only,
 * so each key is asked for at most once per process and never written anywhere.
 */
import { readFile } from 'node:fs/promises';
// ssh2 is CommonJS without static named exports: Node's ESM loader only gives the default.
import ssh2, { type ParsedKey } from 'ssh2';
import type { PassphraseProvider } from './types';

/** A key ready to sign with, or why it cannot be used. */
export type IdentityLoad =
  | { readonly kind: 'ok'; readonly path: string; readonly key: ParsedKey }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string };

function isParsedKey(k: ParsedKey | Error): k is ParsedKey {
  return !(k instanceof Error);
}

/** Loads and caches identity files; concurrent loads of one file share one prompt. */
export class IdentityStore {
  private readonly cache = new Map<string, Promise<IdentityLoad>>();

  constructor(private readonly passphrase?: PassphraseProvider) {}

  load(path: string): Promise<IdentityLoad> {
    let pending = this.cache.get(path);
    if (pending === undefined) {
      pending = this.read(path);
      this.cache.set(path, pending);
      // A refused or mistyped passphrase should be asked again next time, not remembered.
      void pending.then((r) => {
        if (r.kind === 'skipped') {
          this.cache.delete(path);
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
      };
    }
    if (this.passphrase === undefined) {
      return {
        kind: 'skipped',
        path,
        reason: 'encrypted and no passphrase provider is configured',
      };
    }
    const phrase = await this.passphrase(path, (p) => isParsedKey(ssh2.utils.parseKey(data, p)));
    if (phrase === null) {
      return { kind: 'skipped', path, reason: 'passphrase not given' };
    }
    const unlocked = ssh2.utils.parseKey(data, phrase);
    return isParsedKey(unlocked)
      ? { kind: 'ok', path, key: unlocked }
      : { kind: 'skipped', path, reason: 'wrong passphrase' };
  }
}
