/**
 * Where each simulated host listens. `shared`: every host on one address, each with its own
 * SSH and metrics port (works on every OS). `per-host`: each host on its own loopback
 * address (127.x.y.z binds without setup on Linux, not on macOS) with the same ports on
 * every host — so a plan's `port: 9100` scrape source and Prometheus `instance` labels look
 * exactly like a real fleet's.
 */
export interface AddressingOptions {
  readonly addressing?: 'shared' | 'per-host';
  /** shared: the address (default 127.0.0.1); per-host: the first address (default 127.1.0.1). */
  readonly address?: string;
  /** shared: SSH ports are basePort..basePort+N-1, metrics ports follow; 0 = ephemeral. */
  readonly basePort?: number;
  /** per-host: SSH port of every host (default 0 = ephemeral, one per host). */
  readonly sshPort?: number;
  /** per-host: metrics port of every host (default 9100, as node_exporter-style endpoints). */
  readonly metricsPort?: number;
}

export interface HostAddress {
  readonly address: string;
  /** 0 asks the OS for an ephemeral port. */
  readonly sshPort: number;
  readonly metricsPort: number;
}

/** Hosts per /24 in per-host mode: the last octet runs 1..250, away from .0 and .255. */
const PER_OCTET = 250;

function loopbackOctets(address: string): [number, number, number] {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  const o = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  if (o.length !== 3 || o.some((x) => x > 255) || (o[2] ?? 0) < 1 || (o[2] ?? 0) > PER_OCTET) {
    throw new Error(
      `sim fleet: per-host addressing needs a first address 127.X.Y.Z with Z in 1..${PER_OCTET}, got '${address}'`,
    );
  }
  return [o[0] ?? 0, o[1] ?? 0, o[2] ?? 1];
}

/** The address and ports of each of `count` hosts; throws (a caller bug) when they do not fit. */
export function hostAddresses(opts: AddressingOptions, count: number): HostAddress[] {
  if ((opts.addressing ?? 'shared') === 'shared') {
    const address = opts.address ?? '127.0.0.1';
    const base = opts.basePort ?? 0;
    if (base !== 0 && base + 2 * count - 1 > 65_535) {
      throw new Error(`sim fleet: basePort ${base} + ${2 * count} ports passes 65535`);
    }
    return Array.from({ length: count }, (_, i) => ({
      address,
      sshPort: base === 0 ? 0 : base + i,
      metricsPort: base === 0 ? 0 : base + count + i,
    }));
  }
  const [a, b, c] = loopbackOctets(opts.address ?? '127.1.0.1');
  return Array.from({ length: count }, (_, i) => {
    const n = c - 1 + i;
    const third = b + Math.floor(n / PER_OCTET);
    const second = a + Math.floor(third / 256);
    if (second > 255) {
      throw new Error(
        `sim fleet: ${count} hosts do not fit in 127.0.0.0/8 from ${opts.address ?? '127.1.0.1'}`,
      );
    }
    return {
      address: `127.${second}.${third % 256}.${(n % PER_OCTET) + 1}`,
      sshPort: opts.sshPort ?? 0,
      metricsPort: opts.metricsPort ?? 9100,
    };
  });
}
