/**
 * ringside approve | reject | resolve JOURNAL HOST, in-process, against the simulated fleet
 * over real SSH: directly on a journal no run holds, and through the inbox of a live run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCliCaptured } from '../helpers/cli-io';
import { openingLine } from '../../src-main/cli/verb-run';
import { createSshExecutor, type SshExecutor } from '../../src-main/adapters/ssh';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { serveInbox } from '../../src-main/cli/inbox';
import { engineRig, until, type EngineRig } from './engine-helpers';
import { generateKeyPair } from '../helpers/sshd';

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
      /^resuming shop 2\.0\.0 \(plan \S+\) at ring ring0: deploying, 1\/2 hosts done, 1 host waiting for a person$/,
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

/**
 * What `ssh-keyscan -p PORT ADDRESS` prints for one simulated host: a comment naming the
 * server, then the key line (the real ssh-keyscan runs against a real sshd in
 * test/integration/ssh-host-keys.test.ts; the simulated servers do not answer it).
 */
function keyscan(r: EngineRig, host: string): string {
  const h = r.rehearsal.fleet.host(host);
  if (!h) {
    throw new Error(`no sim host ${host}`);
  }
  return `# ${h.address}:${h.sshPort} SSH-2.0-ringside-sim\n${h.knownHostsLine}\n`;
}

/** A known_hosts line naming `host`'s address and port with a key it does not have. */
async function otherKeyLine(r: EngineRig, host: string): Promise<string> {
  const h = r.rehearsal.fleet.host(host);
  const other = generateKeyPair(r.journalDir, `other-${host}`);
  return `[${h?.address ?? ''}]:${h?.sshPort ?? 0} ${other.publicKey.split(' ').slice(0, 2).join(' ')}`;
}

async function waitingOn(r: EngineRig, hidden: string[]): Promise<void> {
  const first = await r.open({ executor: await homeHiding(r, hidden) });
  expect(await first.run({ until: 'end', autoPromote: true })).toMatchObject({
    kind: 'waiting-operator',
    hosts: hidden,
  });
  await first.close();
}

describe('resume re-reads known_hosts for hosts waiting on a key', () => {
  it('the usual ssh-keyscan fix settles the host on resume, journaled, and the run finishes', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1']);
    const fingerprint = r.rehearsal.fleet.host('r0-d0-h1')?.hostKeyFingerprint ?? '';
    // ssh-keyscan >> ~/.ssh/known_hosts: now every host is trusted there.
    const second = await r.open({ executor: await homeHiding(r, []) });
    expect(second.state().hosts['r0-d0-h1']?.status).toBe('pending');
    expect(second.warnings.join('\n')).toContain(
      `r0-d0-h1: host key ${fingerprint} is now in known_hosts`,
    );
    expect(await second.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(r.rehearsal.fleet.state('r0-d0-h1')?.version).toBe('2.0.0');
    expect(second.state().actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      `tester approve-host r0-d0-h1 ${fingerprint} (key found in known_hosts on resume)`,
    );
    // Nothing was recorded in Ringside's own known_hosts: the user's file trusts the key.
    await expect(
      readFile(path.join(r.journalDir, '.config', 'ringside', 'known_hosts'), 'utf8'),
    ).rejects.toThrow(/ENOENT/);
  });

  it('known_hosts naming the host (not its address) settles it too; the key is recorded for the address', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1']);
    const h1 = r.rehearsal.fleet.host('r0-d0-h1');
    const executor = await homeHiding(r, ['r0-d0-h1']);
    const knownHosts = path.join(r.journalDir, '.ssh', 'known_hosts');
    // As `ssh-keyscan -p PORT r0-d0-h1` writes it: the name, not the address.
    await writeFile(
      knownHosts,
      `${await readFile(knownHosts, 'utf8')}[r0-d0-h1]:${h1?.sshPort ?? 0} ${h1?.hostKey ?? ''}\n`,
    );
    const second = await r.open({ executor });
    expect(second.state().hosts['r0-d0-h1']?.status).toBe('pending');
    expect(await second.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(r.rehearsal.fleet.state('r0-d0-h1')?.version).toBe('2.0.0');
    expect(
      await readFile(path.join(r.journalDir, '.config', 'ringside', 'known_hosts'), 'utf8'),
    ).toBe(`${h1?.knownHostsLine ?? ''}\n`);
  });

  it('a different key in known_hosts is never accepted: the host still waits, with a warning', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1']);
    const executor = await homeHiding(r, ['r0-d0-h1']);
    const knownHosts = path.join(r.journalDir, '.ssh', 'known_hosts');
    await writeFile(
      knownHosts,
      `${await readFile(knownHosts, 'utf8')}${await otherKeyLine(r, 'r0-d0-h1')}\n`,
    );
    const second = await r.open({ executor });
    expect(second.state().hosts['r0-d0-h1']?.status).toBe('needs-approval');
    expect(second.warnings.join('\n')).toMatch(
      /r0-d0-h1: known_hosts \(\S+known_hosts:2\) lists key SHA256:\S+, not the SHA256:\S+ the host offered; still waiting for approval/,
    );
    expect(second.state().actions.map((a) => a.action)).not.toContain('approve-host');
  });
});

