/**
 * The engine on a team journal, in process, on the simulated fleet: once another driver
 * takes the lease, the fenced driver starts no host. Every install the simulated hosts ran
 * was journaled as started, under the old epoch, before the takeover; the database holds
 * no row of the old epoch after it; and the engine stops on the first refused append.
 */
import { describe, expect, it } from 'vitest';
import { acquireLease } from '../../src-main/adapters/journal-pg';
import { openRollout } from '../../src-main/runtime';
import { startRehearsal } from '../../src-main/runtime/sim-rehearsal';
import { planOrThrow } from '../helpers/sim-rollout';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-engine-fencing' });

const PLAN = `
release: { name: web, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
${Array.from({ length: 8 }, (_, i) => `    - { name: h${i + 1}, address: 10.0.0.${i + 1}, labels: { zone: z${i % 4} } }`).join('\n')}
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 2 }, bake: 0s, promotion: manual }
  - { name: broad, select: { rest: true }, bake: 0s, promotion: manual }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}} && sleep 1', timeout: 20s }
  verify: { name: version, command: appctl version, timeout: 10s, idempotent: true }
  rollback: [{ name: reinstall, command: 'appctl install {{previous}}', timeout: 20s }]
  concurrency: 2
  parallelDomains: 1
`;

describe('engine on a team journal', () => {
  it('starts no host once its lease is taken: every install that ran was journaled first under its epoch', async () => {
    const db = (await rig.teamDb()).url;
    const admin = await rig.connect(db);
    const built = planOrThrow(PLAN, 'plan.yaml');
    const rehearsal = await startRehearsal(built.plan);
    const lost: string[] = [];
    try {
      const opened = await openRollout({
        plan: rehearsal.plan,
        journalPath: `${db}?rollout=fenced`,
        executor: rehearsal.executor,
        by: 'ann',
        team: {
          env: rig.env,
          leaseMs: 60_000,
          spillDir: null,
          onLeaseLost: (line) => lost.push(line),
        },
      });
      if (!opened.ok) {
        throw new Error(opened.error.message);
      }
      const engine = opened.value;
      const firstDone = new Promise<void>((resolve) =>
        engine.subscribe((e) => {
          if (e.type === 'journaled' && e.events.some((x) => x.type === 'HostStepSucceeded')) {
            resolve();
          }
        }),
      );
      const running = engine
        .run({ until: 'end', autoPromote: true, overrideReason: 'test: no telemetry wired' })
        .then(
          (o) => o.kind,
          (e: unknown) => (e instanceof Error ? e.name : String(e)),
        );
      await firstDone;
      const took = await acquireLease(
        admin,
        'fenced',
        { holder: 'bob', machine: 'elsewhere', pid: 1 },
        60_000,
        'take',
      );
      expect(took.ok && took.lease.epoch).toBe(2);
      const ended = await running;
      await engine.close();
      expect(['closed', 'LeaseLostError']).toContain(ended);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatch(/lease of rollout .*fenced lost \(epoch 1\)/);
      const installs = rehearsal.plan.hosts
        .map((h) => rehearsal.fleet.state(h.name)?.execCounts)
        .flatMap((m) => [...(m?.entries() ?? [])])
        .filter(([cmd]) => cmd.includes("RS_version='2.0.0'") && cmd.includes('appctl install'))
        .reduce((n, [, count]) => n + count, 0);
      const rows = await admin.query<{ type: string; epoch: string }>(
        "SELECT type, epoch FROM ringside_events WHERE rollout = 'fenced' ORDER BY seq",
      );
      const starts = rows.rows.filter((r) => r.type === 'HostStepStarted').length;
      expect(new Set(rows.rows.map((r) => r.epoch))).toEqual(new Set(['1']));
      expect(installs).toBeGreaterThan(0);
      // Each install on a host follows its durable start; none ran that was not announced.
      expect(installs).toBeLessThanOrEqual(starts);
      // And the rollout stopped where the lease was lost, far from its 8 hosts.
      expect(starts).toBeLessThan(8);
    } finally {
      await admin.end();
      await rehearsal.stop();
    }
  });
});
