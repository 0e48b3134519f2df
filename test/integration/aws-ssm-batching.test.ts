/**
 * Steps of one update domain that render to the same command leave as ONE SendCommand with
 * several InstanceIds, SSM's MaxConcurrency and MaxErrors set from the engine's limits (never
 * wider), results still per host; and the simulated Run Command applies those rate controls
 * as SSM does. Real @aws-sdk/client-ssm against the simulator (SigV4 verified).
 */
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSsmExecutor } from '../../src-main/adapters/cloud-aws';
import type { StepToken } from '../../src-main/adapters/ssh';
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
const instances = simAccountInstances({ count: 6, regions: ['eu-west-1'], stoppedPerRegion: 0 });

beforeAll(async () => {
  sim = await startSimAwsWithAgent(instances, 0.05);
  fleet = sim.fleet;
  aws = sim.aws;
});
afterAll(async () => {
  await sim?.stop();
});

const host = (i: number): Host => instanceAsHost(instances, i, 'eu-west-1');

const token: StepToken = {
  rollout: 'plan@1',
  phase: 'deploy',
  step: 'install',
  attempt: 1,
  startedAt: Date.now(),
};
const opts = { timeoutMs: 20_000 };

describe('SSM batching within budgets', () => {
  it('hosts of one domain with one command share one SendCommand (MaxConcurrency = hosts, within the 5 allowed; MaxErrors = budget left); another command leaves apart; results per host', async () => {
    const ex = createSsmExecutor({
      access: { endpoint: aws.endpoint, credentials: aws.credentials },
      pollMs: { first: 20, max: 200 },
    });
    try {
      const before = aws.ssm.commands().length;
      const batch = { key: 'web\nzone-a', concurrency: 5, maxErrors: 1 };
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          ex.execStep(host(i), i === 3 ? 'exit 7' : 'appctl install 2.0.0', token, batch, opts),
        ),
      );
      const three = await Promise.all(
        [0, 1, 2].map((i) => ex.execStep(host(i), 'appctl install 2.0.0', token, batch, opts)),
      );
      const sent = aws.ssm.commands().slice(before);
      // Host 3's command differs, so it leaves alone; the other three share one.
      expect(sent.map((c) => [c.instanceIds.length, c.maxConcurrency, c.maxErrors])).toEqual([
        [3, 3, 1],
        [1, 1, 1],
        [3, 3, 1],
      ]);
      expect(results.map((r) => r.result.kind)).toEqual(['ok', 'ok', 'ok', 'failed']);
      expect(results[3]?.result).toMatchObject({ exitCode: 7 });
      expect(new Set(results.slice(0, 3).map((r) => r.ssmCommandId)).size).toBe(1);
      expect(three.every((r) => r.result.kind === 'ok')).toBe(true);
      for (const i of [0, 1, 2]) {
        expect(fleet.state(host(i).name)?.version).toBe('2.0.0');
      }
    } finally {
      await ex.close();
    }
  });

  it('a batch that reaches the plan’s concurrency leaves at once; one never holds more than the concurrency', async () => {
    const ex = createSsmExecutor({
      access: { endpoint: aws.endpoint, credentials: aws.credentials },
      pollMs: { first: 20, max: 200 },
      batchWindowMs: 60_000, // only a full batch could leave in time
    });
    try {
      const before = aws.ssm.commands().length;
      const batch = { key: 'web\nzone-b', concurrency: 2, maxErrors: 0 };
      const r = await Promise.all(
        [0, 1].map((i) => ex.execStep(host(i), 'true', { ...token, attempt: 2 }, batch, opts)),
      );
      expect(r.map((x) => x.result.kind)).toEqual(['ok', 'ok']);
      expect(
        aws.ssm
          .commands()
          .slice(before)
          .map((c) => [c.instanceIds.length, c.maxConcurrency, c.maxErrors]),
      ).toEqual([[2, 2, 0]]);
    } finally {
      await ex.close();
    }
  });

  it('the simulator respects MaxConcurrency and MaxErrors: one at a time, and after the first error no further instance', async () => {
    const ssm = new SSMClient({
      region: 'eu-west-1',
      endpoint: aws.endpoint,
      credentials: aws.credentials,
    });
    try {
      const before = aws.ssm.commands().length;
      const ids = [3, 4, 5].map((i) => host(i).name);
      const sent = await ssm.send(
        new SendCommandCommand({
          InstanceIds: ids,
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: ['exit 1'] },
          MaxConcurrency: '1',
          MaxErrors: '0',
        }),
      );
      expect(sent.Command?.CommandId).toBeTruthy();
      await new Promise((r) => setTimeout(r, 500));
      const [rec] = aws.ssm.commands().slice(before);
      expect(rec).toMatchObject({ maxConcurrency: 1, maxErrors: 0, peakRunning: 1, errors: 1 });
      expect(rec?.notSent).toBe(2);
      const wide = await ssm.send(
        new SendCommandCommand({
          InstanceIds: ids,
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: ['exit 1'] },
          MaxConcurrency: '100%',
          MaxErrors: '5',
        }),
      );
      expect(wide.Command?.CommandId).toBeTruthy();
      await new Promise((r) => setTimeout(r, 500));
      expect(aws.ssm.commands().at(-1)).toMatchObject({ peakRunning: 3, errors: 3, notSent: 0 });
    } finally {
      ssm.destroy();
    }
  });
});
