/**
 * kill -9 of the real `ringside run` (dist/cli.js) while SSM runs a step, the simulated AWS
 * living on in this test's process; `ringside run` again on the same journal asks SSM what
 * became of each step in doubt (ListCommandInvocations, matched by the Comment the journaled
 * start implies) before anything runs there again. From the simulator's own record: no
 * (instance, command) was sent twice, the rollout completes, and the steps went out batched
 * within the plan's concurrency and failure budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execOnSimHost, startSimFleet, type SimFleet } from '../../src-main/sim';
import { simAccountInstances, startSimAws, type SimAws } from '../../src-main/sim/cloud-aws';
import { buildCli } from '../helpers/built-cli';
import {
  describeRun,
  journalEvents,
  killAllRingside,
  ofType,
  ringside,
  spawnRingside,
  waitFor,
} from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-ssm-crash-'));
const instances = simAccountInstances({ count: 4, regions: ['us-east-1'], stoppedPerRegion: 0 });
let fleet: SimFleet;
let aws: SimAws;
let cli: string;

beforeAll(async () => {
  cli = await buildCli();
  fleet = await startSimFleet({
    hosts: instances.map((i) => ({ name: i.instanceId })),
    latencyScale: 0.2,
    initialVersion: '1.0.0',
  });
  aws = await startSimAws({
    instances,
    ssmAgent: (id, script, signal) => {
      const h = fleet.host(id);
      return h
        ? execOnSimHost(fleet, h, script, { signal })
        : Promise.reject(new Error(`no simulated host for ${id}`));
    },
  });
}, 120_000);
afterAll(async () => {
  killAllRingside();
  await aws?.stop();
  await fleet?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const PLAN = [
  'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
  'fleet:',
  '  inventories:',
  '    - aws: { regions: [us-east-1], filters: { "tag:app": shop }, address: private }',
  'domains: { count: 1 }',
  'rings: [{ name: all, select: { rest: true }, bake: 0s, promotion: auto, budget: { perDomain: 1, ring: 1 } }]',
  'deploy:',
  '  via: ssm',
  '  concurrency: 2',
  '  steps:',
  // Idempotent, so without asking SSM a resumed run would simply send it again.
  "    - { name: install, command: 'sleep 10 && appctl install {{version}}', timeout: 30s, idempotent: true }",
  '    - { name: restart, command: appctl restart, timeout: 20s, idempotent: true }',
].join('\n');

describe('kill -9 during an SSM step, then run again', () => {
  it('asks SSM instead of sending again: no (instance, command) twice, and the rollout completes', async () => {
    const plan = join(tmp, 'plan.yaml');
    writeFileSync(plan, PLAN + '\n');
    const journal = join(tmp, 'journal');
    const env = {
      ...aws.env('us-east-1'),
      HOME: join(tmp, 'home'),
      AWS_CONFIG_FILE: join(tmp, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'),
    };
    const args = ['run', plan, '--journal', journal, '--auto-promote', '--until', 'end'];
    const first = spawnRingside(args, { env, bin: cli });
    let ended = false;
    void first.done.then(() => (ended = true));
    // Killed while SSM runs the first installs (each sleeps 2 s at latencyScale 0.2).
    await waitFor(
      () => aws.ssm.record().length >= 2,
      'the first SendCommands',
      60_000,
      () => ended,
    );
    const killed = await first.kill9();
    expect(killed.signal, describeRun(killed)).toBe('SIGKILL');
    const before = await journalEvents(journal);
    expect(ofType(before, 'HostStepSucceeded')).toEqual([]);

    const second = await ringside(args, { env, bin: cli });
    expect(second.code, describeRun(second)).toBe(0);

    const sent = aws.ssm.record().map((r) => `${r.instanceId} ${r.script}`);
    const twice = sent.filter((k, i) => sent.indexOf(k) !== i);
    expect(twice).toEqual([]);
    expect(sent).toHaveLength(instances.length * 2);
    for (const i of instances) {
      expect(fleet.state(i.instanceId)?.version).toBe('2.0.0');
    }
    // Batched within the plan's limits: two hosts per SendCommand at most (concurrency 2),
    // SSM's MaxConcurrency no wider, MaxErrors the one failure the budget allows.
    const commands = aws.ssm.commands();
    expect(commands.some((c) => c.instanceIds.length === 2)).toBe(true);
    for (const c of commands) {
      expect(c.instanceIds.length).toBeLessThanOrEqual(2);
      expect(c.maxConcurrency).toBe(c.instanceIds.length);
      expect(c.maxErrors).toBe(1);
    }
    const events = await journalEvents(journal);
    const settled = ofType(events, 'InDoubtResolved');
    expect(settled.map((e) => [e.step, e.resolution])).toEqual([
      ['install', 'completed'],
      ['install', 'completed'],
    ]);
    const ids = new Set(aws.ssm.record().map((r) => r.commandId));
    for (const e of settled) {
      expect(ids.has(e.ssmCommandId ?? '')).toBe(true);
    }
    for (const e of ofType(events, 'HostStepSucceeded')) {
      expect(ids.has(e.ssmCommandId ?? '')).toBe(true);
    }
  }, 180_000);
});
