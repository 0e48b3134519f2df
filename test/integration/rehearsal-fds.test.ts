/**
 * `ringside run PLAN --sim` holds a bounded number of sockets at any fleet size. Reported: a
 * 5,000-host rehearsal (4 rings, 0 s bakes, concurrency 100) ended "halted" on EMFILE and
 * "Connection lost before handshake": the simulated fleet had a listener per host for SSH and
 * another for metrics, and the rehearsal's executor raised its connection cap to the fleet's
 * size, so every host stayed connected (two sockets each in one process). Here the CLI runs
 * in a child process and its open file descriptors are sampled from /proc while it works.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';
import { describeRun, journalLineCount, spawnRingside } from '../helpers/ringside-cli';
import { procStats } from '../helpers/proc-stats';
import { makeTempDir } from '../helpers/sshd';

const HOSTS = 700;
/** The SSH executor's default cap on open connections (adapters/ssh/ssh-executor.ts). */
const CONNECTION_CAP = 256;
/** Node's own descriptors, the journal, stdio, the event loop's pipes, a scrape or two. */
const SLACK = 150;

const root = makeTempDir('ringside-rehearsal-fds-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writePlan(): string {
  const regions = ['eu', 'us', 'ap'];
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({
    name: `web-${String(i).padStart(4, '0')}`,
    address: `10.${Math.floor(i / 250)}.${i % 250}.1`,
    labels: { region: regions[i % 3] ?? 'eu', zone: `${regions[i % 3] ?? 'eu'}-${i % 9}` },
  }));
  const file = path.join(root, 'plan.yaml');
  writeFileSync(
    file,
    YAML.stringify({
      release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
      fleet: { hosts },
      domains: { byLabel: 'zone' },
      rings: [
        { name: 'canary', select: { count: 9 }, spreadBy: 'region', bake: '0s' },
        { name: 'early', select: { percent: 10 }, bake: '0s' },
        { name: 'broad', select: { percent: 40 }, bake: '0s' },
        { name: 'global', select: { rest: true }, bake: '0s' },
      ].map((r) => ({ ...r, promotion: 'manual', budget: { perDomain: '5%', ring: '2%' } })),
      deploy: {
        steps: [
          { name: 'install', command: 'appctl install {{version}}', timeout: '20s' },
          { name: 'status', command: 'appctl status', timeout: '10s', idempotent: true },
        ],
        rollback: [{ name: 'reinstall', command: 'appctl install {{previous}}', timeout: '20s' }],
        concurrency: 100,
        parallelDomains: 1,
      },
    }),
  );
  return file;
}

describe('ringside run --sim at scale', () => {
  it('rehearses to the end within one SSH listener per host, one metrics listener and the connection cap', async () => {
    const plan = writePlan();
    const run = spawnRingside([
      'run',
      plan,
      '--sim',
      '--auto-promote',
      '--until',
      'end',
      '--journal',
      path.join(root, 'journal'),
    ]);
    let maxFds = 0;
    const pid = run.child.pid ?? 0;
    const sampler = setInterval(() => {
      maxFds = Math.max(maxFds, procStats(pid)?.fds ?? 0);
    }, 50);
    const r = await run.done;
    clearInterval(sampler);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('finished: every ring deployed and accepted');
    // Every host's SSH listener, one metrics listener, both ends of each capped connection.
    const bound = HOSTS + 1 + 2 * CONNECTION_CAP + SLACK;
    expect(maxFds, `peak open descriptors ${maxFds}, bound ${bound}`).toBeLessThanOrEqual(bound);
    // The engine left a checkpoint of its final state, and a full replay agrees with it.
    const journal = path.join(root, 'journal');
    const v = await runCliCaptured(['verify', journal]);
    expect(v.code, v.err.join('\n')).toBe(0);
    const seq = journalLineCount(path.join(journal, 'journal.jsonl'));
    expect(v.out).toContain(`checkpoint at seq ${seq} matches the replayed state`);
  }, 240_000);
});
