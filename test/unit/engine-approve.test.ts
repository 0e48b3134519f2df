/**
 * ringside approve | reject | resolve JOURNAL HOST, in-process, against the simulated fleet
 * over real SSH: directly on a journal no run holds, and through the inbox of a live run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCliCaptured } from '../helpers/cli-io';
import { openingLine } from '../../src-main/cli/verb-run';
import { createSshExecutor, type SshExecutor } from '../../src-main/adapters/ssh';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { serveInbox } from '../../src-main/runtime/inbox';
import { engineRig, until, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
const executors: SshExecutor[] = [];
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
  for (const e of executors.splice(0)) {
    await e.close();
  }
});

async function cli(home: string, ...argv: string[]) {
  const { code, out, err } = await runCliCaptured(argv, {
    cwd: home,
    env: { USER: 'gina', HOME: home },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** HOME whose ~/.ssh/known_hosts trusts every host of the fleet but `hidden`. */
async function homeHiding(r: EngineRig, hidden: readonly string[]): Promise<SshExecutor> {
  const home = r.journalDir;
  await mkdir(path.join(home, '.ssh'), { recursive: true });
  await writeFile(
    path.join(home, '.ssh', 'known_hosts'),
    r.rehearsal.fleet.hosts
      .filter((h) => !hidden.includes(h.name))
      .map((h) => h.knownHostsLine)
      .join('\n') + '\n',
  );
  const executor = createSshExecutor({ home, agentSocket: null });
  executors.push(executor);
  return executor;
}

describe('ringside approve | reject | resolve', () => {
  it('approve on a journal no run holds: the key lands in Ringside known_hosts, the next run finishes', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    const executor = await homeHiding(r, ['r0-d0-h1']);
    const first = await r.open({ executor });
    expect(await first.run({ until: 'end', autoPromote: true })).toMatchObject({
      kind: 'waiting-operator',
      hosts: ['r0-d0-h1'],
    });
    await first.close();
    const fingerprint = r.rehearsal.fleet.host('r0-d0-h1')?.hostKeyFingerprint ?? '';
    const status = await cli(r.journalDir, 'status', r.journalDir);
    expect(status.out).toContain(
      `r0-d0-h1 waits for approval of host key ${fingerprint}: ringside approve ${r.journalDir} r0-d0-h1 --fingerprint ${fingerprint}`,
    );

    const wrong = await cli(
      r.journalDir,
      'approve',
      r.journalDir,
      'r0-d0-h1',
      '--fingerprint',
      'SHA256:nope',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^ringside approve: refused: host r0-d0-h1 presented SHA256/);
    const ok = await cli(
      r.journalDir,
      'approve',
      r.journalDir,
      'r0-d0-h1',
      '--fingerprint',
      fingerprint,
    );
    expect(ok.code, ok.err).toBe(0);
    const own = await readFile(
      path.join(r.journalDir, '.config', 'ringside', 'known_hosts'),
      'utf8',
    );
    expect(own.trim().split('\n')).toHaveLength(1);

    const second = await r.open({ executor: await homeHiding(r, ['r0-d0-h1']) });
    expect(await second.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(r.rehearsal.fleet.state('r0-d0-h1')?.version).toBe('2.0.0');
    expect(second.state().actions.map((a) => `${a.by} ${a.action}`)).toContain('gina approve-host');
  });

  it('reject through the live run: the host fails, counts toward the budget, the ring goes on', async () => {
    const plan = buildPlan(
      [{ bakeMs: 50, domains: [3], maxFailedHosts: 1, maxFailedHostsPerDomain: 1 }],
      {
        concurrency: 3,
      },
    );
    rig = await engineRig(plan);
    const r = rig;
    const executor = await homeHiding(r, ['r0-d0-h1']);
    // A slow host keeps the run live while r0-d0-h1 waits for a person.
    await r.rehearsal.fleet.setFault('r0-d0-h2', { kind: 'slow', delayMs: 1500 });
    const engine = await r.open({ executor });
    const inbox = await serveInbox(r.journalDir, engine, 50);
    try {
      const running = engine.run({ until: 'end', autoPromote: true });
      await until(
        () => engine.state().hosts['r0-d0-h1']?.status === 'needs-approval',
        'r0-d0-h1 waiting for approval',
      );
      const rejected = await cli(r.journalDir, 'reject', r.journalDir, 'r0-d0-h1');
      expect(rejected.code, rejected.err).toBe(0);
      expect(rejected.out).toContain('accepted by the running rollout');
      expect(engine.state().hosts['r0-d0-h1']).toMatchObject({
        status: 'failed',
        lastReason: expect.stringMatching(/^host key rejected by gina \(SHA256:/),
      });
      expect(engine.state().status).toBe('running'); // one failure is within the budget
      await r.rehearsal.fleet.setFault('r0-d0-h2', null);
      const outcome = await running;
      expect(outcome).toEqual({ kind: 'finished' });
      expect(r.rehearsal.fleet.state('r0-d0-h2')?.version).toBe('2.0.0');
      expect(r.execs('r0-d0-h1', 'appctl')).toEqual([]);
    } finally {
      await inbox.stop();
    }
  });

  it('resolve a host in doubt that nothing can verify: status names the command, the run goes on', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await r.rehearsal.fleet.setFault('r0-d0-h0', {
      kind: 'command-hangs',
      pattern: 'install',
      count: 1,
    });
    const first = await r.open();
    const running = first.run({ until: 'end', autoPromote: true });
    await until(
      () =>
        r.execs('r0-d0-h0', 'install').length === 1 &&
        first.state().hosts['r0-d0-h1']?.status === 'done',
      'the hung install on r0-d0-h0',
    );
    await first.close(); // as a crash: the install's end is never journaled
    await running;

    const second = await r.open();
    expect(openingLine(second.state())).toMatch(
      /^resuming shop 2\.0\.0 \(plan \S+\) at ring ring0: running, 1\/2 hosts done, 1 host waiting for a person$/,
    );
    expect(await second.run({ until: 'end', autoPromote: true })).toMatchObject({
      kind: 'waiting-operator',
      hosts: ['r0-d0-h0'],
    });
    await second.close();
    const status = await cli(r.journalDir, 'status', r.journalDir, '--json');
    expect((JSON.parse(status.out) as { operatorCommands: string[] }).operatorCommands).toEqual([
      `r0-d0-h0 is in doubt about deploy step install: check the host, then ringside resolve ${r.journalDir} r0-d0-h0 --as done|failed --reason TEXT`,
    ]);
    const noReason = await cli(r.journalDir, 'resolve', r.journalDir, 'r0-d0-h0', '--as', 'done');
    expect(noReason.code).toBe(2);
    const resolved = await cli(
      r.journalDir,
      'resolve',
      r.journalDir,
      'r0-d0-h0',
      '--as',
      'done',
      '--reason',
      'version file says 2.0.0',
    );
    expect(resolved.code, resolved.err).toBe(0);

    const third = await r.open();
    expect(await third.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(r.execs('r0-d0-h0', 'install')).toHaveLength(1); // settled by a person, never re-run
    expect(third.state().actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      'gina resolve-in-doubt r0-d0-h0: completed (version file says 2.0.0)',
    );
  });
});
