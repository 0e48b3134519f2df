/**
 * Break-glass on a team journal, in process (as the console drives it), on the simulated
 * fleet, against a real PostgreSQL 15: with the database stopped, a pause is journaled to
 * the local spill file and acted on at once (no host starts), past the lease's expiry; when
 * the database is back the spill is reconciled into the shared journal in order under the
 * same epoch. Cut off by a partition while another driver takes the lease, the spill is
 * kept and the driver says exactly what is not in the shared journal.
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease } from '../../src-main/adapters/journal-pg';
import { openRollout, type RolloutEngine } from '../../src-main/runtime';
import { startRehearsal } from '../../src-main/runtime/sim-rehearsal';
import { stampCommand } from '../../src-main/core/commands';
import { planOrThrow } from '../helpers/sim-rollout';
import { until, useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'break-glass' });

const PLAN = `
release: { name: web, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
${Array.from({ length: 6 }, (_, i) => `    - { name: h${i + 1}, address: 10.0.0.${i + 1}, labels: { zone: z${i % 3} } }`).join('\n')}
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 2 }, bake: 0s, promotion: manual }
  - { name: broad, select: { rest: true }, bake: 0s, promotion: manual }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}} && sleep 1', timeout: 20s }
  verify: { name: version, command: appctl version, timeout: 10s, idempotent: true }
  rollback: [{ name: reinstall, command: 'appctl install {{previous}}', timeout: 20s }]
  concurrency: 1
  parallelDomains: 1
`;

/** A TCP path to PostgreSQL the test can cut (a partition) and heal. */
async function proxy(port: number): Promise<{ port: number; cut(): void; heal(): void }> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      open = false;
      for (const s of sockets) {
        s.destroy();
      }
      sockets.clear();
    },
    heal() {
      open = true;
    },
  };
}

function installs(rehearsal: Awaited<ReturnType<typeof startRehearsal>>): number {
  return rehearsal.plan.hosts
    .map((h) => rehearsal.fleet.state(h.name)?.execCounts)
    .flatMap((m) => [...(m?.entries() ?? [])])
    .filter(([cmd]) => cmd.includes("RS_version='2.0.0'") && cmd.includes('appctl install'))
    .reduce((n, [, count]) => n + count, 0);
}

function firstSuccess(engine: RolloutEngine): Promise<void> {
  return new Promise<void>((resolve) =>
    engine.subscribe((e) => {
      if (e.type === 'journaled' && e.events.some((x) => x.type === 'HostStepSucceeded')) {
        resolve();
      }
    }),
  );
}

const pause = (reason: string) =>
  [
    { type: 'pause', by: 'postgres', reason } as const,
    stampCommand(crypto.randomUUID(), Date.now()),
  ] as const;

