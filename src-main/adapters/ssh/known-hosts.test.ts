import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprintOf,
  hostFieldMatches,
  keyTypeOf,
  parseKnownHosts,
} from './known-hosts';

/** An ssh-ed25519 wire-format blob from a fresh key. */
function ed25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519')
    .publicKey.export({ format: 'der', type: 'spki' })
    .subarray(-32);
  const type = Buffer.from('ssh-ed25519');
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  return Buffer.concat([u32(type.length), type, u32(raw.length), raw]);
}

const key = ed25519Blob();
const other = ed25519Blob();
const b64 = (b: Buffer): string => b.toString('base64');

describe('known_hosts', () => {
  it('reads the key type and formats fingerprints like OpenSSH', () => {
    expect(keyTypeOf(key)).toBe('ssh-ed25519');
    expect(fingerprintOf(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches plain, bracketed, listed, wildcard, negated and hashed host fields', () => {
    expect(hostFieldMatches('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(hostFieldMatches('[10.0.0.1]:2222', '[10.0.0.1]:2222')).toBe(true);
    expect(hostFieldMatches('10.0.0.1', '[10.0.0.1]:2222')).toBe(false);
    expect(hostFieldMatches('a,b,WEB-1', 'web-1')).toBe(true);
    expect(hostFieldMatches('web-?,!web-9', 'web-9')).toBe(false);
    expect(hostFieldMatches('*.example.com', 'db.example.com')).toBe(true);
    const salt = Buffer.from('0123456789abcdef0123');
    const hashed = `|1|${b64(salt)}|${createHmac('sha1', salt).update('[h]:22').digest('base64')}`;
    expect(hostFieldMatches(hashed, '[h]:22')).toBe(true);
    expect(hostFieldMatches(hashed, 'h')).toBe(false);
  });

  it('classifies verified, changed (with file:line), revoked, unknown', () => {
    const text = `# c\n\n[h]:2222 ssh-ed25519 ${b64(other)}\nh ssh-ed25519 ${b64(key)}\n@revoked * ssh-ed25519 ${b64(other)}\n@cert-authority *.ca ssh-ed25519 ${b64(other)}\nbroken\n`;
    const entries = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => [e.line, e.marker])).toEqual([
      [3, 'none'],
      [4, 'none'],
      [5, 'revoked'],
      [6, 'cert-authority'],
    ]);
    expect(checkHostKey(entries, 'h', 22, key)).toEqual({ kind: 'verified', file: 'kh', line: 4 });
    expect(checkHostKey(entries.slice(0, 2), 'h', 2222, key)).toEqual({
      kind: 'changed',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintOf(key),
      knownFingerprint: fingerprintOf(other),
      file: 'kh',
      line: 3,
    });
    expect(checkHostKey(entries, 'h', 2222, other)).toMatchObject({ kind: 'revoked', line: 5 });
    expect(checkHostKey(entries, 'x.ca', 22, key)).toMatchObject({
      kind: 'unknown',
      note: expect.stringContaining('@cert-authority'),
    });
    expect(checkHostKey(entries, 'nobody', 22, key)).toEqual({
      kind: 'unknown',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintOf(key),
    });
  });

  it('treats a known key of another type as unknown, not changed', () => {
    const entries = parseKnownHosts(`h ecdsa-sha2-nistp256 AAAA\n`, 'kh');
    expect(checkHostKey(entries, 'h', 22, key)).toMatchObject({
      kind: 'unknown',
      note: expect.stringContaining('ecdsa-sha2-nistp256'),
    });
  });
});
