/**
 * `ringside run` at scale: 1,000 simulated hosts (ssh2 servers in this test process, fast
 * command latency) reached over real SSH by the CLI in a child process, through an inventory
 * file and known_hosts — the same path a real fleet takes. The fleet outlives the CLI, so a
 * `kill -9` of `ringside run` is real and the hosts' exec counters say what ran.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src-main/core/rollout';
import { loadPlanFromFile } from '../../src-main/adapters/inventory/plan-loader';
import { inventoryYaml, startSimFleet, type SimFleet } from '../../src-main/sim';
import {
  describeRun,
  killAllRingside,
  journalEvents,
  journalLineCount,
  ofType,
  ringside,
  spawnRingside,
  waitFor,
} from '../helpers/ringside-cli';
import { makeTempDir } from '../helpers/sshd';

const HOSTS = 1000;
let fleet: SimFleet;
let root: string;
let env: Record<string, string>;
let plan: string;

beforeAll(async () => {
  root = makeTempDir('ringside-sim-scale-');
  fleet = await startSimFleet({
    hosts: HOSTS,
    initialVersion: '1.0.0',
    latencyScale: 0.02,
    seed: 11,
  });
  const home = path.join(root, 'home');
  mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home, '.ssh', 'known_hosts'), fleet.knownHosts);
  writeFileSync(path.join(root, 'inventory.yaml'), inventoryYaml(fleet));
  env = { HOME: home };
  plan = path.join(root, 'plan.yaml');
  writeFileSync(
    plan,
    YAML.stringify({
      release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
      fleet: { inventories: [{ path: 'inventory.yaml' }] },
      domains: { byLabel: 'zone' },
      rings: [
        { name: 'canary', select: { count: 9 }, spreadBy: 'region', bake: '0s' },
        { name: 'early', select: { percent: 10 }, bake: '0s' },
        { name: 'broad', select: { rest: true }, bake: '0s' },
      ].map((r) => ({ ...r, promotion: 'manual', budget: { perDomain: '5%', ring: '2%' } })),
      deploy: {
        steps: [
          {
            name: 'install',
            command: 'appctl install {{version}}',
            timeout: '20s',
            idempotent: true,
          },
          { name: 'status', command: 'appctl status', timeout: '10s', idempotent: true },
        ],
        rollback: [
          {
            name: 'reinstall',
            command: 'appctl install {{previous}}',
            timeout: '20s',
            idempotent: true,
          },
        ],
        concurrency: 50,
        parallelDomains: 1,
      },
    }),
  );
}, 120_000);

afterAll(async () => {
  killAllRingside();
  await fleet.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Commands a host received that contain `needle`, whatever wrapper the executor adds. */
function received(host: string, needle: string): number {
  let n = 0;
  for (const [command, count] of fleet.state(host)?.execCounts ?? []) {
    if (command.includes(needle)) {
      n += count;
    }
  }
  return n;
}

function resetVersions(): void {
  for (const h of fleet.hosts) {
    fleet.setVersion(h.name, '1.0.0');
  }
}

type StepEvent = Extract<RolloutEvent, { type: 'HostStepStarted' | 'HostStepSucceeded' }>;

