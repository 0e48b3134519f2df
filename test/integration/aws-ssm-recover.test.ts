/**
 * What the SSM executor answers about a step in doubt, through the real @aws-sdk/client-ssm
 * against the simulated Run Command: a step whose command ran is found by its Comment and
 * its outcome taken (nothing sent again); one still running is waited for; an attempt never
 * sent is `not-sent`; the SSH executor keeps no record and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSsmExecutor } from '../../src-main/adapters/cloud-aws';
import { stepComment } from '../../src-main/adapters/cloud-aws/ssm-token';
import { createSshExecutor, type StepToken } from '../../src-main/adapters/ssh';
import type { Host } from '../../src-main/core/model/host';
import { simAccountInstances, type SimAws } from '../../src-main/sim/cloud-aws';
import {
  instanceAsHost,
  startSimAwsWithAgent,
  type SimAwsWithAgent,
} from '../helpers/sim-aws-agent';

let sim: SimAwsWithAgent;
let aws: SimAws;
const instances = simAccountInstances({ count: 3, regions: ['eu-west-1'], stoppedPerRegion: 0 });

beforeAll(async () => {
  sim = await startSimAwsWithAgent(instances, 0.1);
  aws = sim.aws;
});
afterAll(async () => {
  await sim?.stop();
});

const host = (i: number): Host => instanceAsHost(instances, i, 'eu-west-1');

const token = (attempt: number, startedAt = Date.now()): StepToken => ({
  rollout: 'plan-hash@1',
  phase: 'deploy',
  step: 'install',
  attempt,
  startedAt,
});

const opts = { timeoutMs: 20_000 };
const alone = { key: 'ring\ndomain', concurrency: 1, maxErrors: 0 };
const executor = (listSettleMs = 0) =>
  createSsmExecutor({
    access: { endpoint: aws.endpoint, credentials: aws.credentials },
    pollMs: { first: 20, max: 200 },
    listSettleMs,
  });

describe('SSM recover after a crash', () => {
  it('finds the command of a step that ran, by its Comment, and takes its outcome without sending again', async () => {
    const ex = executor();
    try {
      const t = token(1);
      const ran = await ex.execStep(host(0), 'appctl install 2.0.0', t, alone, opts);
      expect(ran.result.kind).toBe('ok');
      const sent = aws.ssm.sent();
      const r = await ex.recover(host(0), t, opts);
      expect(r).toMatchObject({ kind: 'ended', ssmCommandId: ran.ssmCommandId });
      expect(r.kind === 'ended' ? r.result.kind : r.kind).toBe('ok');
      expect(aws.ssm.sent()).toBe(sent);
      expect(aws.ssm.record().at(-1)?.comment).toBe(stepComment(t));
      // Another attempt of the same step was never sent.
      const other = await ex.recover(host(0), token(2), opts);
      expect(other.kind).toBe('not-sent');
      // Nor was this attempt on another instance.
      expect((await ex.recover(host(1), t, opts)).kind).toBe('not-sent');
    } finally {
      await ex.close();
    }
  });

  it('waits for a command still in progress, and a failed one settles as failed', async () => {
    const ex = executor();
    try {
      const t = token(1);
      // Asked while SSM still runs the command (1 s at latencyScale 0.1): recover waits.
      const running = ex.execStep(host(2), 'sleep 10; exit 4', t, alone, opts);
      await new Promise((r) => setTimeout(r, 100));
      const r = await ex.recover(host(2), t, opts);
      expect(r.kind === 'ended' ? r.result : r).toMatchObject({ kind: 'failed', exitCode: 4 });
      expect((await running).result.kind).toBe('failed');
    } finally {
      await ex.close();
    }
  });

  it('a step started moments ago is looked for again before it is called never sent', async () => {
    const ex = executor(400);
    try {
      const t0 = Date.now();
      expect((await ex.recover(host(1), token(5, t0), opts)).kind).toBe('not-sent');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    } finally {
      await ex.close();
    }
  });

  it('a Comment stays within SSM’s 100 characters for any step name', () => {
    const long = { ...token(12), step: 'x'.repeat(300) };
    expect(stepComment(long).length).toBeLessThanOrEqual(100);
    expect(stepComment(long)).not.toBe(stepComment({ ...long, step: 'x'.repeat(299) + 'y' }));
  });

  it('the SSH executor keeps no record of commands: recover says unrecorded', async () => {
    const ssh = createSshExecutor({ sshConfig: null, agentSocket: null });
    try {
      expect(await ssh.recover(host(0), token(1), opts)).toEqual({ kind: 'unrecorded' });
    } finally {
      await ssh.close();
    }
  });
});
