/**
 * `ringside run` end to end against real OpenSSH sshd hosts on 127.0.0.x: the plan's steps
 * are real shell commands (write a version file, check it) and every execution is logged on
 * the host side, so the tests count what really ran, in which order, on which host.
 * The CLI runs in a child process, as an operator runs it; the journal is read back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeRun,
  killAllRingside,
  journalEvents,
  ofType,
  ringside,
  waitFor,
  type CliResult,
} from '../helpers/ringside-cli';
import {
  freePort,
  generateKeyPair,
  makeTempDir,
  startSshd,
  startSshdFleet,
  stopAll,
  type KeyPair,
  type Sshd,
} from '../helpers/sshd';
import {
  rolloutWorkspace,
  sshHost,
  type ExecLine,
  type PlanHost,
  type RolloutWorkspace,
} from '../helpers/ssh-rollout';

let keyDir: string;
let clientKey: KeyPair;
let strangerKey: KeyPair;
let fleet: Sshd[];
const workspaces: RolloutWorkspace[] = [];

beforeAll(async () => {
  keyDir = makeTempDir('ringside-rollout-keys-');
  clientKey = generateKeyPair(keyDir, 'client');
  strangerKey = generateKeyPair(keyDir, 'stranger');
  fleet = await startSshdFleet(9, { firstOctet: 41, authorizedKeys: [clientKey.publicKey] });
});

afterAll(async () => {
  killAllRingside();
  await stopAll(fleet);
  for (const w of workspaces) {
    w.remove();
  }
  execFileSync('rm', ['-rf', keyDir]);
});

function workspace(): RolloutWorkspace {
  const w = rolloutWorkspace(clientKey);
  workspaces.push(w);
  return w;
}

function at(i: number): Sshd {
  const s = fleet[i];
  if (s === undefined) {
    throw new Error(`fixture: no sshd #${i}`);
  }
  return s;
}

/** 9 hosts: canary h01 (a); early h02 (a) h03 (b); broad h04-h09 over zones a, b, c. */
function threeRingHosts(): PlanHost[] {
  const layout: [string, string][] = [
    ['canary', 'a'],
    ['early', 'a'],
    ['early', 'b'],
    ['broad', 'a'],
    ['broad', 'a'],
    ['broad', 'b'],
    ['broad', 'b'],
    ['broad', 'c'],
    ['broad', 'c'],
  ];
  return layout.map(([tier, zone], i) =>
    sshHost(at(i), `h0${i + 1}`, tier, zone, clientKey.privateKeyPath),
  );
}

const RINGS = [{ name: 'canary' }, { name: 'early' }, { name: 'broad' }];

function run(w: RolloutWorkspace, plan: string, ...extra: string[]): Promise<CliResult> {
  return ringside(['run', plan, '--journal', w.journal, ...extra], { env: w.env });
}

function linesOf(log: readonly ExecLine[], host: string, step: string): ExecLine[] {
  return log.filter((l) => l.host === host && l.step === step);
}

/** Hosts that ran `step`, in the order they started it. */
function order(log: readonly ExecLine[], step: string): ExecLine[] {
  return log.filter((l) => l.step === step).sort((a, b) => (a.ns < b.ns ? -1 : 1));
}

function expectRingOrder(log: readonly ExecLine[], rings: readonly string[]): void {
  const installs = order(log, 'install');
  const seen = installs.map((l) => rings.indexOf(l.ring));
  expect(
    seen,
    `rings in install order: ${installs.map((l) => `${l.host}/${l.ring}`).join(' ')}`,
  ).toEqual([...seen].sort((a, b) => a - b));
}

