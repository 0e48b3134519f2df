import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  findOfferedKey,
  fingerprintOf,
  hostFieldMatches,
  keyTypeOf,
  parseKeyFileStrict,
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

describe('a key offered earlier, known by its fingerprint', () => {
  const fp = fingerprintOf(key);
  const name = '[10.0.0.5]:2222';

  it('matches the same key for the host, by [address]:port, by name or hashed', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('web-1').digest('base64')}`;
    const entries = parseKnownHosts(
      `other ssh-ed25519 ${b64(other)}\n${name} ssh-ed25519 ${b64(key)}\n${hashed} ssh-ed25519 ${b64(key)}\n`,
      'f',
    );
    expect(findOfferedKey(entries, [name], fp)).toMatchObject({
      kind: 'match',
      entry: { line: 2 },
    });
    expect(findOfferedKey(entries.slice(2), ['web-1'], fp)).toMatchObject({
      kind: 'match',
      entry: { line: 3 },
    });
    expect(findOfferedKey(entries, ['nobody'], fp)).toEqual({ kind: 'none' });
  });

  it('a different key for the host is reported with its fingerprint, never as a match', () => {
    const entries = parseKnownHosts(`${name} ssh-ed25519 ${b64(other)}\n`, 'f');
    expect(findOfferedKey(entries, [name], fp)).toMatchObject({
      kind: 'different',
      fingerprint: fingerprintOf(other),
      entry: { line: 1 },
    });
  });

  it('a @revoked line for the key wins over a line that lists it', () => {
    const entries = parseKnownHosts(
      `${name} ssh-ed25519 ${b64(key)}\n@revoked * ssh-ed25519 ${b64(key)}\n`,
      'f',
    );
    expect(findOfferedKey(entries, [name], fp)).toMatchObject({
      kind: 'revoked',
      entry: { line: 2 },
    });
  });

  it('a key line whose type does not match its blob is no match', () => {
    const entries = parseKnownHosts(`${name} ssh-rsa ${b64(key)}\n`, 'f');
    expect(findOfferedKey(entries, [name], fp).kind).toBe('different');
  });
});

describe('a key file handed to ringside approve --from', () => {
  it('reads ssh-keyscan output, comments and blank lines included', () => {
    const r = parseKeyFileStrict(
      `# 10.0.0.5:2222 SSH-2.0-OpenSSH_9.6\n\n[10.0.0.5]:2222 ssh-ed25519 ${b64(key)}\n`,
      'keys.txt',
    );
    expect(r).toMatchObject({ ok: true, entries: [{ file: 'keys.txt', line: 3 }] });
  });

  it('names FILE:LINE of a line that is not a key line', () => {
    for (const bad of [
      'web-1 ssh-ed25519',
      `web-1 ssh-rsa ${b64(key)}`,
      'web-1 ssh-ed25519 !!!',
      '@bogus web-1 ssh-ed25519 AAAA',
    ]) {
      const r = parseKeyFileStrict(`web-0 ssh-ed25519 ${b64(key)}\n${bad}\n`, 'keys.txt');
      expect(r.ok, bad).toBe(false);
      expect(r.ok ? '' : r.message).toMatch(/^keys\.txt:2: not a key line/);
    }
  });

  it('refuses a file with no key line', () => {
    expect(parseKeyFileStrict('# nothing\n', 'keys.txt')).toEqual({
      ok: false,
      message: 'keys.txt: no key line in it (expected ssh-keyscan output)',
    });
  });
});
