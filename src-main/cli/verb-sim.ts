import { startSimFleet, type SimFleet } from '../sim/fleet';
import { inventoryPaths, writeInventory } from '../sim/inventory-files';
import type { BadKind } from '../sim/profiles';
import { Exit, parseVerbArgs, UsageError, type CliIo, type Verb } from './args';
import { runSimAzure } from './sim-azure';
import { runSimCloudAws } from './sim-cloud-aws';

const usage = `ringside sim — serve a simulated fleet (SSH + Prometheus metrics) until Ctrl-C

Usage: ringside sim [--hosts N] [--bad-version V] [--bad-kind errors|latency|crash]
                    [--port P] [--out FILE] [--seed S] [--initial-version V] [--rps R]
                    [--latency-scale X] [--stable-keys] [--address A] [--per-host-addresses [--metrics-port M]]
                    [--cloud aws]
       ringside sim --cloud azure [--hosts N] [--port P] [--address A] [--seed S] [--initial-version V]

  --hosts N           hosts to simulate (default 10), named sim-0001... over regions/zones
  --bad-version V     treat version V as bad (any version containing "bad" is bad anyway)
  --bad-kind K        what a bad version does: errors (3% 5xx, default), latency (p99 +30%),
                      crash (restarts)
  --port P            base port: SSH on P..P+N-1, metrics on P+N..P+2N-1 (default: ephemeral)
  --out FILE          write the JSON inventory to FILE, plus FILE.hosts.yaml (plan inventory),
                      FILE.known_hosts and FILE.id_ed25519 (client key) beside it; without
                      --out the JSON goes to stdout and the other files to a temp dir
  --seed S            seed of every random draw (default 1)
  --initial-version V version every host runs at start (default 1.0.0)
  --rps R             requests per second per host (default 20)
  --latency-scale X   multiplies simulated command latencies (default 1; 0 = instant)
  --stable-keys       derive host keys from --seed and host names, so a restarted fleet
                      keeps the keys in known_hosts
  --address A         listen address, 127.x.x.x only (default 127.0.0.1; with
                      --per-host-addresses the first address, default 127.1.0.1)
  --per-host-addresses each host on its own loopback address (Linux), all with the same
                      ports: SSH on --port (default ephemeral), metrics on --metrics-port
                      (default 9100), like a real fleet
  --cloud aws         serve the hosts as EC2 instances of a simulated AWS account (regions
                      us-east-1 and eu-west-1, tags app=shop env=prod tier=web|api|worker, one
                      stopped instance per region): DescribeInstances on 127.0.0.1 checks SigV4
                      against test keys. Prints 'export AWS_ENDPOINT_URL=... AWS_ACCESS_KEY_ID=...
                      AWS_SECRET_ACCESS_KEY=... AWS_REGION=...' lines on stdout (eval them) for
                      ringside hosts|validate|run and other tools; each host on its own loopback
                      address (per-host addressing), SSH on --port (default 2222)

Every host runs appctl install|rollback|restart|health|version|status and a small shell
subset over SSH (public key only: the client key written beside the inventory). Each
metrics port also answers GET /sim/state (version, restarts, exec counts) and
PUT /sim/fault with a JSON fault, e.g. {"kind":"unreachable"} or null (?host=NAME
targets another host).

--cloud azure serves the fleet as an Azure subscription: Entra ID and Resource Manager over
HTTPS (a test CA made at start) for one resource group of VMs and a scale set over 5 update
domains and 3 fault domains, each VM on its own loopback address (its NIC's private IP,
from --address, default 127.14.0.1) with SSH on --port (default 2222). It prints the
environment to export (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
AZURE_AUTHORITY_HOST, RINGSIDE_AZURE_ARM_ENDPOINT, NODE_EXTRA_CA_CERTS), so that
'ringside hosts PLAN' reads a plan's azure inventory from it. (ringside run --sim needs
none of this: it starts its own simulated Azure.)

Prints one line when ready (on stderr when the JSON goes to stdout); stops on SIGINT/SIGTERM.`;

function intArg(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) {
    return fallback;
  }
  const v = Number(raw);
  if (!/^-?\d+$/.test(raw) || v < min || v > max) {
    throw new UsageError(
      `ringside sim: --${name} must be an integer in ${min}..${max}, got '${raw}'`,
    );
  }
  return v;
}

function numArg(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) {
    return fallback;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) {
    throw new UsageError(`ringside sim: --${name} must be a number >= 0, got '${raw}'`);
  }
  return v;
}

function badKindArg(raw: string | undefined): BadKind {
  if (raw === undefined || raw === 'errors' || raw === 'latency' || raw === 'crash') {
    return raw ?? 'errors';
  }
  throw new UsageError(`ringside sim: --bad-kind must be errors, latency or crash, got '${raw}'`);
}

