/**
 * The console's passphrase broker on its own: a request is pushed and the answer awaited,
 * no answer in time skips the key, concurrent loads of one key share one request, and a
 * remembered passphrase is used without asking, or forgotten when it did not unlock the key.
 */
import { describe, expect, it } from 'vitest';
import {
  createPassphraseBroker,
  identitySecretName,
  type SecretPort,
} from '../../src-main/app/passphrase-broker';
import type { PassphraseRequest } from '../../src-main/core/contract';

function mapSecrets(): SecretPort & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (n) => data.get(n) ?? null,
    set: (n, s) => (data.set(n, s), { ok: true }),
    delete: (n) => void data.delete(n),
  };
}

/** The test key opens with any phrase but 'typo' and 'wrong'. */
const unlocks = (p: string): boolean => p !== 'typo' && p !== 'wrong';

describe('passphrase broker', () => {
  it('pushes a request, awaits the answer and refuses a second answer to it', async () => {
    const asked: PassphraseRequest[] = [];
    const logs: string[] = [];
    const b = createPassphraseBroker({ request: (r) => asked.push(r), log: (l) => logs.push(l) });
    const answer = b.provider('/k/id_a', unlocks);
    expect(asked).toEqual([{ id: 'pp-1', keyPath: '/k/id_a', note: null }]);
    expect(b.pending()).toEqual(asked);
    expect(b.answer({ id: 'pp-9', passphrase: 'x', remember: false })).toBe(false);
    expect(b.answer({ id: 'pp-1', passphrase: 'hunter2', remember: false })).toBe(true);
    expect(await answer).toBe('hunter2');
    expect(b.answer({ id: 'pp-1', passphrase: 'again', remember: false })).toBe(false);
    expect(b.pending()).toEqual([]);
    expect(b.remembered('/k/id_a')).toBe(false);
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('skips the key when nobody answers in time', async () => {
    const b = createPassphraseBroker({ request: () => undefined, timeoutMs: 5 });
    expect(await b.provider('/k/id_a', unlocks)).toBeNull();
    expect(b.pending()).toEqual([]);
  });

  it('asks once for concurrent loads of one key', async () => {
    const asked: PassphraseRequest[] = [];
    const b = createPassphraseBroker({ request: (r) => asked.push(r) });
    const both = Promise.all([b.provider('/k/id_a', unlocks), b.provider('/k/id_a', unlocks)]);
    expect(asked).toHaveLength(1);
    b.answer({ id: asked[0]?.id ?? '', passphrase: 'p', remember: false });
    expect(await both).toEqual(['p', 'p']);
  });

  it('remembers through the secret store, and forgets a remembered one that did not unlock', async () => {
    const secrets = mapSecrets();
    const asked: PassphraseRequest[] = [];
    const first = createPassphraseBroker({ request: (r) => asked.push(r), secrets });
    const a = first.provider('/k/id_a', unlocks);
    first.answer({ id: 'pp-1', passphrase: 'stored', remember: true });
    expect(await a).toBe('stored');
    expect([...secrets.data]).toEqual([[identitySecretName('/k/id_a'), 'stored']]);
    expect(identitySecretName('/k/id_a')).toMatch(/^identity:[0-9a-f]{40}$/);
    expect(first.remembered('/k/id_a')).toBe(true);

    // A later console uses it without asking.
    const later = createPassphraseBroker({ request: (r) => asked.push(r), secrets });
    expect(await later.provider('/k/id_a', unlocks)).toBe('stored');
    expect(asked).toHaveLength(1);
    // The key changed its passphrase: the stored one no longer unlocks it, so it is
    // forgotten before use and the person is asked.
    const again = later.provider('/k/id_a', (p) => p === 'new');
    expect(asked[1]?.note).toMatch(/did not unlock/);
    expect(secrets.data.size).toBe(0);
    expect(later.remembered('/k/id_a')).toBe(false);
    later.answer({ id: asked[1]?.id ?? '', passphrase: null, remember: false });
    expect(await again).toBeNull();
  });

  it('never remembers a mistyped passphrase and asks again, a bounded number of times (issue 10)', async () => {
    const secrets = mapSecrets();
    const asked: PassphraseRequest[] = [];
    const b = createPassphraseBroker({ request: (r) => asked.push(r), secrets });
    const answer = b.provider('/k/id_a', unlocks);
    b.answer({ id: asked[0]?.id ?? '', passphrase: 'typo', remember: true });
    expect(secrets.data.size).toBe(0);
    expect(b.remembered('/k/id_a')).toBe(false);
    expect(asked[1]?.note).toBe('wrong passphrase for /k/id_a, try again (attempt 1 of 3)');
    b.answer({ id: asked[1]?.id ?? '', passphrase: 'right', remember: true });
    expect(await answer).toBe('right');
    expect([...secrets.data.values()]).toEqual(['right']);

    // Three typos: the key is skipped, nothing is stored.
    const other = b.provider('/k/id_b', unlocks);
    for (let i = 0; i < 3; i++) {
      b.answer({ id: asked.at(-1)?.id ?? '', passphrase: 'wrong', remember: true });
    }
    expect(await other).toBeNull();
    expect(asked).toHaveLength(5);
    expect(b.remembered('/k/id_b')).toBe(false);
    expect(b.pending()).toEqual([]);
  });

  it('keeps it in memory when the keychain refuses, and skips pending keys on close', async () => {
    const refusing: SecretPort = {
      get: () => null,
      set: () => ({ ok: false, message: 'no keychain' }),
      delete: () => undefined,
    };
    const b = createPassphraseBroker({ request: () => undefined, secrets: refusing });
    const a = b.provider('/k/id_a', unlocks);
    b.answer({ id: 'pp-1', passphrase: 'mem', remember: true });
    expect(await a).toBe('mem');
    expect(b.remembered('/k/id_a')).toBe(true);
    const pending = b.provider('/k/id_b', unlocks);
    b.close();
    expect(await pending).toBeNull();
  });
});
