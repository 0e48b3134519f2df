/**
 * A throw-away certificate authority for the simulated Azure: the Azure SDK sends bearer
 * tokens over HTTPS only, so the simulator serves TLS with a server certificate (SAN
 * 127.0.0.1, the listen address, localhost) signed by a CA made at start. Clients trust the
 * CA through NODE_EXTRA_CA_CERTS (child processes) or the SDK's `tlsOptions.ca` (in process).
 *
 * Made with node:crypto alone (EC P-256 keys, ECDSA-SHA256 signatures; the X.509 DER written
 * here), so `ringside run --sim` needs no openssl program on the operator's machine.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** PEM texts of the CA and the server's key and certificate. */
export interface TestCa {
  readonly caPem: string;
  readonly keyPem: string;
  readonly certPem: string;
}

function length(n: number): Buffer {
  if (n < 0x80) {
    return Buffer.from([n]);
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) {
    bytes.unshift(v & 0xff);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER TLV. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) {
      chunk.unshift(0x80 | (v & 0x7f));
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/**
 * A non-negative DER INTEGER: minimal, as DER requires and OpenSSL checks (a leading zero
 * byte only before a byte whose high bit is set). A random serial starting 0x00 0x12 was
 * written padded, and one certificate in about 256 failed to load ("illegal padding").
 */
export function positiveInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start += 1;
  }
  const digits = bytes.length === 0 ? Buffer.from([0]) : bytes.subarray(start);
  return tlv(
    0x02,
    digits[0] !== undefined && digits[0] >= 0x80
      ? Buffer.concat([Buffer.from([0]), digits])
      : digits,
  );
}

function name(commonName: string): Buffer {
  return seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function certificate(o: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  extensions: Buffer[];
  now: Date;
}): string {
  const notBefore = new Date(o.now.getTime() - 60 * 60_000);
  const notAfter = new Date(o.now.getTime() + 2 * 24 * 60 * 60_000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    positiveInteger(serial),
    ECDSA_SHA256,
    name(o.issuer),
    seq(utcTime(notBefore), utcTime(notAfter)),
    name(o.subject),
    o.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...o.extensions)),
  );
  const signature = sign('sha256', tbs, o.signer); // DER ECDSA-Sig-Value
  const der = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

function ipBytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

/** Makes a CA and a server certificate for `address` (valid 2 days, from an hour ago). */
export function makeTestCa(address: string, now: Date = new Date()): TestCa {
  const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ca = ec();
  const server = ec();
  const caName = 'Ringside simulated Azure test CA';
  const caPem = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    now,
    extensions: [
      extension('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))), // CA:TRUE
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06]))), // keyCertSign, cRLSign
    ],
  });
  const ips = [...new Set([address, '127.0.0.1'])].map((a) => tlv(0x87, ipBytes(a)));
  const certPem = certificate({
    subject: 'management.sim.ringside',
    issuer: caName,
    publicKey: server.publicKey,
    signer: ca.privateKey,
    now,
    extensions: [
      extension('2.5.29.17', false, seq(...ips, tlv(0x82, Buffer.from('localhost', 'ascii')))),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x07, 0x80]))), // digitalSignature
    ],
  });
  const keyPem = server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { caPem, keyPem, certPem };
}
