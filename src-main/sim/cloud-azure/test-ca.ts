/**
 * A throw-away certificate authority for the simulated Azure: the Azure SDK sends bearer
 * tokens over HTTPS only, so the simulator serves TLS with a server certificate (SAN
 * 127.0.0.1, localhost) signed by a CA made at start. Clients trust the CA through
 * NODE_EXTRA_CA_CERTS (child processes) or the SDK's `tlsOptions.ca` (in process).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM texts of the CA and the server's key and certificate. */
export interface TestCa {
  readonly caPem: string;
  readonly keyPem: string;
  readonly certPem: string;
}

/** Makes a CA and a server certificate for `address` with openssl (EC P-256, valid 2 days). */
export async function makeTestCa(address: string): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-azure-ca-'));
  const f = (n: string) => path.join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=Ringside simulated Azure test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', [
      'req',
      ...ec,
      '-keyout',
      f('server.key'),
      '-out',
      f('server.csr'),
      '-subj',
      '/CN=management.sim.ringside',
    ]);
    await writeFile(
      f('ext.cnf'),
      `subjectAltName=IP:${address},IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n`,
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('server.pem'),
      '-days',
      '2',
      '-extfile',
      f('ext.cnf'),
    ]);
    const [caPem, keyPem, certPem] = await Promise.all(
      ['ca.pem', 'server.key', 'server.pem'].map((n) => readFile(f(n), 'utf8')),
    );
    return { caPem: caPem ?? '', keyPem: keyPem ?? '', certPem: certPem ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