describe('ringside run on 1,000 simulated hosts', () => {
  it('rolls out to the end with --auto-promote, each step once per host', async () => {
    resetVersions();
    const before = new Map(fleet.hosts.map((h) => [h.name, received(h.name, 'install')]));
    const journal = path.join(root, 'journal-full');
    const r = await ringside(['run', plan, '--journal', journal, '--auto-promote'], { env });
    expect(r.code, describeRun(r)).toBe(0);
    const wrong = fleet.hosts.filter((h) => fleet.state(h.name)?.version !== '2.0.0');
    expect(wrong.map((h) => h.name)).toEqual([]);
    const twice = fleet.hosts.filter(
      (h) => received(h.name, 'install') - (before.get(h.name) ?? 0) !== 1,
    );
    expect(twice.map((h) => h.name)).toEqual([]);
    const events = await journalEvents(journal);
    expect(ofType(events, 'HostStepSucceeded')).toHaveLength(HOSTS * 2);
    expect(ofType(events, 'RolloutCompleted')).toHaveLength(1);
  }, 120_000);

  it('resumes after kill -9 twice with no completed step run again', async () => {
    resetVersions();
    const before = new Map(fleet.hosts.map((h) => [h.name, received(h.name, 'install')]));
    const journal = path.join(root, 'journal-crash');
    const args = ['run', plan, '--journal', journal, '--auto-promote'];
    for (const lines of [800, 2600]) {
      const p = spawnRingside(args, { env });
      let ended = false;
      void p.done.then(() => (ended = true));
      await waitFor(
        () => journalLineCount(journal) >= lines,
        `${lines} journal lines`,
        120_000,
        () => ended,
      );
      const k = await p.kill9();
      expect(k.signal, describeRun(k)).toBe('SIGKILL');
    }
    const r = await ringside(args, { env });
    expect(r.code, describeRun(r)).toBe(0);

    const wrong = fleet.hosts.filter((h) => fleet.state(h.name)?.version !== '2.0.0');
    expect(wrong.map((h) => h.name)).toEqual([]);
    const events = await journalEvents(journal);
    const steps = events.filter(
      (e): e is StepEvent =>
        (e.type === 'HostStepStarted' || e.type === 'HostStepSucceeded') && e.phase === 'deploy',
    );
    const byHost = new Map<string, StepEvent[]>();
    for (const e of steps) {
      byHost.set(`${e.host}/${e.step}`, [...(byHost.get(`${e.host}/${e.step}`) ?? []), e]);
    }
    expect(byHost.size).toBe(HOSTS * 2);
    const problems: string[] = [];
    for (const h of fleet.hosts) {
      const install = byHost.get(`${h.name}/install`) ?? [];
      const starts = install.filter((e) => e.type === 'HostStepStarted').length;
      const ran = received(h.name, 'install') - (before.get(h.name) ?? 0);
      for (const step of ['install', 'status']) {
        const mine = byHost.get(`${h.name}/${step}`) ?? [];
        const ok = mine.filter((e) => e.type === 'HostStepSucceeded').length;
        if (ok !== 1 || mine.at(-1)?.type !== 'HostStepSucceeded') {
          problems.push(`${h.name}/${step}: ${mine.map((e) => e.type).join(',')}`);
        }
      }
      // Every install the host received was journaled first; re-runs happened only for
      // installs left in doubt by a kill (the step is idempotent), never after a success.
      if (ran < 1 || ran > starts) {
        problems.push(`${h.name}: install received ${ran}x, journaled as started ${starts}x`);
      }
    }
    expect(problems).toEqual([]);
    const inDoubt = ofType(events, 'HostInDoubt');
    const resolved = ofType(events, 'InDoubtResolved');
    for (const d of inDoubt) {
      expect(
        resolved.some((x) => x.host === d.host && x.step === d.step),
        d.host,
      ).toBe(true);
    }
  }, 150_000);
  it('halts the broad ring when its budget is blown: no host starts after the halt, later domains untouched', async () => {
    resetVersions();
    const built = await loadPlanFromFile(plan);
    if (!built.ok) {
      throw new Error(`plan: ${built.error.map((e) => e.message).join('; ')}`);
    }
    const broad = built.value.plan.rings.find((r) => r.name === 'broad');
    const [, domainB, domainC] = broad?.domains ?? [];
    if (domainB === undefined || domainC === undefined) {
      throw new Error('plan: broad ring should have 3 update domains');
    }
    // The first 40 hosts of broad's second domain fail their install: more than the
    // ring's budget (2% of its hosts) and the domain's (5%).
    const failing = domainB.hosts.slice(0, 40);
    for (const h of failing) {
      await fleet.setFault(h, { kind: 'command-fails', pattern: 'install', exitCode: 9 });
    }
    const before = new Map(fleet.hosts.map((h) => [h.name, received(h.name, 'install')]));
    const journal = path.join(root, 'journal-halt');
    try {
      const r = await ringside(['run', plan, '--journal', journal, '--auto-promote'], { env });
      expect(r.code, describeRun(r)).toBe(4);
    } finally {
      for (const h of failing) {
        await fleet.setFault(h, null);
      }
    }
    const events = await journalEvents(journal);
    expect(ofType(events, 'RingHalted').map((e) => e.ring)).toEqual(['broad']);
    const halt = events.findIndex((e) => e.type === 'RingHalted');
    expect(
      events.slice(halt).filter((e) => e.type === 'HostStepStarted' && e.phase === 'deploy'),
      'deploy steps started after the halt',
    ).toEqual([]);
    const touchedC = domainC.hosts.filter((h) => received(h, 'install') !== before.get(h));
    expect(touchedC, 'hosts of the domain after the halted one').toEqual([]);
    const failed = new Set(ofType(events, 'HostStepFailed').map((e) => e.host));
    expect(
      [...failed].every((h) => failing.includes(h)),
      [...failed].join(' '),
    ).toBe(true);
    expect(failed.size).toBeGreaterThan(
      Math.floor(0.02 * (broad?.domains ?? []).reduce((n, d) => n + d.hosts.length, 0)),
    );
  }, 120_000);
});
