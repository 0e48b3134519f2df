import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTestCa } from '../../src-main/sim/cloud-azure/test-ca';

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
