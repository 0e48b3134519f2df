import net from 'node:net';
import type http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrng } from './prng';
import { generateEd25519, type SshKeyPair } from './keys';
import { parseAcceptedKeys } from './ssh-server';
import { SimHostState, type SimHostSnapshot } from './sim-host';
import { HostEndpoint } from './host-endpoint';
import { createHostHttpServer } from './host-http';
import type { SimFault } from './faults';
import type { ProfileOptions } from './profiles';
import { generatedHosts, type SimHostSpec } from './host-names';
import { hostAddresses, type AddressingOptions } from './addressing';

/** Options of {@link startSimFleet}; every field has a default. */
export interface SimFleetOptions extends AddressingOptions {
  /** Host specs, or a count of generated hosts (`sim-0001`... across regions and zones). Default 3. */
  readonly hosts?: number | readonly SimHostSpec[];
  /** Version every host runs at start (default 1.0.0). */
  readonly initialVersion?: string;
  /** Which health profile a version gets (see profiles.ts). */
  readonly profiles?: ProfileOptions;
  /** Seed of every random draw (default 1). */
  readonly seed?: number;
  /** Requests per second each host serves (default 20). */
  readonly rps?: number;
  /** Clock in ms since epoch (default Date.now); traffic accrues against it. */
  readonly now?: () => number;
  /** Scales simulated latencies (install 150-600 ms, restart, sleep); 0 = instant. Default 1. */
  readonly latencyScale?: number;
  /** Client key pair the fleet accepts; generated when absent. */
  readonly clientKey?: { readonly privateKey: string; readonly publicKey: string };
  /** More public key lines (`ssh-ed25519 AAAA...`) to accept. */
  readonly authorizedKeys?: readonly string[];
  /** Exact path of the client key file (mode 0600, removed on stop); default: a fresh temp dir. */
  readonly keyFile?: string;
  /**
   * Derive each host key from (seed, host name) instead of drawing it fresh, so a fleet
   * restarted with the same seed presents the same keys (known_hosts stays valid).
   */
  readonly stableHostKeys?: boolean;
  /** Told whenever a host starts running a version (drills time exposure from it). */
  readonly onVersionChange?: (host: string, version: string, atMs: number) => void;
  /** User name the inventory suggests (any user is accepted). Default `deploy`. */
  readonly user?: string;
  /**
   * Serve every host's metrics through one listener, routed by path (`/hosts/NAME/metrics`),
   * instead of a metrics port per host: a fleet of N hosts then holds N + 1 listening sockets,
   * not 2N, so 10,000 hosts fit one process's file limit. For clients that take a URL per
   * host (the rehearsal's monitor); a Prometheus scraping `address:port` needs the default.
   */
  readonly routedMetrics?: boolean;
}

