/**
 * The plan the team tests drive on the simulated fleet: hosts h1… over the given zones
 * (domains by zone), the rings each test needs, one install step (optionally slowed so a
 * driver stays live), verify by version and a reinstall rollback, one host at a time.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** Writes `plan.yaml` in `dir` and returns its path. */
export function writeTeamPlan(
  dir: string,
  o: {
    readonly zones: readonly string[];
    readonly rings: readonly Record<string, unknown>[];
    /** Appended to the install command, e.g. ' && sleep 1'. */
    readonly installTail?: string;
    /** More top-level sections (telemetry, gates). */
    readonly extra?: Readonly<Record<string, unknown>>;
  },
): string {
  const file = path.join(dir, 'plan.yaml');
  writeFileSync(
    file,
    YAML.stringify({
      release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
      fleet: {
        hosts: o.zones.map((zone, i) => ({
          name: `h${i + 1}`,
          address: `10.0.0.${i + 1}`,
          labels: { zone },
        })),
      },
      domains: { byLabel: 'zone' },
      rings: o.rings,
      deploy: {
        steps: [
          {
            name: 'install',
            command: `appctl install {{version}}${o.installTail ?? ''}`,
            timeout: '20s',
          },
        ],
        verify: { name: 'version', command: 'appctl version', timeout: '10s', idempotent: true },
        rollback: [{ name: 'reinstall', command: 'appctl install {{previous}}', timeout: '20s' }],
        concurrency: 1,
        parallelDomains: 1,
      },
      ...o.extra,
    }),
  );
  return file;
}