describe('break-glass: the team database unreachable', () => {
  it('PostgreSQL stopped: pause acts at once from the spill file, no host starts, and the spill is reconciled in order when it is back', async () => {
    const { url: db, name } = await rig.teamDb();
    const spillDir = path.join(rig.root, 'a', '.ringside', 'spill');
    const built = planOrThrow(PLAN, 'plan.yaml');
    const rehearsal = await startRehearsal(built.plan);
    const said: string[] = [];
    const lost: string[] = [];
    try {
      const opened = await openRollout({
        plan: rehearsal.plan,
        journalPath: `${db}?rollout=glass`,
        executor: rehearsal.executor,
        by: 'postgres',
        team: {
          env: rig.env,
          leaseMs: 3_000,
          spillDir,
          warn: (line) => said.push(line),
          onLeaseLost: (line) => lost.push(line),
        },
      });
      if (!opened.ok) {
        throw new Error(opened.error.message);
      }
      const engine = opened.value;
      const first = firstSuccess(engine);
      const running = engine.run({ until: 'end', autoPromote: true, overrideReason: 'test' });
      await first;
      await rig.pg.pause();
      // Longer than the 3 s lease: break-glass does not end with it.
      await new Promise((r) => setTimeout(r, 4_000));
      const answer = await engine.command(...pause('database down, stop the canary'));
      expect(answer).toEqual({ ok: true });
      expect(engine.state().status).toBe('paused');
      const outcome = await running;
      expect(outcome.kind).toBe('paused');
      const spillFile = path.join(spillDir, 'glass.jsonl');
      const spilled = readFileSync(spillFile, 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              type: string;
              by: string | null;
              reason: string | null;
              epoch: number;
              seq: number;
            },
        );
      expect(spilled.find((l) => l.type === 'Paused')).toMatchObject({
        by: 'postgres',
        reason: 'database down, stop the canary',
        epoch: 1,
      });
      const ranAtPause = installs(rehearsal);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(installs(rehearsal)).toBe(ranAtPause);
      expect(said.some((l) => l.includes(`journaled to ${spillFile}`))).toBe(true);

      await rig.pg.start();
      await until(
        'the spill to be reconciled',
        () => existsSync(spillFile),
        (there) => !there,
      );
      const rows = await rig.pg.sql<{ seq: string; type: string; epoch: string; record: string }>(
        name,
        "SELECT seq, type, epoch, record FROM ringside_events WHERE rollout = 'glass' ORDER BY seq",
      );
      expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
      expect(new Set(rows.map((r) => r.epoch))).toEqual(new Set(['1']));
      // Every spilled record is in the shared journal, at its seq, with its exact text.
      for (const l of spilled) {
        expect(rows[l.seq - 1]?.type).toBe(l.type);
      }
      expect(rows.at(-1)?.type).toBe('Paused');
      expect(
        said.some((l) => /break-glass record\(s\) from .* are in the team journal/.test(l)),
      ).toBe(true);
      expect(lost).toEqual([]);
      await engine.close();
    } finally {
      await rig.pg.start().catch(() => undefined);
      await rehearsal.stop();
    }
  });

  it('cut off while another driver takes the lease: the spill is kept and the driver says exactly what is not in the shared journal', async () => {
    const { url: db, name } = await rig.teamDb();
    const link = await proxy(rig.pg.port);
    const viaProxy = db.replace(`:${rig.pg.port}/`, `:${link.port}/`);
    const spillDir = path.join(rig.root, 'b', '.ringside', 'spill');
    const built = planOrThrow(PLAN, 'plan.yaml');
    const rehearsal = await startRehearsal(built.plan);
    const lost: string[] = [];
    try {
      const opened = await openRollout({
        plan: rehearsal.plan,
        journalPath: `${viaProxy}?rollout=cut`,
        executor: rehearsal.executor,
        by: 'postgres',
        team: {
          env: rig.env,
          leaseMs: 2_000,
          spillDir,
          onLeaseLost: (line) => lost.push(line),
        },
      });
      if (!opened.ok) {
        throw new Error(opened.error.message);
      }
      const engine = opened.value;
      const first = firstSuccess(engine);
      const running = engine.run({ until: 'end', autoPromote: true, overrideReason: 'test' });
      await first;
      link.cut();
      const answer = await engine.command(...pause('partitioned, stop'));
      expect(answer).toEqual({ ok: true });
      await running.catch(() => undefined);
      // The other side of the partition: the lease expires and someone takes the rollout.
      await new Promise((r) => setTimeout(r, 2_500));
      const other = await rig.connect(db);
      const took = await acquireLease(
        other,
        'cut',
        { holder: 'bob', machine: 'elsewhere', pid: 1 },
        60_000,
        'free',
      );
      await other.end();
      expect(took.ok && took.lease.epoch).toBe(2);
      link.heal();
      await until(
        'the driver to learn it lost the lease',
        () => lost.length,
        (n) => n > 0,
      );
      const spillFile = path.join(spillDir, 'cut.jsonl');
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatch(
        new RegExp(
          `lost \\(epoch 1\\): another driver took the lease over[^;]*; NOT in the team journal, kept in ${spillFile.replace(/[.]/g, '\\.')}: .*#\\d+ paused by postgres \\(partitioned, stop\\)`,
        ),
      );
      expect(existsSync(spillFile)).toBe(true);
      const paused = await rig.pg.sql(
        name,
        "SELECT 1 FROM ringside_events WHERE rollout = 'cut' AND type = 'Paused'",
      );
      expect(paused).toEqual([]);
      await engine.close();
    } finally {
      link.heal();
      await rehearsal.stop();
    }
  });
});
