/**
 * `ringside run` end to end against real OpenSSH sshd hosts on 127.0.0.x: the plan's steps
 * are real shell commands (write a version file, check it) and every execution is logged on
 * the host side, so the tests count what really ran, in which order, on which host.
 * The CLI runs in a child process, as an operator runs it; the journal is read back.
 * Failures, halts and rollback: rollout-ssh-failures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { describeRun, journalEvents, ofType, ringside } from '../helpers/ringside-cli';
import { startSshd, type Sshd } from '../helpers/sshd';
import {
  linesOf,
  runIn,
  sshHost,
  stepOrder,
  type ExecLine,
  type PlanHost,
} from '../helpers/ssh-rollout';
import { useSshFleet } from '../helpers/ssh-suite';

const suite = useSshFleet(9, 41);
const at = (i: number): Sshd => suite.at(i);

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
    sshHost(at(i), `h0${i + 1}`, tier, zone, suite.clientKey().privateKeyPath),
  );
}

const RINGS = [{ name: 'canary' }, { name: 'early' }, { name: 'broad' }];

function expectRingOrder(log: readonly ExecLine[], rings: readonly string[]): void {
  const installs = stepOrder(log, 'install');
  const seen = installs.map((l) => rings.indexOf(l.ring));
  expect(
    seen,
    `rings in install order: ${installs.map((l) => `${l.host}/${l.ring}`).join(' ')}`,
  ).toEqual([...seen].sort((a, b) => a - b));
}

describe('ringside run over real sshd', () => {
  it('rolls a 3-ring plan out to the end with --auto-promote, each step once per host, ring by ring and domain by domain', async () => {
    const w = suite.workspace();
    const hosts = threeRingHosts();
    w.writeKnownHosts(suite.fleet().map((s) => s.knownHostsLine));
    const plan = w.writePlan(hosts, RINGS);
    const r = await runIn(w, plan, '--auto-promote');
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
    const w = suite.workspace();
    const hosts = threeRingHosts();
    w.writeKnownHosts(suite.fleet().map((s) => s.knownHostsLine));
    const plan = w.writePlan(hosts, RINGS);

    const first = await runIn(w, plan);
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
      const r = await runIn(w, plan);
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
    const again = await runIn(w, plan);
    expect(again.code, describeRun(again)).toBe(0);
    expect(w.execLog()).toHaveLength(log.length);
  });

  it('reaches a host through a ProxyJump bastion', async () => {
    const w = suite.workspace();
    const bastion = await startSshd({
      address: '127.0.0.50',
      authorizedKeys: [suite.clientKey().publicKey],
      logLevel: 'DEBUG1',
    });
    try {
      const target = at(6);
      const host: PlanHost = {
        ...sshHost(target, 'behind', 'all', 'a', suite.clientKey().privateKeyPath),
        proxyJump: `${bastion.user}@${bastion.address}:${bastion.port}`,
      };
      w.writeKnownHosts([bastion.knownHostsLine, target.knownHostsLine]);
      const plan = w.writePlan([host], [{ name: 'all' }]);
      const before = target.acceptedCount();
      const r = await runIn(w, plan, '--auto-promote');
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
