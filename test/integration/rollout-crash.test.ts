/**
 * `kill -9` of a real `ringside run` over real sshd hosts, at several points, then `run`
 * again on the same journal: every host ends on the new version, no completed step ran
 * twice (counted on the host side), hosts in doubt are verified. Also the journal's guards:
 * a second `run` on a locked journal and a different plan on a used journal are refused.
 */
import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src-main/core/rollout';
import {
  describeRun,
  journalEvents,
  journalLineCount,
  ofType,
  ringside,
  spawnRingside,
  waitFor,
  type CliResult,
} from '../helpers/ringside-cli';
import {
  sshHost,
  type ExecLine,
  type PlanHost,
  type RolloutWorkspace,
} from '../helpers/ssh-rollout';
import { useSshFleet } from '../helpers/ssh-suite';

const suite = useSshFleet(6, 61);

/** canary k1 (a); broad k2 k3 (a), k4 k5 (b), k6 (c). */
function hosts(): PlanHost[] {
  const layout: [string, string][] = [
    ['canary', 'a'],
    ['broad', 'a'],
    ['broad', 'a'],
    ['broad', 'b'],
    ['broad', 'b'],
    ['broad', 'c'],
  ];
  return layout.map(([tier, zone], i) => {
    return sshHost(suite.at(i), `k${i + 1}`, tier, zone, suite.clientKey().privateKeyPath);
  });
}

function workspace(): RolloutWorkspace {
  const w = suite.workspace();
  w.writeKnownHosts(suite.fleet().map((s) => s.knownHostsLine));
  return w;
}

const RINGS = [{ name: 'canary' }, { name: 'broad' }];

type StepEvent = Extract<
  RolloutEvent,
  { type: 'HostStepStarted' | 'HostStepSucceeded' | 'InDoubtResolved' }
>;

/** A step took effect: it succeeded, or verify found its effect after a crash. */
function completes(e: StepEvent): boolean {
  return (
    e.type === 'HostStepSucceeded' || (e.type === 'InDoubtResolved' && e.resolution === 'completed')
  );
}

/**
 * Per host and deploy step: what the journal announced vs what the host saw. Every
 * execution must have been journaled first (host count <= starts), the step completed
 * exactly once (a success, or verify found it done), and nothing started after that.
 */
function expectNoRerun(
  events: readonly RolloutEvent[],
  log: readonly ExecLine[],
  names: string[],
): void {
  for (const host of names) {
    for (const step of ['install', 'check']) {
      const mine = events.filter(
        (e): e is StepEvent =>
          (e.type === 'HostStepStarted' ||
            e.type === 'HostStepSucceeded' ||
            e.type === 'InDoubtResolved') &&
          e.host === host &&
          e.step === step &&
          e.phase === 'deploy',
      );
      const starts = mine.filter((e) => e.type === 'HostStepStarted').length;
      const ran = log.filter((l) => l.host === host && l.step === step).length;
      const what = `${host}/${step}: journal ${mine.map((e) => (e.type === 'InDoubtResolved' ? `InDoubtResolved(${e.resolution})` : e.type)).join(',')}; host ran it ${ran}x`;
      expect(mine.filter(completes), what).toHaveLength(1);
      const last = mine.at(-1);
      expect(last !== undefined && completes(last), what).toBe(true);
      expect(ran, what).toBeGreaterThanOrEqual(1);
      expect(ran, what).toBeLessThanOrEqual(starts);
    }
  }
}

