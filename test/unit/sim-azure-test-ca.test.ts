import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecureContext } from 'node:tls';
import { makeTestCa, positiveInteger } from '../../src-main/sim/cloud-azure/test-ca';

describe('the simulated Azure test CA (node:crypto only, DER written by hand)', () => {
  it('issues a server certificate for the listen address that the CA verifies', () => {
    const now = new Date(Date.UTC(2026, 10, 29, 23, 0, 0));
    const t = makeTestCa('127.14.0.9', now);
    const ca = new X509Certificate(t.caPem);
    const server = new X509Certificate(t.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true); // self-signed
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe(
      'IP Address:127.14.0.9, IP Address:127.0.0.1, DNS:localhost',
    );
    expect(server.checkIP('127.14.0.9')).toBe('127.14.0.9');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(server.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(now.getTime() + 24 * 3600_000);
    // The key belongs to the certificate.
    expect(server.checkPrivateKey(createPrivateKey(t.keyPem))).toBe(true);
  });
});

describe('DER integers are minimal (OpenSSL refuses a padded one: CI saw "illegal padding")', () => {
  it('encodes a serial with leading zero bytes without them, and a high first bit with one', () => {
    expect(positiveInteger(Buffer.from([0x00, 0x00, 0x12, 0x34])).toString('hex')).toBe('02021234');
    expect(positiveInteger(Buffer.from([0x00, 0x92])).toString('hex')).toBe('02020092');
    expect(positiveInteger(Buffer.from([0x92])).toString('hex')).toBe('02020092');
    expect(positiveInteger(Buffer.from([0x00, 0x00])).toString('hex')).toBe('020100');
  });

  it('every CA made loads into a TLS server (300 in a row; a padded serial failed ~1 in 128)', () => {
    for (let i = 0; i < 300; i++) {
      const t = makeTestCa('127.0.0.1');
      expect(() =>
        createSecureContext({ key: t.keyPem, cert: t.certPem, ca: t.caPem }),
      ).not.toThrow();
    }
  });
});
