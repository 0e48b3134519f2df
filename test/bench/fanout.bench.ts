/**
 * Fan-out benchmark: one no-op step (`true`) over a fleet of real OpenSSH sshd on
 * 127.0.0.x, concurrency 50, cold connections, for Ringside, Ansible and parallel-ssh, each
 * with default settings. Prints hosts/s and Ringside/peer ratios measured in the same run;
 * asserts nothing about time. Installs nothing: a missing peer is reported and printed `n/a`.
 *
 *   npm run bench:fanout              (tsx test/bench/fanout.bench.ts)
 *   FANOUT_HOSTS=50 FANOUT_RUNS=3 npm run bench:fanout
 *
 * Ringside is the rollout engine as `ringside run` drives it (journal with fsync, decide,
 * bookkeeping; one ring, one update domain, step `true`, concurrency 50), timed from engine
 * start (opening the journal) to the last host done. The bare ssh2 adapter loop is printed
 * too (`bare_hps`), so the engine's own cost shows. sim1000 is the engine over 1,000
 * simulated hosts served by `ringside sim` in another process (SIM_HOSTS to change).
 *
 * Last line: `fanout hosts=N ringside_hps=X ansible_hps=Y pssh_hps=Z vs_ansible=R1
 * vs_pssh=R2 sim1000_hps=W bare_hps=B vs_bare=R3` (R3: the engine's share of the bare ssh2
 * loop's rate on the same hosts, same concurrency, same run). Each figure is the best of FANOUT_RUNS runs (default 3 for
 * Ringside, 2 for the slower peers), because the machine is shared and noise only slows.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSshExecutor, type SshExecutorOptions } from '../../src-main/adapters/ssh';
import type { Host } from '../../src-main/core/model/host';
import { noopPlan, runEngineFanout } from '../helpers/engine-fanout';
import { startSimProcess } from '../helpers/sim-process';
import { generateKeyPair, hostOf, makeTempDir, startSshdFleet, stopAll } from '../helpers/sshd';

const HOSTS = Number(process.env.FANOUT_HOSTS ?? 30);
const RUNS = process.env.FANOUT_RUNS === undefined ? null : Number(process.env.FANOUT_RUNS);
const CONCURRENCY = 50;
const SIM_HOSTS = Number(process.env.SIM_HOSTS ?? 1000);

interface FanoutEnv {
  readonly knownHostsFile: string;
  readonly identityFile: string;
  readonly workDir: string;
}

/** Outcome of one fan-out: how many hosts ran the step successfully. */
interface FanoutRun {
  readonly ok: number;
  readonly seconds: number;
}

/** Executor settings of every Ringside run here: the bench's known_hosts, nothing else. */
function sshOptions(env: FanoutEnv): SshExecutorOptions {
  return {
    knownHostsFiles: [env.knownHostsFile],
    ringsideKnownHostsFile: path.join(env.workDir, 'ringside_known_hosts'),
    sshConfig: null,
    agentSocket: null,
    home: env.workDir,
  };
}

