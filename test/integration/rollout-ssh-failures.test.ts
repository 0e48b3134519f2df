/**
 * `ringside run` over real OpenSSH sshd when things go wrong: a changed host key, a refused
 * login, no listener, a hung step, an unknown host key (never accepted silently), a blown
 * failure budget (halt, nothing started after it) and rollback in reverse domain order.
 * Every step execution is logged on the host side, so the tests see what really ran.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, journalEvents, ofType, waitFor } from '../helpers/ringside-cli';
import { freePort, type Sshd } from '../helpers/sshd';
import { linesOf, runIn, sshHost, stepOrder, type PlanHost } from '../helpers/ssh-rollout';
import { useSshFleet } from '../helpers/ssh-suite';

const suite = useSshFleet(6, 71);
const at = (i: number): Sshd => suite.at(i);

describe('ringside run over real sshd, when hosts fail', () => {
  it('fails hosts with a changed key, a refused login, no listener or a hung step, and finishes the others', async () => {
    const w = suite.workspace();
    const good = sshHost(at(0), 'good', 'all', 'a', suite.clientKey().privateKeyPath);
    const changed = sshHost(at(1), 'changed-key', 'all', 'a', suite.clientKey().privateKeyPath);
    const noAuth = sshHost(at(2), 'no-auth', 'all', 'a', suite.strangerKey().privateKeyPath);
    const hung = sshHost(at(3), 'hung', 'all', 'a', suite.clientKey().privateKeyPath);
    const nobody: PlanHost = {
      ...sshHost(at(4), 'unreachable', 'all', 'a', suite.clientKey().privateKeyPath),
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
    const r = await runIn(w, plan, '--auto-promote');
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
    const w = suite.workspace();
    const known = sshHost(at(0), 'known', 'all', 'a', suite.clientKey().privateKeyPath);
    const unknown = sshHost(at(1), 'unknown', 'all', 'a', suite.clientKey().privateKeyPath);
    w.writeKnownHosts([at(0).knownHostsLine]);
    const plan = w.writePlan([known, unknown], [{ name: 'all' }], { concurrency: 2 });
    const r = await runIn(w, plan, '--auto-promote');
    // 3: waiting for an operator (the CLI's code for any wait for a person).
    expect(r.code, describeRun(r)).toBe(3);

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
    const w = suite.workspace();
    const hosts = ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) =>
      sshHost(at(i), `b${i + 1}`, 'broad', zone, suite.clientKey().privateKeyPath),
    );
    w.writeKnownHosts(suite.fleet().map((s) => s.knownHostsLine));
    w.setFault('b3', 'fail');
    const plan = w.writePlan(hosts, [{ name: 'broad', budget: { perDomain: 0, ring: 0 } }], {
      concurrency: 1,
    });
    const r = await runIn(w, plan, '--auto-promote');
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
    const w = suite.workspace();
    const hosts = ['a', 'a', 'b', 'b', 'c', 'c'].map((zone, i) =>
      sshHost(at(i), `r${i + 1}`, 'broad', zone, suite.clientKey().privateKeyPath),
    );
    w.writeKnownHosts(suite.fleet().map((s) => s.knownHostsLine));
    w.setFault('r6', 'fail');
    const plan = w.writePlan(
      hosts,
      [{ name: 'broad', budget: { perDomain: 0, ring: 0 }, rollbackOnHalt: true }],
      { concurrency: 1 },
    );
    const r = await runIn(w, plan, '--auto-promote');
    expect(r.code, describeRun(r)).toBe(4);
    const reverts = stepOrder(w.execLog(), 'revert');
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
});
