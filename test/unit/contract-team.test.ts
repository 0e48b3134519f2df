/**
 * The team calls cross the IPC and WebSocket boundary validated like every other: a rollout
 * name that is not one (a path), a password of the wrong type, a team URL carrying a password
 * are refused before the facade sees them, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';

const now = () => Date.UTC(2026, 10, 30, 6, 0, 0);

describe('team calls at the contract boundary', () => {
  it('refuses bad params naming the field', async () => {
    const { api, calls } = createFixtureApi({ now });
    const path = await dispatchCall(api, 'openTeamRollout', { rollout: '../etc/passwd' });
    expect(!path.ok && path.error).toMatch(/^openTeamRollout: invalid params\.rollout: /);
    const password = await dispatchCall(api, 'setTeamPassword', { password: 42 });
    expect(!password.ok && password.error).toMatch(/^setTeamPassword: invalid params\.password/);
    const inUrl = await dispatchCall(api, 'setSettings', {
      teamUrl: 'postgres://otto:secret@db.example.com/ringside',
    });
    expect(!inUrl.ok && inUrl.error).toMatch(
      /^setSettings: invalid params\.teamUrl: expected a URL without a password/,
    );
    expect(!inUrl.ok && inUrl.error).not.toContain('secret');
    const notPg = await dispatchCall(api, 'setSettings', { teamUrl: 'https://db.example.com/' });
    expect(!notPg.ok && notPg.error).toMatch(/params\.teamUrl: expected postgres:\/\//);
    expect(calls.filter((c) => c.method === 'setSettings')).toEqual([]);
  });

  it('passes good params through (a console without a team database answers so)', async () => {
    const { api } = createFixtureApi({ now });
    expect(await dispatchCall(api, 'getTeamRollout', {})).toEqual({ ok: true, result: null });
    const list = await dispatchCall(api, 'listTeamRollouts', {});
    expect(!list.ok && list.error).toMatch(/this console has no team database/);
    const ok = await dispatchCall(api, 'setSettings', {
      teamUrl: 'postgres://otto@db.example.com:5432/ringside',
    });
    expect(ok.ok).toBe(true);
  });
});