/** What a client needs to reach one simulated host. */
export interface SimHostInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly address: string;
  readonly sshPort: number;
  readonly metricsPort: number;
  readonly metricsUrl: string;
  /** `ssh-ed25519 AAAA...` as the host presents it (without a fault). */
  readonly hostKey: string;
  readonly hostKeyFingerprint: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA...` */
  readonly knownHostsLine: string;
}

export type { SimHostSnapshot } from './sim-host';

/** Request counters of a host's running process, since `processStartMs` (a restart zeroes them). */
export interface SimHostCounters {
  readonly version: string;
  readonly processStartMs: number;
  readonly requests: number;
  /** Requests answered with a 5xx status. */
  readonly errors5xx: number;
  readonly latencySeconds: number;
  /** What the running version serves: requests per second and share of 5xx answers. */
  readonly rps: number;
  readonly errorRate: number;
}

export interface SimFleet {
  readonly hosts: readonly SimHostInfo[];
  readonly user: string;
  readonly clientKey: {
    readonly privateKey: string;
    readonly publicKey: string;
    readonly path: string;
  };
  /** Every host's known_hosts line, newline-terminated. */
  readonly knownHosts: string;
  host(name: string): SimHostInfo | undefined;
  /** Snapshot of a host's state (counters caught up to now); undefined for an unknown name. */
  state(name: string): SimHostSnapshot | undefined;
  /** The metrics text a scrape would return right now (no HTTP). */
  metricsText(name: string): string;
  /** A host's request counters caught up to now (what simulated CloudWatch samples); undefined for an unknown name. */
  counters(name: string): SimHostCounters | undefined;
  /** Sets a host's version at once, as if installed out of band. */
  setVersion(name: string, version: string): void;
  /** Changes a host's requests per second from now on (e.g. a low-traffic canary). */
  setRps(name: string, rps: number): void;
  /** Puts a host into a fault, or clears it with null. Throws for an unknown host (a caller bug). */
  setFault(name: string, fault: SimFault | null): Promise<void>;
  /** The host key a host presents right now (differs under a host-key-change fault). */
  currentHostKey(name: string): string;
  stop(): Promise<void>;
}

function bracketed(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Starts a simulated fleet: N SSH hosts with metrics endpoints, all in this process. */
export async function startSimFleet(opts: SimFleetOptions = {}): Promise<SimFleet> {
  const specs = typeof opts.hosts === 'object' ? opts.hosts : generatedHosts(opts.hosts ?? 3);
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name)) {
      throw new Error(`startSimFleet: host name '${s.name}' appears twice (names must be unique)`);
    }
    names.add(s.name);
  }
  const addresses = hostAddresses(opts, specs.length);
  const now = opts.now ?? Date.now;
  const user = opts.user ?? 'deploy';
  const root = createPrng(opts.seed ?? 1);
  const settings = {
    now,
    profiles: opts.profiles ?? {},
    rps: opts.rps ?? 20,
    latencyScale: opts.latencyScale ?? 1,
    ...(opts.onVersionChange ? { onVersionChange: opts.onVersionChange } : {}),
  };
  const clientPair = opts.clientKey ?? generateEd25519('ringside-sim-client');
  const accepted = parseAcceptedKeys([clientPair.publicKey, ...(opts.authorizedKeys ?? [])]);
  const keyDir =
    opts.keyFile === undefined ? await mkdtemp(path.join(tmpdir(), 'ringside-sim-')) : null;
  const keyPath = opts.keyFile ?? path.join(keyDir ?? '.', 'id_ed25519');
  await writeFile(keyPath, clientPair.privateKey, { mode: 0o600 });
  const removeKey = (): Promise<void> => rm(keyDir ?? keyPath, { recursive: true, force: true });

  const socketHosts = new WeakMap<net.Socket, HostEndpoint>();
  const httpServer = createHostHttpServer(
    (socket) => socketHosts.get(socket),
    (name) => byName.get(name)?.e,
  );
  httpServer.keepAliveTimeout = 30_000;
  const routedMetrics = opts.routedMetrics === true;
  const metricsListener = routedMetrics
    ? await listenRouted(httpServer, addresses[0]?.address ?? '127.0.0.1')
    : null;

  const endpoints = specs.map((spec, i) => {
    const state = new SimHostState(
      spec.name,
      i,
      opts.initialVersion ?? '1.0.0',
      settings,
      root.fork(i * 4),
      root.fork(i * 4 + 1),
      root.fork(i * 4 + 2),
    );
    if (spec.rps !== undefined) {
      state.setRps(spec.rps);
    }
    return new HostEndpoint(
      state,
      generateEd25519(
        spec.name,
        opts.stableHostKeys ? `ringside-sim-host-key:${opts.seed ?? 1}:${spec.name}` : undefined,
      ),
      accepted,
      addresses[i]?.address ?? '127.0.0.1',
      httpServer,
      socketHosts,
      !routedMetrics,
    );
  });
  // Listen in batches: thousands of concurrent listen() calls gain nothing and spike memory.
  try {
    for (let i = 0; i < endpoints.length; i += 200) {
      await Promise.all(
        endpoints
          .slice(i, i + 200)
          .map((e, j) =>
            e.start(
              addresses[i + j]?.sshPort ?? 0,
              metricsListener?.port ?? addresses[i + j]?.metricsPort ?? 0,
            ),
          ),
      );
    }
  } catch (e) {
    await Promise.all(endpoints.map((x) => x.stop()));
    metricsListener?.server.close();
    await removeKey();
    throw e;
  }

  const hosts: SimHostInfo[] = endpoints.map((e, i) => {
    const key: SshKeyPair = e.hostKey;
    const hostKey = key.publicKey.split(' ').slice(0, 2).join(' ');
    return {
      name: e.state.name,
      labels: { ...(specs[i]?.labels ?? {}) },
      address: e.address,
      sshPort: e.sshPort,
      metricsPort: e.metricsPort,
      metricsUrl: metricsListener
        ? `http://${metricsListener.address}:${metricsListener.port}/hosts/${encodeURIComponent(e.state.name)}/metrics`
        : `http://${e.address}:${e.metricsPort}/metrics`,
      hostKey,
      hostKeyFingerprint: key.fingerprint,
      knownHostsLine: `${bracketed(e.address, e.sshPort)} ${hostKey}`,
    };
  });
  const byName = new Map(endpoints.map((e, i) => [e.state.name, { e, info: hosts[i] }]));
  const endpoint = (name: string): HostEndpoint => {
    const found = byName.get(name)?.e;
    if (!found) {
      throw new Error(
        `sim fleet: no host named '${name}' (hosts: ${hosts.length}, e.g. ${hosts[0]?.name ?? 'none'})`,
      );
    }
    return found;
  };

  return {
    hosts,
    user,
    clientKey: {
      privateKey: clientPair.privateKey,
      publicKey: clientPair.publicKey,
      path: keyPath,
    },
    knownHosts: hosts.map((h) => h.knownHostsLine).join('\n') + '\n',
    host: (name) => byName.get(name)?.info,
    state: (name) => byName.get(name)?.e.state.snapshot(),
    metricsText: (name) => endpoint(name).state.metricsText(),
    counters: (name) => {
      const e = byName.get(name)?.e;
      if (!e) {
        return undefined;
      }
      const t = e.state.catchUp();
      let errors5xx = 0;
      for (const [code, n] of t.counters.byCode) {
        if (code.startsWith('5')) {
          errors5xx += n;
        }
      }
      return {
        version: t.version,
        processStartMs: t.processStartMs,
        requests: t.counters.count,
        errors5xx,
        latencySeconds: t.counters.sumSeconds,
        rps: e.state.requestsPerSecond,
        errorRate: t.profile.errorRate,
      };
    },
    setVersion: (name, version) => endpoint(name).state.setVersion(version),
    setRps: (name, rps) => endpoint(name).state.setRps(rps),
    setFault: (name, fault) => endpoint(name).setFault(fault),
    currentHostKey: (name) =>
      endpoint(name).currentHostKey().publicKey.split(' ').slice(0, 2).join(' '),
    stop: async () => {
      await Promise.all(endpoints.map((e) => e.stop()));
      metricsListener?.server.close();
      httpServer.closeAllConnections();
      httpServer.close();
      await removeKey();
    },
  };
}

/** The one metrics listener of a routed fleet: its sockets go straight to the HTTP server. */
function listenRouted(
  httpServer: http.Server,
  address: string,
): Promise<{ server: net.Server; address: string; port: number }> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    httpServer.emit('connection', socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) =>
      reject(new Error(`sim fleet: cannot listen for metrics on ${address}: ${e.message}`)),
    );
    server.listen({ host: address, port: 0, backlog: 4096 }, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      const a = server.address();
      resolve({ server, address, port: typeof a === 'object' && a ? a.port : 0 });
    });
  });
}
