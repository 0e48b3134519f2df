import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64,
  boundaryText,
  escapeControls,
  redactDeep,
  redactSecrets,
} from '../../src-main/core/boundary-text';

describe('redactSecrets', () => {
  const token = 'tok-S3cr3t/+=é"x';
  it('replaces the secret as is, URL-encoded, JSON-escaped and in base64 (with and without padding)', () => {
    const forms = [
      `Bearer ${token}`,
      encodeURIComponent(token),
      JSON.stringify(token),
      Buffer.from(token).toString('base64'),
      Buffer.from(token).toString('base64').replace(/=+$/, ''),
    ];
    for (const f of forms) {
      const out = redactSecrets(`before ${f} after`, [token]);
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(token);
      expect(out).not.toContain(encodeURIComponent(token));
      expect(out).not.toContain(Buffer.from(token).toString('base64').slice(0, 12));
    }
  });
  it('covers basic auth when the user:password pair is held', () => {
    const header = `Authorization: Basic ${Buffer.from('ops:hunter22').toString('base64')}`;
    expect(redactSecrets(header, ['ops:hunter22'])).toBe('Authorization: Basic [redacted]');
  });
  it('base64 matches Node for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(base64(s)).toBe(Buffer.from(s).toString('base64'));
      }),
    );
  });
  it('redacts inside nested records and leaves non-strings alone', () => {
    expect(redactDeep({ a: ['x s3cret y', 3], b: { c: 's3cret' }, d: null }, ['s3cret'])).toEqual({
      a: ['x [redacted] y', 3],
      b: { c: '[redacted]' },
      d: null,
    });
  });
});

describe('escapeControls', () => {
  it('shows C0, ESC, DEL, C1 and bidi overrides as text, keeps tab', () => {
    expect(escapeControls('a\u001b]0;t\u0007\u001b[2Jb\tc\u007f\u009b\u202e\r')).toBe(
      'a\\x1b]0;t\\x07\\x1b[2Jb\tc\\x7f\\x9b\\u202e\\r',
    );
  });
  it('a host name with a newline cannot forge a line', () => {
    const line = escapeControls('  h1\nfinished: every ring deployed and accepted| ok');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('  h1\\nfinished: every ring deployed and accepted| ok');
  });
  it('documents keep their line breaks', () => {
    expect(boundaryText('a\nb\u001bc\r\nd\re', [], true)).toBe('a\nb\\x1bc\r\nd\\re');
  });
});
