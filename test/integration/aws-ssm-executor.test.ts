/**
 * The SSM executor through the real @aws-sdk/client-ssm against the simulated Run Command
 * (JSON protocol, SigV4 verified): a command really changes the simulated host's version,
 * exit codes and output come back per instance, an abort cancels the command, and an
 * instance without an agent is unreachable with that reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSsmExecutor } from '../../src-main/adapters/cloud-aws';
import type { Host } from '../../src-main/core/model/host';
import type { SimFleet } from '../../src-main/sim';
import { simAccountInstances, type SimAws } from '../../src-main/sim/cloud-aws';
import {
  instanceAsHost,
  startSimAwsWithAgent,
  type SimAwsWithAgent,
} from '../helpers/sim-aws-agent';

let sim: SimAwsWithAgent;
let fleet: SimFleet;
let aws: SimAws;
const instances = simAccountInstances({ count: 4, regions: ['eu-west-1'], stoppedPerRegion: 0 });

beforeAll(async () => {
  sim = await startSimAwsWithAgent(instances, 0);
  fleet = sim.fleet;
  aws = sim.aws;
});
afterAll(async () => {
  await sim?.stop();
});

const host = (i: number): Host => instanceAsHost(instances, i, 'eu-west-1');

describe('SSM executor against the simulated Run Command', () => {
  const executor = () =>
    createSsmExecutor({
      access: { endpoint: aws.endpoint, credentials: aws.credentials },
      pollMs: { first: 20, max: 200 },
    });

  it("runs the step on the instance: the simulated host's version changes; output and exit codes per instance", async () => {
    const ex = executor();
    try {
      const lines: string[] = [];
      const r = await ex.exec(host(0), 'appctl install 2.0.0 && appctl version', {
        timeoutMs: 10_000,
        onLine: (_s, l) => lines.push(l),
      });
      expect(r.kind === 'auth-failed' ? r.reason : r.kind).toBe('ok');
      expect(fleet.state(host(0).name)?.version).toBe('2.0.0');
      expect(fleet.state(host(1).name)?.version).toBe('1.0.0');
      expect(lines.join('\n')).toContain('2.0.0');
      const failed = await ex.exec(host(1), 'echo nope; exit 3', { timeoutMs: 10_000 });
      expect(failed).toMatchObject({ kind: 'failed', exitCode: 3 });
      expect(failed.kind === 'failed' ? failed.tail.map((l) => l.line) : []).toContain('nope');
    } finally {
      await ex.close();
    }
  });

  it('an abort cancels the command (CancelCommand); a stuck agent ends cancelled, not forever', async () => {
    const ex = executor();
    aws.ssm.stuck.add(host(2).name);
    try {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 300);
      const r = await ex.exec(host(2), 'appctl install 3.0.0', {
        timeoutMs: 10_000,
        signal: abort.signal,
      });
      expect(r.kind).toBe('cancelled');
      expect(fleet.state(host(2).name)?.version).toBe('1.0.0');
    } finally {
      aws.ssm.stuck.delete(host(2).name);
      await ex.close();
    }
  });

  it('an instance without a registered agent is unreachable, saying so; nothing ran', async () => {
    const ex = executor();
    aws.ssm.withoutAgent.add(host(3).name);
    try {
      const r = await ex.exec(host(3), 'appctl install 2.0.0', { timeoutMs: 10_000 });
      expect(r.kind).toBe('unreachable');
      expect(r.kind === 'unreachable' ? r.reason : '').toContain(
        `instance ${host(3).name} has no registered SSM agent (InvalidInstanceId`,
      );
      expect(fleet.state(host(3).name)?.version).toBe('1.0.0');
      expect(aws.ssm.sent(host(3).name)).toBe(0);
    } finally {
      aws.ssm.withoutAgent.delete(host(3).name);
      await ex.close();
    }
  });

  it('signing faults reach the executor as auth failures in the JSON protocol words', async () => {
    const ex = createSsmExecutor({
      access: {
        endpoint: aws.endpoint,
        credentials: { ...aws.credentials, secretAccessKey: 'wrong' },
      },
    });
    try {
      const r = await ex.exec(host(0), 'true', { timeoutMs: 5_000 });
      expect(r).toMatchObject({ kind: 'auth-failed' });
      expect(r.kind === 'auth-failed' ? r.reason : '').toContain('InvalidSignatureException');
    } finally {
      await ex.close();
    }
  });
});
