/** A host the fleet should simulate. */
export interface SimHostSpec {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Requests per second of this host (default: the fleet's rps). */
  readonly rps?: number;
}

const REGIONS = ['us-east', 'eu-west', 'ap-south'] as const;
const ZONES = ['a', 'b', 'c'] as const;

/**
 * `count` generated hosts `sim-0001`, `sim-0002`, ... spread round-robin over three regions
 * and, inside each region, over three zones, so ring and update-domain selectors by
 * `region` / `zone` split any fleet size evenly.
 */
export function generatedHosts(count: number): SimHostSpec[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    name: `sim-${String(i + 1).padStart(width, '0')}`,
    labels: {
      region: REGIONS[i % REGIONS.length] ?? 'us-east',
      zone: ZONES[Math.floor(i / REGIONS.length) % ZONES.length] ?? 'a',
      env: 'prod',
    },
  }));
}