/** Runs `ringside sim` until `stopped` resolves; exported so tests can drive it in-process. */
export async function runSim(
  argv: readonly string[],
  io: CliIo,
  stopped: Promise<unknown>,
): Promise<number> {
  const { values, positionals } = parseVerbArgs('sim', argv, {
    hosts: { type: 'string' },
    'bad-version': { type: 'string' },
    'bad-kind': { type: 'string' },
    port: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'initial-version': { type: 'string' },
    rps: { type: 'string' },
    'latency-scale': { type: 'string' },
    address: { type: 'string' },
    'per-host-addresses': { type: 'boolean' },
    'stable-keys': { type: 'boolean' },
    'metrics-port': { type: 'string' },
    cloud: { type: 'string' },
  });
  if (positionals.length > 0) {
    throw new UsageError(
      `ringside sim: unexpected argument '${positionals[0] ?? ''}' (see ringside sim --help)`,
    );
  }
  const hosts = intArg('hosts', values.hosts, 10, 1, 20_000);
  if (values.cloud !== undefined && values.cloud !== 'aws' && values.cloud !== 'azure') {
    throw new UsageError(`ringside sim: --cloud must be aws or azure, got '${values.cloud}'`);
  }
  if (values.cloud === 'azure') {
    return runSimAzure(
      {
        hosts,
        address: values.address ?? '127.14.0.1',
        sshPort: intArg('port', values.port, 2222, 1, 65_535),
        seed: intArg('seed', values.seed, 1, 0, 2 ** 32 - 1),
        initialVersion: values['initial-version'] ?? '1.0.0',
        latencyScale: numArg('latency-scale', values['latency-scale'], 1),
        keyFile: (await inventoryPaths(values.out)).identity,
      },
      io,
      stopped,
    );
  }
  const port = intArg('port', values.port, 0, 0, 65_535);
  const perHost = values['per-host-addresses'] === true;
  const metricsPort = intArg('metrics-port', values['metrics-port'], 9100, 0, 65_535);
  if (!perHost && values.cloud === undefined && values['metrics-port'] !== undefined) {
    throw new UsageError(
      'ringside sim: --metrics-port needs --per-host-addresses or --cloud (shared mode gives each host its own ports)',
    );
  }
  if (!perHost && port !== 0 && (port < 1024 || port + 2 * hosts - 1 > 65_535)) {
    throw new UsageError(
      `ringside sim: --port ${port} with ${hosts} hosts needs ports ${port}..${port + 2 * hosts - 1} within 1024..65535`,
    );
  }
  const address = values.address ?? (perHost ? '127.1.0.1' : '127.0.0.1');
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) {
    throw new UsageError(
      `ringside sim: --address must be a 127.x.x.x loopback address, got '${address}'`,
    );
  }
  const paths = await inventoryPaths(values.out);
  const fleetOptions = {
    seed: intArg('seed', values.seed, 1, 0, 2 ** 32 - 1),
    initialVersion: values['initial-version'] ?? '1.0.0',
    rps: numArg('rps', values.rps, 20),
    latencyScale: numArg('latency-scale', values['latency-scale'], 1),
    stableHostKeys: values['stable-keys'] === true,
    profiles: {
      badKind: badKindArg(values['bad-kind']),
      badVersions: values['bad-version'] === undefined ? [] : [values['bad-version']],
    },
  };
  if (values.cloud === 'aws') {
    const cloudAddress = values.address ?? '127.1.0.1';
    await runSimCloudAws(
      {
        hosts,
        sshPort: port,
        address: cloudAddress,
        paths,
        fleet: { ...fleetOptions, metricsPort },
      },
      io,
      stopped,
    );
    return Exit.ok;
  }
  let fleet: SimFleet;
  try {
    fleet = await startSimFleet({
      hosts,
      ...(perHost ? { addressing: 'per-host', sshPort: port, metricsPort } : { basePort: port }),
      address,
      ...fleetOptions,
      keyFile: paths.identity,
    });
  } catch (e) {
    throw new UsageError(`ringside sim: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const json = await writeInventory(fleet, paths);
    const ports = perHost
      ? `one address per host from ${address}, ssh port ${port === 0 ? 'ephemeral' : port}, metrics port ${metricsPort}`
      : port === 0
        ? 'ephemeral ports, see the inventory'
        : `ssh ${port}..${port + hosts - 1}, metrics ${port + hosts}..${port + 2 * hosts - 1}`;
    const ready =
      `ringside sim: ${hosts} hosts ready on ${perHost ? 'loopback' : address} (${ports}); ` +
      `inventory ${paths.json ?? 'on stdout'}, known_hosts ${paths.knownHosts}; Ctrl-C to stop`;
    if (paths.json === null) {
      io.out(json.trimEnd());
      io.err(ready);
    } else {
      io.out(ready);
    }
    await stopped;
  } finally {
    await fleet.stop();
  }
  return Exit.ok;
}

export const simVerb: Verb = {
  name: 'sim',
  summary: 'serve a simulated fleet (SSH + metrics) for demos, rehearsals and tests',
  usage,
  run: (argv, io) =>
    runSim(
      argv,
      io,
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
    ),
};
