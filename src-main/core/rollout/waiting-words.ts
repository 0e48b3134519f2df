import type { HostState } from './state';

/**
 * Why a host waits for a key passphrase, in the words the console, `ringside status`,
 * `run`'s output and the exports all use (one vocabulary).
 */
export function passphraseWaitWords(key: string | null): string {
  return `waiting for a key passphrase (${key ?? 'unknown key'})`;
}

/** What a person can do about a host waiting for a passphrase, as a CLI user types it. */
export function passphraseChoicesWords(host: string): string {
  return `ask again with ringside retry-passphrase JOURNAL ${host}, or give up on it with ringside give-up JOURNAL ${host} --reason TEXT`;
}

/** True for a host that waits for a person: not failed, counted against no budget. */
export function waitsForPerson(h: HostState): boolean {
  return h.status === 'needs-approval' || h.status === 'needs-passphrase';
}
