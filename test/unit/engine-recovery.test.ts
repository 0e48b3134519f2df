import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { createSshExecutor } from '../../src-main/adapters/ssh';
import type { RolloutEvent } from '../../src-main/core/rollout';
import { engineRig, until, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const verify = { name: 'version', command: 'appctl version', timeoutMs: 5_000, idempotent: true };

function journaled(r: EngineRig): RolloutEvent[] {
  return r.events.flatMap((e) => (e.type === 'journaled' ? e.events : []));
}

describe('rollout engine: host keys', () => {
  it('an unknown host key waits for approval; approving it lets the host continue', async () => {
    const plan = buildPlan([{ bakeMs: 50, domains: [3] }], { concurrency: 3 });
    rig = await engineRig(plan);
    const fleet = rig.rehearsal.fleet;
    const knownHosts = path.join(rig.journalDir, 'known_hosts');
    const hidden = fleet.host('r0-d0-h1');
    await writeFile(
      knownHosts,
      fleet.hosts
        .filter((h) => h.name !== 'r0-d0-h1')
        .map((h) => h.knownHostsLine)
        .join('\n') + '\n',
    );
    const executor = createSshExecutor({
      knownHostsFiles: [knownHosts],
      ringsideKnownHostsFile: path.join(rig.journalDir, 'approved_hosts'),
      sshConfig: null,
      agentSocket: null,
    });
    try {
      const engine = await rig.open({ executor });
      const first = await engine.run({ until: 'end', autoPromote: true });
      expect(first).toMatchObject({ kind: 'waiting-operator', hosts: ['r0-d0-h1'] });
      const h = engine.state().hosts['r0-d0-h1'];
      expect(h?.status).toBe('needs-approval');
      expect(h?.fingerprint).toBe(hidden?.hostKeyFingerprint);
      expect(rig.execs('r0-d0-h1', 'appctl')).toEqual([]);
      const wrong = await engine.approveHostKey('dave', 'r0-d0-h1', 'SHA256:not-the-key');
      expect(wrong.ok).toBe(false);
      const right = await engine.approveHostKey('dave', 'r0-d0-h1', h?.fingerprint ?? '');
      expect(right).toEqual({ ok: true });
      expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
      expect(fleet.state('r0-d0-h1')?.version).toBe('2.0.0');
      expect(rig.execs('r0-d0-h1', 'install').length).toBe(1);
    } finally {
      await executor.close();
    }
  });

  it('a changed host key is refused: the host fails, nothing runs on it, the ring halts', async () => {
    const plan = buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 1 });
    rig = await engineRig(plan);
    await rig.rehearsal.fleet.setFault('r0-d0-h0', { kind: 'host-key-change' });
    const engine = await rig.open();
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'halted', ring: 'ring0' });
    const end = rig.events.find((e) => e.type === 'step-end');
    expect(end).toMatchObject({ host: 'r0-d0-h0', ok: false });
    expect(end?.type === 'step-end' && end.detail).toMatch(/HOST KEY CHANGED.*refused/);
    expect(rig.execs('r0-d0-h0', 'appctl')).toEqual([]);
    expect(engine.state().hosts['r0-d0-h0']?.status).toBe('failed');
  });
});

describe('rollout engine: crash and resume', () => {
  async function crashMidInstall(r: EngineRig): Promise<void> {
    await r.rehearsal.fleet.setFault('r0-d0-h0', {
      kind: 'command-hangs',
      pattern: 'install',
      count: 1,
    });
    const engine = await r.open();
    const running = engine.run({ until: 'end', autoPromote: true });
    await until(
      () =>
        r.execs('r0-d0-h0', 'install').length === 1 &&
        r.execs('r0-d0-h1', 'health').some((x) => x.exitCode === 0) &&
        engine.state().hosts['r0-d0-h1']?.status === 'done',
      'the hung install on r0-d0-h0 and r0-d0-h1 done',
    );
    await engine.close(); // as a crash: the hung step's end is never journaled
    expect(await running).toEqual({ kind: 'closed' });
  }

  it('a step in doubt after a crash is verified, not re-run; no completed step runs twice', async () => {
    const plan = buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2, verify });
    rig = await engineRig(plan);
    await crashMidInstall(rig);
    const engine = await rig.open();
    expect(engine.warnings.join('\n')).toMatch(/r0-d0-h0: deploy step install .* in doubt/);
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(rig.execs('r0-d0-h0', 'appctl version').length).toBe(1);
    expect(rig.execs('r0-d0-h0', 'install').length).toBe(1);
    for (const [command, n] of rig.rehearsal.fleet.state('r0-d0-h1')?.execCounts ?? []) {
      expect(n, command).toBe(1);
    }
    const resolved = journaled(rig).find((e) => e.type === 'InDoubtResolved');
    expect(resolved).toMatchObject({ host: 'r0-d0-h0', resolution: 'completed' });
  });

  it('a verify that says the step did not take effect re-runs it', async () => {
    const plan = buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2, verify });
    rig = await engineRig(plan);
    await crashMidInstall(rig);
    await rig.rehearsal.fleet.setFault('r0-d0-h0', {
      kind: 'command-fails',
      pattern: 'appctl version',
      count: 1,
    });
    const engine = await rig.open();
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(rig.execs('r0-d0-h0', 'install').length).toBe(2);
    expect(rig.rehearsal.fleet.state('r0-d0-h0')?.version).toBe('2.0.0');
    const attempts = journaled(rig).flatMap((e) =>
      e.type === 'HostStepStarted' && e.host === 'r0-d0-h0' && e.step === 'install'
        ? [e.attempt]
        : [],
    );
    // Before and after the crash: the verify in between does not reset the step's count.
    expect(attempts).toEqual([1, 2]);
    expect(journaled(rig).find((e) => e.type === 'InDoubtResolved')).toMatchObject({
      resolution: 'retry',
    });
  });
});
