/**
 * The team database as a console setting (Electron's Connections view), against a real
 * PostgreSQL 15: the URL is a setting (never with a password), the password a person types
 * goes only to the secret store (safeStorage in Electron; here the store over a stand-in
 * cipher, since safeStorage needs the Electron binary) and reaches the connection in memory;
 * a console started again reads it back from the keychain; without a usable keychain it is
 * kept for the session only and nothing is written.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import { SettingsPatchSchema } from '../../src-main/core/contract';
import { createSecretStore, type SecretCipher } from '../../src-main/electron/secrets';
import { createSettingsStore, type KeyValueStore } from '../../src-main/electron/settings-store';
import { PG_TEST_PASSWORD } from '../helpers/postgres';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-settings' });

function kv(): KeyValueStore & { readonly data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (k) => data.get(k),
    set: (k, v) => void data.set(k, v),
    delete: (k) => void data.delete(k),
  };
}

function xorCipher(available: boolean): SecretCipher {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => flip(Buffer.from(s, 'utf8')),
    decryptString: (b) => flip(b).toString('utf8'),
  };
}

async function consoleWith(
  settingsKv: KeyValueStore,
  secretsKv: KeyValueStore,
  keychain: boolean,
): Promise<RingsideApp> {
  return rig.closeAfter(
    await createRingsideApp({
      workspace: { demo: true },
      journalRoot: join(rig.root, 'journals'),
      settings: createSettingsStore(settingsKv, () => undefined, 'otto'),
      secrets: createSecretStore(xorCipher(keychain), secretsKv),
    }),
  );
}

describe('the team database setting and its password', () => {
  it('keeps the URL in settings and the password only in the keychain', async () => {
    // The password must come from the console here, not from the test's environment.
    expect(process.env.PGPASSWORD).toBeUndefined();
    const db = await rig.teamDb({ schema: 'cli', logins: { otto: ['ringside_operator'] } });
    const otto = new URL(db.login.otto);
    otto.password = '';
    const teamUrl = otto.toString();

    const settingsKv = kv();
    const secretsKv = kv();
    const app = await consoleWith(settingsKv, secretsKv, true);
    await expect(app.listTeamRollouts()).rejects.toThrow('this console has no team database');
    await app.setSettings({ teamUrl });
    await expect(app.listTeamRollouts()).rejects.toThrow(
      'listTeamRollouts: PostgreSQL at 127.0.0.1:',
    );
    expect(await app.setTeamPassword({ password: PG_TEST_PASSWORD })).toEqual({
      remembered: true,
      note: null,
    });
    expect(await app.listTeamRollouts()).toEqual([]);
    expect(JSON.stringify([...settingsKv.data])).not.toContain(PG_TEST_PASSWORD);
    expect(JSON.stringify([...secretsKv.data])).not.toContain(PG_TEST_PASSWORD);
    expect(secretsKv.data.size).toBe(1);
    // Settings never take a password.
    expect(
      SettingsPatchSchema.safeParse({ teamUrl: `postgres://otto:pw@127.0.0.1/x` }).success,
    ).toBe(false);

    // Started again: the URL from settings, the password from the keychain.
    await app.close();
    const again = await consoleWith(settingsKv, secretsKv, true);
    expect(await again.listTeamRollouts()).toEqual([]);
    // Forgotten: the keychain entry goes, and the login is refused again.
    expect(await again.setTeamPassword({ password: null })).toEqual({
      remembered: false,
      note: null,
    });
    expect(secretsKv.data.size).toBe(0);
    await expect(again.listTeamRollouts()).rejects.toThrow('the server asks for a password');

    // No usable keychain: this session only, nothing written.
    const noKeychain = kv();
    const plain = await consoleWith(kv(), noKeychain, false);
    await plain.setSettings({ teamUrl });
    const kept = await plain.setTeamPassword({ password: PG_TEST_PASSWORD });
    expect(kept.remembered).toBe(false);
    expect(kept.note).toContain('session only');
    expect(await plain.listTeamRollouts()).toEqual([]);
    expect(noKeychain.data.size).toBe(0);
  }, 120_000);
});