describe('ringside run killed with SIGKILL, then run again', () => {
  it('finishes the rollout after kills at several points, with no completed step re-run and hosts in doubt verified', async () => {
    const w = workspace();
    const all = hosts();
    const plan = w.writePlan(all, RINGS, { concurrency: 2, installSleep: 0.6 });
    const args = ['run', plan, '--journal', w.journal, '--auto-promote'];

    /** Starts a run and kills it once `moment` holds; returns what it printed. */
    const killWhen = async (moment: () => boolean, what: string): Promise<CliResult> => {
      const p = spawnRingside(args, { env: w.env });
      let ended = false;
      void p.done.then(() => (ended = true));
      try {
        await waitFor(moment, what, 60_000, () => ended);
      } catch (e) {
        const r = await p.kill9();
        throw new Error(`${e instanceof Error ? e.message : String(e)}\n${describeRun(r)}`);
      }
      return p.kill9();
    };
    /** An install logged after line `after` has started and not written its version yet. */
    const installRunning = (after: number): boolean =>
      w
        .execLog()
        .slice(after)
        .some((l) => l.step === 'install' && w.version(l.host) === null);

    // 1. Just after the journal was created, before (or as) the first step starts.
    const k1 = await killWhen(() => journalLineCount(w.journal) >= 1, 'the journal to exist');
    expect(k1.signal, describeRun(k1)).toBe('SIGKILL');
    // 2. In the canary's install (its start journaled, its end not).
    await killWhen(() => installRunning(0), 'the canary install to start');
    // 3. In the middle of the broad ring, during an install.
    const third = w.execCount() + 2;
    await killWhen(() => installRunning(third), 'a broad install to start');
    // 4. Later, once more hosts are done, again during an install.
    const fourth = w.execCount() + 3;
    await killWhen(() => installRunning(fourth), 'another broad install');

    const last = await ringside(args, { env: w.env });
    expect(last.code, describeRun(last)).toBe(0);

    const names = all.map((h) => h.name);
    for (const h of names) {
      expect(w.version(h), h).toBe('2.0.0');
    }
    const events = await journalEvents(w.journal);
    const log = w.execLog();
    expectNoRerun(events, log, names);

    // Hosts left in doubt were verified on the host, and the verdict was journaled.
    const inDoubt = ofType(events, 'HostInDoubt');
    expect(inDoubt.length, 'kills during installs leave hosts in doubt').toBeGreaterThanOrEqual(2);
    const resolved = ofType(events, 'InDoubtResolved');
    for (const d of inDoubt) {
      expect(
        resolved.some((r) => r.host === d.host && r.step === d.step),
        `${d.host}/${d.step} in doubt was resolved`,
      ).toBe(true);
      if (d.step === 'install') {
        expect(
          log.some((l) => l.host === d.host && l.step === 'verify'),
          `${d.host} verified on the host`,
        ).toBe(true);
      }
    }
    // An install is repeated only when verify found it had not taken effect (a kill can
    // also land between the journaled start and the command reaching the host).
    for (const h of names) {
      const retried = resolved.filter(
        (r) => r.host === h && r.step === 'install' && r.resolution === 'retry',
      ).length;
      expect(
        log.filter((l) => l.host === h && l.step === 'install').length,
        `${h} installs (retries after verify: ${retried})`,
      ).toBeLessThanOrEqual(1 + retried);
    }
    expect(ofType(events, 'RolloutCompleted')).toHaveLength(1);
  });

  it('refuses a second run on a locked journal, and a different plan on a used one', async () => {
    const w = workspace();
    const all = hosts();
    w.setFault('k1', 'hang');
    const plan = w.writePlan(all, RINGS, { installTimeout: '60s' });
    const args = ['run', plan, '--journal', w.journal, '--auto-promote'];
    const first = spawnRingside(args, { env: w.env });
    let ended = false;
    void first.done.then(() => (ended = true));
    try {
      await waitFor(
        () => w.execCount() >= 1,
        'the canary install to start',
        60_000,
        () => ended,
      );
      const lines = journalLineCount(w.journal);

      const second = await ringside(args, { env: w.env });
      expect(second.code, describeRun(second)).toBe(2);
      expect(second.stderr, describeRun(second)).toMatch(/lock/i);
      expect(second.stderr.trim().split('\n'), 'one line').toHaveLength(1);
      expect(journalLineCount(w.journal), 'the refused run wrote nothing').toBe(lines);
      expect(ended, 'the first run is still going').toBe(false);
    } finally {
      await first.kill9();
    }

    const lines = journalLineCount(w.journal);
    const other = w.writePlan(all, RINGS, { version: '3.0.0' });
    const mismatch = await ringside(['run', other, '--journal', w.journal], { env: w.env });
    expect(mismatch.code, describeRun(mismatch)).toBe(2);
    expect(mismatch.stderr, describeRun(mismatch)).toMatch(/plan/i);
    expect(journalLineCount(w.journal), 'nothing journaled is lost or added').toBe(lines);

    // The original plan resumes after the crash (the stale lock of the killed run is taken over).
    w.setFault('k1', null);
    const resumed = await ringside(args, { env: w.env });
    expect(resumed.code, describeRun(resumed)).toBe(0);
    for (const h of all) {
      expect(w.version(h.name), h.name).toBe('2.0.0');
    }
  });
});
