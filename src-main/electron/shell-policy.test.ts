import Conf from 'conf';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isExternalLinkAllowed, isNavigationAllowed, isTrustedSender } from './navigation-policy';
import { createSecretStore, type SecretCipher } from './secrets';
import { createSettingsStore, type KeyValueStore } from './settings-store';

const index = 'file:///opt/Ringside/resources/app.asar/dist/renderer/index.html';
const dirs: string[] = [];
function conf(): { kv: KeyValueStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-conf-'));
  dirs.push(dir);
  return { kv: new Conf<Record<string, unknown>>({ projectName: 'ringside-test', cwd: dir }), dir };
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sender and navigation policy', () => {
  it('trusts only the renderer page top frame', () => {
    expect(isTrustedSender({ frameUrl: index + '#/fleet', isMainFrame: true }, index)).toBe(true);
    expect(isTrustedSender({ frameUrl: index, isMainFrame: false }, index)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/evil.html', isMainFrame: true }, index)).toBe(
      false,
    );
    expect(isTrustedSender({ frameUrl: 'https://example.com/', isMainFrame: true }, index)).toBe(
      false,
    );
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true }, index)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'not a url', isMainFrame: true }, index)).toBe(false);
  });
  it('allows navigation only to the renderer, external links only over http(s)', () => {
    expect(isNavigationAllowed(index + '?x=1', index)).toBe(true);
    expect(isNavigationAllowed('https://example.com', index)).toBe(false);
    expect(isExternalLinkAllowed('https://prometheus.io/docs')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
  });
});

describe('settings store on conf (electron-store engine)', () => {
  it('validates patches, survives a corrupt value and keeps recent workspaces unique', () => {
    const { kv } = conf();
    const warnings: string[] = [];
    const store = createSettingsStore(kv, (m) => warnings.push(m));
    expect(store.getSettings().theme).toBe('system');
    expect(store.setSettings({ theme: 'dark' }).theme).toBe('dark');
    expect(() => store.setSettings({ prometheusUrls: ['ftp://x'] })).toThrow();
    kv.set('windowState', { width: 10, height: 'tall' });
    expect(store.getWindowState().width).toBe(1280);
    expect(warnings[0]).toMatch(/ignoring stored 'windowState'/);
    store.addRecent({ name: 'demo', source: { kind: 'demo' }, openedAt: 1 });
    store.addRecent({ name: 'p', source: { kind: 'plan', planPath: '/p.yaml' }, openedAt: 2 });
    const recent = store.addRecent({ name: 'demo', source: { kind: 'demo' }, openedAt: 3 });
    expect(recent.map((r) => r.openedAt)).toEqual([3, 2]);
  });
});

describe('secret store', () => {
  // A reversible stand-in for safeStorage (its real keychain needs the Electron binary).
  const cipher = (available: boolean): SecretCipher => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  });
  it('never writes the plain secret to disk and refuses without encryption', () => {
    const { kv, dir } = conf();
    const secrets = createSecretStore(cipher(true), kv);
    expect(secrets.set('identity:deploy', 'hunter2-passphrase')).toEqual({ ok: true });
    expect(secrets.get('identity:deploy')).toBe('hunter2-passphrase');
    const onDisk = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    expect(onDisk).not.toContain('hunter2');
    const locked = createSecretStore(cipher(false), kv);
    expect(locked.set('identity:other', 'plain')).toMatchObject({
      ok: false,
      reason: 'encryptionUnavailable',
    });
    expect(JSON.stringify(kv.get('secrets'))).not.toContain('plain');
    secrets.delete('identity:deploy');
    expect(secrets.get('identity:deploy')).toBeNull();
  });
});