/** The bare adapter: one step over `hosts`, cold, 50 workers, no journal, no engine. */
export async function runRingsideFanout(
  hosts: readonly Host[],
  env: FanoutEnv,
): Promise<FanoutRun> {
  const started = process.hrtime.bigint();
  const ssh = createSshExecutor({ ...sshOptions(env), maxHandshakes: CONCURRENCY });
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < hosts.length; i = next++) {
      const host = hosts[i];
      if (
        host !== undefined &&
        (await ssh.exec(host, 'true', { timeoutMs: 30_000 })).kind === 'ok'
      ) {
        ok++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, hosts.length) }, worker));
  await ssh.close();
  return { ok, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string; seconds: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

function runAnsible(hosts: readonly Host[], env: FanoutEnv, run: number): FanoutRun {
  // A fresh home per run: no ControlPersist socket survives, so connections are cold.
  const home = makeTempDir('ringside-bench-ansible-');
  const inventory = path.join(home, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[all]',
      ...hosts.map(
        (h) =>
          `${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${h.user ?? ''}`,
      ),
      '',
    ].join('\n'),
  );
  const cfg = path.join(home, 'ansible.cfg');
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `inventory = ${inventory}`,
      `private_key_file = ${env.identityFile}`,
      `local_tmp = ${path.join(home, 'tmp')}`,
      'interpreter_python = auto_silent',
      '[ssh_connection]',
      `ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${env.knownHostsFile}`,
      '',
    ].join('\n'),
  );
  const r = timed('ansible', ['all', '-m', 'command', '-a', 'true', '-f', String(CONCURRENCY)], {
    ...process.env,
    HOME: home,
    ANSIBLE_CONFIG: cfg,
    ANSIBLE_HOME: path.join(home, '.ansible'),
    ANSIBLE_LOCAL_TEMP: path.join(home, 'tmp'),
  });
  const ok = (r.stdout.match(/\| (CHANGED|SUCCESS) \|/g) ?? []).length;
  if (ok !== hosts.length) {
    console.log(
      `  ansible run ${run}: ${ok}/${hosts.length} ok (exit ${r.status}); first lines:\n${(r.stdout + r.stderr).split('\n').slice(0, 6).join('\n')}`,
    );
  }
  rmSync(home, { recursive: true, force: true });
  return { ok, seconds: r.seconds };
}

function runPssh(hosts: readonly Host[], env: FanoutEnv, run: number): FanoutRun {
  const home = makeTempDir('ringside-bench-pssh-');
  const hostsFile = path.join(home, 'hosts');
  writeFileSync(hostsFile, hosts.map((h) => `${h.user ?? ''}@${h.address}:${h.port}\n`).join(''));
  const r = timed(
    'parallel-ssh',
    [
      '-p',
      String(CONCURRENCY),
      '-h',
      hostsFile,
      '-x',
      `-o UserKnownHostsFile=${env.knownHostsFile} -o IdentityFile=${env.identityFile}`,
      'true',
    ],
    { ...process.env, HOME: home },
  );
  const ok = (r.stdout.match(/\[SUCCESS\]/g) ?? []).length;
  if (ok !== hosts.length) {
    console.log(
      `  parallel-ssh run ${run}: ${ok}/${hosts.length} ok (exit ${r.status}); first lines:\n${(r.stdout + r.stderr).split('\n').slice(0, 6).join('\n')}`,
    );
  }
  rmSync(home, { recursive: true, force: true });
  return { ok, seconds: r.seconds };
}

/** Best hosts/s over `runs` runs that all succeeded on every host; null if none did. */
async function best(
  name: string,
  runs: number,
  total: number,
  once: (run: number) => FanoutRun | Promise<FanoutRun>,
): Promise<number | null> {
  let hps: number | null = null;
  for (let run = 1; run <= runs; run++) {
    const r = await once(run);
    const rate = total / r.seconds;
    console.log(
      `  ${name} run ${run}: ${r.ok}/${total} ok in ${r.seconds.toFixed(3)} s = ${rate.toFixed(1)} hosts/s`,
    );
    if (r.ok === total) {
      hps = Math.max(hps ?? 0, rate);
    }
  }
  return hps;
}

const fmt = (x: number | null, digits = 1): string => (x === null ? 'n/a' : x.toFixed(digits));
const ratio = (a: number | null, b: number | null): string =>
  a === null || b === null ? 'n/a' : (a / b).toFixed(2);

/**
 * The engine over SIM_HOSTS simulated hosts (instant `true`), best of the runs. The fleet
 * runs in its own process (`ringside sim`), as a real fleet is elsewhere: in this process
 * its SSH servers' handshakes would take the engine's CPU.
 */