describe('ringside approve DIR --from FILE', () => {
  it('approves the hosts whose offered keys the file lists, warns about a different key, exits 3 while some wait', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [3] }], { concurrency: 3 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1', 'r0-d0-h2']);
    const keys = path.join(r.journalDir, 'keys.txt');
    const scanned = keyscan(r, 'r0-d0-h1');
    expect(scanned).toMatch(/^\[127\.[0-9.]+\]:\d+ ssh-/m);
    await writeFile(keys, `${scanned}${await otherKeyLine(r, 'r0-d0-h2')}\n`);
    const some = await cli(r.journalDir, 'approve', r.journalDir, '--from', keys);
    expect(some.code, some.err).toBe(3);
    expect(some.out).toMatch(/^approve r0-d0-h1 \(SHA256:\S+, \S+keys\.txt:\d+\): accepted/m);
    expect(some.out).toContain(`approved 1 of 2 waiting host(s) from ${keys}`);
    expect(some.err).toMatch(
      /^ringside approve: warning: r0-d0-h2 not approved: \S+keys\.txt:\d+ lists key SHA256:\S+ for it, but it offered SHA256:\S+ \(a different key is never approved; check the host\)$/m,
    );
    const own = path.join(r.journalDir, '.config', 'ringside', 'known_hosts');
    expect((await readFile(own, 'utf8')).trim().split('\n')).toEqual([
      r.rehearsal.fleet.host('r0-d0-h1')?.knownHostsLine,
    ]);

    // The right key for r0-d0-h2, hashed as ssh-keygen -H writes it, and a host it lacks.
    const hashed = path.join(r.journalDir, 'hashed.txt');
    await writeFile(hashed, keyscan(r, 'r0-d0-h2'));
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    expect(await readFile(hashed, 'utf8')).toMatch(/^\|1\|/m);
    const rest = await cli(r.journalDir, 'approve', r.journalDir, '--from', hashed);
    expect(rest.code, rest.err).toBe(0);
    expect(rest.out).toContain('approved 1 of 1 waiting host(s)');
    const none = await cli(r.journalDir, 'approve', r.journalDir, '--from', hashed);
    expect(none).toMatchObject({ code: 0, out: expect.stringMatching(/^no host waits/) });

    const second = await r.open({ executor: await homeHiding(r, ['r0-d0-h1', 'r0-d0-h2']) });
    expect(await second.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    expect(second.state().actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^gina approve-host r0-d0-h1 SHA256:/),
        expect.stringMatching(/^gina approve-host r0-d0-h2 SHA256:/),
      ]),
    );
  });

  it('a host with no key in the file is listed and still waits (exit 3)', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1']);
    const keys = path.join(r.journalDir, 'keys.txt');
    await writeFile(keys, keyscan(r, 'r0-d0-h0'));
    const h1 = r.rehearsal.fleet.host('r0-d0-h1');
    const res = await cli(r.journalDir, 'approve', r.journalDir, '--from', keys);
    expect(res.code).toBe(3);
    expect(res.out).toContain(
      `r0-d0-h1 not approved: ${keys} has no key for [${h1?.address ?? ''}]:${h1?.sshPort ?? 0} or [r0-d0-h1]:${h1?.sshPort ?? 0}`,
    );
  });

  it('bad input exits 2: an unreadable file, a malformed line (FILE:LINE), no key line, --from with HOST', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [2] }], { concurrency: 2 }));
    const r = rig;
    await waitingOn(r, ['r0-d0-h1']);
    const missing = await cli(r.journalDir, 'approve', r.journalDir, '--from', 'nope.txt');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toBe(
      `ringside approve: cannot read ${path.join(r.journalDir, 'nope.txt')} (ENOENT)`,
    );
    const bad = path.join(r.journalDir, 'bad.txt');
    await writeFile(bad, `${keyscan(r, 'r0-d0-h1')}web-1 ssh-ed25519\n`);
    const lines = (await readFile(bad, 'utf8')).split('\n').length - 1;
    const malformed = await cli(r.journalDir, 'approve', r.journalDir, '--from', bad);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(
      new RegExp(`^ringside approve: ${bad.replace(/[.]/g, '\\.')}:${lines}: not a key line`),
    );
    const garbled = path.join(r.journalDir, 'garbled.txt');
    await writeFile(garbled, 'web-1 ssh-ed25519 AAAAC3NzaC1yc2EAAAADAQAB\n');
    expect((await cli(r.journalDir, 'approve', r.journalDir, '--from', garbled)).err).toContain(
      `${garbled}:1: not a key line`,
    );
    const empty = path.join(r.journalDir, 'empty.txt');
    await writeFile(empty, '# only a comment\n\n');
    const noKeys = await cli(r.journalDir, 'approve', r.journalDir, '--from', empty);
    expect(noKeys).toMatchObject({
      code: 2,
      err: `ringside approve: ${empty}: no key line in it (expected ssh-keyscan output)`,
    });
    const withHost = await cli(r.journalDir, 'approve', r.journalDir, 'r0-d0-h1', '--from', bad);
    expect(withHost.code).toBe(2);
    // Nothing was approved by any of them.
    expect((await cli(r.journalDir, 'status', r.journalDir)).out).toContain(
      'r0-d0-h1 waits for approval of host key',
    );
  });

  it('through a live run: the approval reaches the run, the host settles and the run finishes', async () => {
    rig = await engineRig(buildPlan([{ bakeMs: 50, domains: [3] }], { concurrency: 3 }));
    const r = rig;
    const executor = await homeHiding(r, ['r0-d0-h1']);
    await r.rehearsal.fleet.setFault('r0-d0-h2', { kind: 'slow', delayMs: 1500 });
    const engine = await r.open({ executor });
    const inbox = await serveInbox(r.journalDir, engine, 50);
    try {
      const running = engine.run({ until: 'end', autoPromote: true });
      await until(
        () => engine.state().hosts['r0-d0-h1']?.status === 'needs-approval',
        'r0-d0-h1 waiting for approval',
      );
      const keys = path.join(r.journalDir, 'keys.txt');
      await writeFile(keys, keyscan(r, 'r0-d0-h1'));
      const res = await cli(r.journalDir, 'approve', r.journalDir, '--from', keys);
      expect(res.code, res.err).toBe(0);
      expect(res.out).toContain('accepted by the running rollout');
      await r.rehearsal.fleet.setFault('r0-d0-h2', null);
      expect(await running).toEqual({ kind: 'finished' });
      expect(r.rehearsal.fleet.state('r0-d0-h1')?.version).toBe('2.0.0');
      expect(engine.state().actions.map((a) => `${a.by} ${a.action}`)).toContain(
        'gina approve-host',
      );
    } finally {
      await inbox.stop();
    }
  });
});
