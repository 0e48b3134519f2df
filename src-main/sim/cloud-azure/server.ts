/**
 * The simulated Azure on 127.0.0.1, over HTTPS with a test CA made at start: Entra ID's
 * token endpoint (the authority host) and Azure Resource Manager (the ARM endpoint) on one
 * port. `PUT /sim/fault` (JSON {@link SimAzureFault} or null) sets a fault from outside.
 */
import https from 'node:https';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answerArm, type ArmState, type SimAzureFault } from './arm-routes';
import { SimEntra, type HttpAnswer, type SimAzureApp } from './entra';
import { makeTestCa } from './test-ca';
import type { SimAzureSubscription, SimAzureVm } from './subscription';

export type { SimAzureFault } from './arm-routes';

export interface SimAzureOptions {
  readonly subscription: SimAzureSubscription;
  /** Items per page of every list (default 100; small values exercise nextLink). */
  readonly pageSize?: number;
  readonly address?: string;
  readonly port?: number;
  readonly now?: () => number;
  /** Is the VM's host running; default: always. */
  readonly running?: (vm: SimAzureVm) => boolean;
}

/** A running simulated Azure. */
export interface SimAzure {
  /** `https://127.0.0.1:PORT`: both the ARM endpoint and the Entra authority host. */
  readonly endpoint: string;
  readonly app: SimAzureApp;
  readonly caPem: string;
  /** The CA in a file (for NODE_EXTRA_CA_CERTS); removed on stop. */
  readonly caFile: string;
  readonly subscription: SimAzureSubscription;
  /** The environment a client process needs: credentials, authority, ARM endpoint, CA. */
  env(): Record<string, string>;
  setFault(fault: SimAzureFault | null): void;
  /** ARM answers so far by HTTP status. */
  counts(): ReadonlyMap<number, number>;
  stop(): Promise<void>;
}

/** The environment variable naming the ARM endpoint Ringside's Azure inventory calls. */
export const ARM_ENDPOINT_ENV = 'RINGSIDE_AZURE_ARM_ENDPOINT';

const SIM_APP: SimAzureApp = {
  tenantId: '72f988bf-0000-4000-8000-00000000a2e1',
  clientId: '5f3c1a2b-0000-4000-8000-0000000c11e7',
  clientSecret: 'sim-client-secret-not-a-real-one',
};

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the simulated Azure for one subscription. */
export async function startSimAzure(o: SimAzureOptions): Promise<SimAzure> {
  const address = o.address ?? '127.0.0.1';
  const now = o.now ?? Date.now;
  const ca = makeTestCa(address);
  let endpoint = '';
  const entra = new SimEntra(SIM_APP, () => endpoint, now);
  const state: ArmState = {
    subscription: o.subscription,
    entra,
    pageSize: o.pageSize ?? 100,
    base: () => endpoint,
    now,
    fault: null,
    running: o.running ?? (() => true),
    counts: new Map(),
  };
  const answer = async (req: import('node:http').IncomingMessage): Promise<HttpAnswer> => {
    const url = new URL(req.url ?? '/', endpoint);
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    if (url.pathname === '/sim/fault' && method === 'PUT') {
      try {
        setFault(JSON.parse(body) as SimAzureFault | null);
        return { status: 204, body: null };
      } catch (e) {
        return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
      }
    }
    if (url.pathname.toLowerCase().startsWith('/subscriptions/')) {
      const a = answerArm(state, method, url, req.headers.authorization);
      state.counts.set(a.status, (state.counts.get(a.status) ?? 0) + 1);
      return a;
    }
    return (
      entra.answer(method, url, new URLSearchParams(body)) ?? {
        status: 404,
        body: { error: { code: 'NotFound', message: `no simulated endpoint at ${url.pathname}` } },
      }
    );
  };
  const server = https.createServer({ key: ca.keyPem, cert: ca.certPem }, (req, res) => {
    answer(req).then(
      (a) => {
        const text = a.body === null ? '' : JSON.stringify(a.body);
        res.writeHead(a.status, {
          ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          'x-ms-request-id': `sim-${Date.now().toString(36)}`,
          ...a.headers,
        });
        res.end(text);
      },
      (e: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(e instanceof Error ? e.message : String(e));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, address, () => resolve());
  });
  endpoint = `https://${address}:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-sim-azure-'));
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, ca.caPem, { mode: 0o644 });
  function setFault(fault: SimAzureFault | null): void {
    entra.secretExpired = fault?.kind === 'expired-secret';
    if (fault?.kind === 'expired-token') {
      entra.expireTokens();
    }
    state.fault = fault;
  }
  return {
    endpoint,
    app: SIM_APP,
    caPem: ca.caPem,
    caFile,
    subscription: o.subscription,
    env: () => ({
      AZURE_TENANT_ID: SIM_APP.tenantId,
      AZURE_CLIENT_ID: SIM_APP.clientId,
      AZURE_CLIENT_SECRET: SIM_APP.clientSecret,
      AZURE_AUTHORITY_HOST: endpoint,
      [ARM_ENDPOINT_ENV]: endpoint,
      NODE_EXTRA_CA_CERTS: caFile,
    }),
    setFault,
    counts: () => state.counts,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