describe('ringside run over real sshd', () => {
  it('rolls a 3-ring plan out to the end with --auto-promote, each step once per host, ring by ring and domain by domain', async () => {
    const w = workspace();
    const hosts = threeRingHosts();
    w.writeKnownHosts(fleet.map((s) => s.knownHostsLine));
    const plan = w.writePlan(hosts, RINGS);
    const r = await run(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).toBe(0);
    const log = w.execLog();
    for (const h of hosts) {
      expect(w.version(h.name), h.name).toBe('2.0.0');
      expect(linesOf(log, h.name, 'install'), `${h.name} install runs`).toHaveLength(1);
      expect(linesOf(log, h.name, 'check'), `${h.name} check runs`).toHaveLength(1);
    }
    expectRingOrder(log, ['canary', 'early', 'broad']);
    // Update domains of a ring run one after another: every a-host of broad finished its
    // steps before any b-host started, and so on.
    const broad = log.filter((l) => l.ring === 'broad');
    for (const [before, after] of [
      ['a', 'b'],
      ['b', 'c'],
    ] as const) {
      const lastBefore = broad
        .filter((l) => l.domain === before)
        .reduce((m, l) => (l.ns > m ? l.ns : m), 0n);
      const firstAfter = broad
        .filter((l) => l.domain === after)
        .reduce((m, l) => (l.ns < m ? l.ns : m), BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n);
      expect(lastBefore < firstAfter, `domain ${before} done before ${after} starts`).toBe(true);
    }
    const events = await journalEvents(w.journal);
    expect(ofType(events, 'RolloutCompleted')).toHaveLength(1);
    expect(ofType(events, 'HostStepSucceeded')).toHaveLength(hosts.length * 2);
  });

  it('waits for a person between rings without --auto-promote: exit 3, promote, run again', async () => {
    const w = workspace();
    const hosts = threeRingHosts();
    w.writeKnownHosts(fleet.map((s) => s.knownHostsLine));
    const plan = w.writePlan(hosts, RINGS);

    const first = await run(w, plan);
    expect(first.code, describeRun(first)).toBe(3);
    expect(new Set(w.execLog().map((l) => l.host))).toEqual(new Set(['h01']));

    const status = await ringside(['status', w.journal, '--json'], { env: w.env });
    expect(status.code, describeRun(status)).toBe(0);
    const view = JSON.parse(status.stdout) as { status?: unknown; waitingFor?: unknown };
    expect(view.status, status.stdout).toBe('waiting-promotion');
    expect(String(view.waitingFor), status.stdout).toContain('canary');

    for (const [i, expectCode] of [
      [1, 3],
      [2, 0],
    ] as const) {
      const p = await ringside(
        ['promote', w.journal, '--reason', `ring ${i} looks fine`, '--by', 'tester'],
        { env: w.env },
      );
      expect(p.code, describeRun(p)).toBe(0);
      const r = await run(w, plan);
      expect(r.code, describeRun(r)).toBe(expectCode);
    }
    const log = w.execLog();
    for (const h of hosts) {
      expect(w.version(h.name), h.name).toBe('2.0.0');
      expect(linesOf(log, h.name, 'install'), h.name).toHaveLength(1);
    }
    expectRingOrder(log, ['canary', 'early', 'broad']);
    const events = await journalEvents(w.journal);
    const promoted = ofType(events, 'Promoted');
    expect(promoted.slice(0, 2).map((p) => [p.ring, p.by])).toEqual([
      ['canary', 'tester'],
      ['early', 'tester'],
    ]);

    // A finished rollout run again does nothing and says it is finished.
    const again = await run(w, plan);
    expect(again.code, describeRun(again)).toBe(0);
    expect(w.execLog()).toHaveLength(log.length);
  });

  it('fails hosts with a changed key, a refused login, no listener or a hung step, and finishes the others', async () => {
    const w = workspace();
    const good = sshHost(at(0), 'good', 'all', 'a', clientKey.privateKeyPath);
    const changed = sshHost(at(1), 'changed-key', 'all', 'a', clientKey.privateKeyPath);
    const noAuth = sshHost(at(2), 'no-auth', 'all', 'a', strangerKey.privateKeyPath);
    const hung = sshHost(at(3), 'hung', 'all', 'a', clientKey.privateKeyPath);
    const nobody: PlanHost = {
      ...sshHost(at(4), 'unreachable', 'all', 'a', clientKey.privateKeyPath),
      port: await freePort(at(4).address),
    };
    // The changed host's known_hosts entry holds another host's key: a man in the middle.
    const wrongKey = `[${at(1).address}]:${at(1).port} ${at(5).hostPublicKey}`;
    w.writeKnownHosts([at(0), at(2), at(3), at(4)].map((s) => s.knownHostsLine).concat(wrongKey));
    w.setFault('hung', 'hang');
    const plan = w.writePlan(
      [good, changed, noAuth, hung, nobody],
      [{ name: 'all', budget: { perDomain: 10, ring: 10 } }],
      { concurrency: 5, installTimeout: '1500ms' },
    );
    const r = await run(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).toBe(0);

    expect(w.version('good')).toBe('2.0.0');
    const log = w.execLog();
    // Nothing ran where the connection was refused; the hung step started and was stopped.
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['good', 'hung']));
    expect(w.version('hung')).toBeNull();

    const events = await journalEvents(w.journal);
    const failed = new Map(ofType(events, 'HostStepFailed').map((e) => [e.host, e]));
    expect([...failed.keys()].sort()).toEqual(['changed-key', 'hung', 'no-auth', 'unreachable']);
    expect(failed.get('changed-key')?.reason).toMatch(/host key/i);
    expect(failed.get('changed-key')?.reason).toMatch(/chang|mismatch/i);
    expect(failed.get('no-auth')?.reason).toMatch(/auth/i);
    expect(failed.get('unreachable')?.reason).toMatch(/unreachable|refused|connect/i);
    expect(failed.get('hung')?.reason).toMatch(/time/i);
    expect(failed.get('hung')?.exitCode).toBeNull();
    // The timed-out command was killed on the host, not left running: no process of this
    // workspace (its commands name the state dir) survives the run.
    await waitFor(
      () => spawnSync('pgrep', ['-f', w.stateDir]).status === 1,
      'the hung command to be killed on the host',
      10_000,
    );
    // A changed key is refused, never offered for approval.
    expect(ofType(events, 'HostNeedsApproval')).toHaveLength(0);
    const ringsideKnownHosts = path.join(w.home, '.config', 'ringside', 'known_hosts');
    if (existsSync(ringsideKnownHosts)) {
      expect(readFileSync(ringsideKnownHosts, 'utf8')).not.toContain(at(1).hostPublicKey);
    }
  });

  it('never accepts an unknown host key silently: the host waits for approval with its SHA256 fingerprint', async () => {
    const w = workspace();
    const known = sshHost(at(0), 'known', 'all', 'a', clientKey.privateKeyPath);
    const unknown = sshHost(at(1), 'unknown', 'all', 'a', clientKey.privateKeyPath);
    w.writeKnownHosts([at(0).knownHostsLine]);
    const plan = w.writePlan([known, unknown], [{ name: 'all' }], { concurrency: 2 });
    const r = await run(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).not.toBe(0);
    expect(r.code, describeRun(r)).not.toBe(1);

    expect(w.execLog().filter((l) => l.host === 'unknown')).toHaveLength(0);
    expect(w.version('unknown')).toBeNull();
    const fingerprint = execFileSync(
      'ssh-keygen',
      ['-l', '-E', 'sha256', '-f', `${at(1).hostKeyPath}.pub`],
      {
        encoding: 'utf8',
      },
    ).split(' ')[1];
    const events = await journalEvents(w.journal);
    const asks = ofType(events, 'HostNeedsApproval');
    expect(asks.map((a) => [a.host, a.fingerprint])).toEqual([['unknown', fingerprint]]);
    expect(ofType(events, 'RolloutCompleted')).toHaveLength(0);
    expect(`${r.stdout}\n${r.stderr}`).toContain('unknown');
    // Nothing was written to any known_hosts file on the operator's behalf.
    expect(readFileSync(path.join(w.home, '.ssh', 'known_hosts'), 'utf8')).not.toContain(
      at(1).hostPublicKey,
    );
    const ringsideKnownHosts = path.join(w.home, '.config', 'ringside', 'known_hosts');
    if (existsSync(ringsideKnownHosts)) {
      expect(readFileSync(ringsideKnownHosts, 'utf8')).not.toContain(at(1).hostPublicKey);
    }
  });

  it('halts the ring when the failure budget is blown (exit 4) and starts no host after the halt', async () => {
    const w = workspace();
    const hosts = ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) =>
      sshHost(at(i), `b${i + 1}`, 'broad', zone, clientKey.privateKeyPath),
    );
    w.writeKnownHosts(fleet.map((s) => s.knownHostsLine));
    w.setFault('b3', 'fail');
    const plan = w.writePlan(hosts, [{ name: 'broad', budget: { perDomain: 0, ring: 0 } }], {
      concurrency: 1,
    });
    const r = await run(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).toBe(4);
    const log = w.execLog();
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['b1', 'b2', 'b3']));
    expect(linesOf(log, 'b3', 'check')).toHaveLength(0);
    expect(['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((h) => w.version(h))).toEqual([
      '2.0.0',
      '2.0.0',
      null,
      null,
      null,
      null,
    ]);
    const events = await journalEvents(w.journal);
    expect(ofType(events, 'RingHalted').map((e) => e.ring)).toEqual(['broad']);
    const haltSeq = events.findIndex((e) => e.type === 'RingHalted');
    expect(events.slice(haltSeq).filter((e) => e.type === 'HostStepStarted')).toHaveLength(0);
  });

  it('rolls back on halt, domain by domain in reverse order, every host that got the new version', async () => {
    const w = workspace();
    const hosts = ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) =>
      sshHost(at(i), `r${i + 1}`, 'broad', zone, clientKey.privateKeyPath),
    );
    w.writeKnownHosts(fleet.map((s) => s.knownHostsLine));
    w.setFault('r6', 'fail');
    const plan = w.writePlan(
      hosts,
      [{ name: 'broad', budget: { perDomain: 0, ring: 0 }, rollbackOnHalt: true }],
      { concurrency: 1 },
    );
    const r = await run(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).toBe(4);
    const reverts = order(w.execLog(), 'revert');
    const domains = reverts.map((l) => l.domain);
    expect(domains, reverts.map((l) => `${l.host}/${l.domain}`).join(' ')).toEqual(
      [...domains].sort().reverse(),
    );
    // r1..r5 had 2.0.0; each is back on 1.0.0. r6 failed before writing anything.
    for (const h of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      expect(w.version(h), h).toBe('1.0.0');
      expect(linesOf(reverts, h, 'revert'), h).toHaveLength(1);
    }
    expect(w.version('r6')).not.toBe('2.0.0');
    const events = await journalEvents(w.journal);
    expect(ofType(events, 'RollbackCompleted')).toHaveLength(1);
    expect(new Set(ofType(events, 'HostRolledBack').map((e) => e.host))).toEqual(
      new Set(['r1', 'r2', 'r3', 'r4', 'r5', ...(w.version('r6') === '1.0.0' ? ['r6'] : [])]),
    );
  });

  it('reaches a host through a ProxyJump bastion', async () => {
    const w = workspace();
    const bastion = await startSshd({
      address: '127.0.0.50',
      authorizedKeys: [clientKey.publicKey],
      logLevel: 'DEBUG1',
    });
    try {
      const target = at(6);
      const host: PlanHost = {
        ...sshHost(target, 'behind', 'all', 'a', clientKey.privateKeyPath),
        proxyJump: `${bastion.user}@${bastion.address}:${bastion.port}`,
      };
      w.writeKnownHosts([bastion.knownHostsLine, target.knownHostsLine]);
      const plan = w.writePlan([host], [{ name: 'all' }]);
      const before = target.acceptedCount();
      const r = await run(w, plan, '--auto-promote');
      expect(r.code, describeRun(r)).toBe(0);
      expect(w.version('behind')).toBe('2.0.0');
      // The bastion opened the forwarded channel to the target: the path really went through it.
      expect(bastion.readLog()).toMatch(
        new RegExp(
          `direct_tcpip.*target ${target.address.replace(/\./g, '\\.')} port ${target.port}`,
        ),
      );
      expect(bastion.acceptedCount()).toBeGreaterThanOrEqual(1);
      expect(target.acceptedCount()).toBeGreaterThan(before);
    } finally {
      await bastion.stop();
    }
  });
});
