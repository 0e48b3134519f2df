/**
 * The passphrase part of the contract: `providePassphrase` params and `onPassphraseRequest`
 * payloads are validated at the boundary, and a refusal never repeats the passphrase.
 */
import { describe, expect, it } from 'vitest';
import {
  dispatchCall,
  isMethodName,
  isPushName,
  methodSchemas,
  pushSchemas,
} from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';

const now = () => Date.UTC(2026, 10, 26, 8, 0, 0);

describe('passphrase contract', () => {
  it('names the method and push alongside their schemas', () => {
    expect(isMethodName('providePassphrase')).toBe(true);
    expect(isPushName('onPassphraseRequest')).toBe(true);
    expect(Object.keys(methodSchemas)).toContain('providePassphrase');
    expect(Object.keys(pushSchemas)).toContain('onPassphraseRequest');
  });

  it('accepts an answer or a refusal, with remember said explicitly', () => {
    const params = methodSchemas.providePassphrase.params;
    expect(params.safeParse({ id: 'pp-1', passphrase: 's', remember: true }).success).toBe(true);
    expect(params.safeParse({ id: 'pp-1', passphrase: null, remember: false }).success).toBe(true);
    for (const bad of [
      { id: 'pp-1', passphrase: 's' },
      { id: '', passphrase: 's', remember: false },
      { id: 'pp-1', passphrase: '', remember: false },
      { id: 'pp-1', passphrase: 's', remember: 'yes' },
      { id: 'pp-1', passphrase: 's', remember: false, save: true },
    ]) {
      expect(params.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(methodSchemas.providePassphrase.result.safeParse(true).success).toBe(true);
  });

  it('validates the request push', () => {
    const push = pushSchemas.onPassphraseRequest;
    expect(push.safeParse({ id: 'pp-1', keyPath: '/k', note: null }).success).toBe(true);
    expect(push.safeParse({ id: 'pp-1', keyPath: '', note: null }).success).toBe(false);
    expect(push.safeParse({ id: 'pp-1', keyPath: '/k' }).success).toBe(false);
  });

  it('refuses bad params at dispatch without echoing the passphrase', async () => {
    const { api, calls } = createFixtureApi({ now });
    const secret = 'do-not-echo-me';
    const out = await dispatchCall(api, 'providePassphrase', {
      id: 'pp-1',
      passphrase: secret,
      remember: 'always',
    });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(/^providePassphrase: invalid params\.remember/);
    expect(JSON.stringify(out)).not.toContain(secret);
    const fine = await dispatchCall(api, 'providePassphrase', {
      id: 'pp-1',
      passphrase: secret,
      remember: false,
    });
    expect(fine).toEqual({ ok: true, result: false });
    expect(JSON.stringify(calls)).not.toContain(secret);
  });
});
