/**
 * What the Connections view says about an identity file: whether it is encrypted (so the
 * console will ask for its passphrase) and whether that passphrase is remembered.
 */
import { readFileSync } from 'node:fs';
// ssh2 is CommonJS without static named exports: Node's ESM loader only gives the default.
import ssh2 from 'ssh2';
import type { ConnectionsView } from '../core/contract';

/**
 * True when the key file needs a passphrase: ssh2 refuses it for want of one (OpenSSH
 * `bcrypt` keys and PEM `Proc-Type: 4,ENCRYPTED` alike). Unreadable or missing files are
 * not encrypted as far as the view can tell (the run reports them on its own).
 */
export function isEncryptedKeyFile(keyPath: string): boolean {
  let data: Buffer;
  try {
    data = readFileSync(keyPath);
  } catch {
    return false;
  }
  const parsed = ssh2.utils.parseKey(data);
  return parsed instanceof Error && /passphrase/i.test(parsed.message);
}

/** Adds `passphraseRemembered` to encrypted identities. */
export function withRememberedPassphrases(
  view: ConnectionsView,
  remembered: (keyPath: string) => boolean,
): ConnectionsView {
  return {
    ...view,
    identities: view.identities.map((i) =>
      i.encrypted && i.path !== null ? { ...i, passphraseRemembered: remembered(i.path) } : i,
    ),
  };
}