async function simFanout(workDir: string): Promise<number | null> {
  console.log(`starting ${SIM_HOSTS} simulated hosts (ringside sim, another process)`);
  const sim = await startSimProcess(SIM_HOSTS, workDir);
  try {
    const plan = noopPlan(sim.hosts, CONCURRENCY);
    const env: FanoutEnv = { ...sim, workDir };
    const engine = await best(`sim${SIM_HOSTS}`, RUNS ?? 2, SIM_HOSTS, async () => {
      const r = await runEngineFanout(plan, sshOptions(env));
      console.log(`    engine: ${r.outcome}, ${r.journalEvents} events journaled`);
      return r;
    });
    // The same fleet through the bare adapter: what the engine costs at this size.
    const bare = await best(`sim${SIM_HOSTS} bare adapter`, 1, SIM_HOSTS, () =>
      runRingsideFanout(sim.hosts, env),
    );
    console.log(`  sim${SIM_HOSTS} engine/bare=${ratio(engine, bare)}`);
    return engine;
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const workDir = makeTempDir('ringside-bench-fanout-');
  const key = generateKeyPair(workDir, 'id_ed25519');
  console.log(`starting ${HOSTS} sshd on 127.0.0.100.. (LogLevel INFO)`);
  const fleet = await startSshdFleet(HOSTS, {
    firstOctet: 100,
    authorizedKeys: [key.publicKey],
    logLevel: 'INFO',
  });
  try {
    const knownHostsFile = path.join(workDir, 'known_hosts');
    writeFileSync(knownHostsFile, fleet.map((s) => `${s.knownHostsLine}\n`).join(''));
    const env: FanoutEnv = { knownHostsFile, identityFile: key.privateKeyPath, workDir };
    const hosts = fleet.map((s, i) =>
      hostOf(s, `host-${String(i).padStart(3, '0')}`, key.privateKeyPath),
    );

    const plan = noopPlan(hosts, CONCURRENCY);
    const ringside = await best('ringside', RUNS ?? 3, HOSTS, async () => {
      const r = await runEngineFanout(plan, sshOptions(env));
      console.log(
        `    engine: ${r.outcome}, ${r.journalEvents} events journaled, open+create ${(r.openSeconds * 1000).toFixed(0)} ms`,
      );
      return r;
    });
    const bare = await best('bare adapter', RUNS ?? 3, HOSTS, () => runRingsideFanout(hosts, env));
    let ansible: number | null = null;
    if (which('ansible')) {
      ansible = await best('ansible', RUNS ?? 2, HOSTS, (run) => runAnsible(hosts, env, run));
    } else {
      console.log('  ansible: MISSING (apt-get install -y --no-install-recommends ansible) -> n/a');
    }
    let pssh: number | null = null;
    if (which('parallel-ssh')) {
      pssh = await best('parallel-ssh', RUNS ?? 2, HOSTS, (run) => runPssh(hosts, env, run));
    } else {
      console.log(
        '  parallel-ssh: MISSING (apt-get install -y --no-install-recommends pssh) -> n/a',
      );
    }
    const sim = await simFanout(workDir);
    console.log(
      `  bare_hps=${fmt(bare)} engine/bare=${ratio(ringside, bare)} (what the journal and bookkeeping cost)`,
    );
    console.log(
      `fanout hosts=${HOSTS} ringside_hps=${fmt(ringside)} ansible_hps=${fmt(ansible)} pssh_hps=${fmt(pssh)} vs_ansible=${ratio(ringside, ansible)} vs_pssh=${ratio(ringside, pssh)} sim1000_hps=${fmt(sim)} bare_hps=${fmt(bare)} vs_bare=${ratio(ringside, bare)}`,
    );
  } finally {
    await stopAll(fleet);
    rmSync(workDir, { recursive: true, force: true });
  }
}

// Run only when executed, so the engine's bench (or a comparison script) can import
// runRingsideFanout without starting a second fleet.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
