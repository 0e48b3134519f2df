import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { generateEd25519 } from '../../src-main/sim/keys';

describe('sim ed25519 keys', () => {
  it('always parse back in ssh2 with the same public key (no leading-zero bug)', () => {
    // ssh2's own generator breaks ~1 key in 256; 2,000 keys would hit that ~8 times.
    for (let i = 0; i < 2000; i++) {
      const k = generateEd25519();
      const parsed = ssh2.utils.parseKey(k.privateKey);
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      if (!key || key instanceof Error) {
        throw new Error(`key ${i} does not parse: ${String(key)}`);
      }
      expect(key.getPublicSSH().toString('base64')).toBe(k.publicBlob);
    }
  });

  it('derives the same key from the same text, and a different one from other text', () => {
    const a = generateEd25519('h', 'seed:1:sim-0001');
    expect(generateEd25519('h', 'seed:1:sim-0001')).toEqual(a);
    expect(generateEd25519('h', 'seed:1:sim-0002').publicKey).not.toBe(a.publicKey);
  });

  it('is read by OpenSSH ssh-keygen with the same public key and fingerprint', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-keys-'));
    try {
      const k = generateEd25519('sim-test');
      const file = path.join(dir, 'id');
      writeFileSync(file, k.privateKey, { mode: 0o600 });
      const pub = spawnSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
      expect(pub.stderr).toBe('');
      expect(pub.stdout.trim().split(' ').slice(0, 2).join(' ')).toBe(
        `ssh-ed25519 ${k.publicBlob}`,
      );
      const fp = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' });
      expect(fp.stdout.split(' ')[1]).toBe(k.fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
