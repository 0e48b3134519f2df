/**
 * An executor that runs the rollout's step commands through Systems Manager Run Command
 * instead of SSH: SendCommand with AWS-RunShellScript to the host's instance
 * (`aws.instanceId`, in `aws.region`), GetCommandInvocation polled with backoff
 * (ssm-poll.ts), the instance's exit code and output, CancelCommand when the step is
 * aborted. It fulfils the engine's {@link SshExecutor} contract; host keys and passphrases do
 * not exist on this path.
 *
 * Crash-resume: a step's command carries a Comment derived from its journaled start
 * (ssm-token.ts), and `recover` finds that command again (ssm-recover.ts) and waits for its
 * end, so a resumed rollout asks SSM before anything runs again.
 */
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Host } from '../../core/model/host';
import type {
  ConnectionState,
  ExecOptions,
  ExecResult,
  SshExecutor,
  StepRecovery,
} from '../ssh/types';
import type { AwsAccess } from './ec2-inventory';
import { endpointOf, errorWords, pollInvocation, type PollDelays } from './ssm-poll';
import { findStepCommand } from './ssm-recover';
import { stepComment } from './ssm-token';

export interface SsmExecutorOptions {
  /** The simulated account's endpoint and keys; real accounts use the SDK's chain. */
  readonly access?: AwsAccess;
  readonly profile?: string;
  /** First poll delay and cap of the exponential backoff (default 100 ms, 2 s). */
  readonly pollMs?: PollDelays;
  readonly now?: () => number;
}

type Target = { instanceId: string; region: string } | { bad: ExecResult };

function targetOf(host: Host): Target {
  const instanceId = host.labels['aws.instanceId'];
  const region = host.labels['aws.region'];
  return instanceId === undefined || region === undefined
    ? {
        bad: {
          kind: 'bad-input',
          reason: `host ${host.name} has no aws.instanceId/aws.region labels (deploy via ssm needs an aws inventory)`,
        },
      }
    : { instanceId, region };
}

/** The result of a SendCommand SSM refused, by what it means for the host. */
function refused(host: Host, instanceId: string, e: unknown): ExecResult {
  const w = errorWords(e);
  if (w.name === 'InvalidInstanceId') {
    return {
      kind: 'unreachable',
      reason: `instance ${instanceId} has no registered SSM agent (InvalidInstanceId: ${w.message})`,
      endpoint: endpointOf(host),
      attempts: 1,
    };
  }
  const auth = /AccessDenied|ExpiredToken|UnrecognizedClient|InvalidSignature/.test(w.name);
  return auth
    ? {
        kind: 'auth-failed',
        reason: `SSM refused SendCommand (${w.name}: ${w.message})`,
        endpoint: endpointOf(host),
      }
    : {
        kind: 'unreachable',
        reason: `SSM SendCommand failed (${w.name}: ${w.message})`,
        endpoint: endpointOf(host),
        attempts: 1,
      };
}

/** Creates the SSM executor. */
export function createSsmExecutor(opts: SsmExecutorOptions = {}): SshExecutor {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const now = opts.now ?? Date.now;
  const poll = opts.pollMs ?? { first: 100, max: 2000 };
  const credentials =
    opts.access?.credentials ??
    fromNodeProviderChain(opts.profile !== undefined ? { profile: opts.profile } : {});
  const clients = new Map<string, SSMClient>();
  const client = (region: string): SSMClient => {
    let c = clients.get(region);
    if (!c) {
      c = new SSMClient({
        region,
        credentials,
        maxAttempts: 6,
        ...(opts.access ? { endpoint: opts.access.endpoint } : {}),
      });
      clients.set(region, c);
    }
    return c;
  };
  const idle: ConnectionState = { kind: 'idle' };

  /** Sends `command` to the host's instance with `comment`, then waits for its end. */
  const run = async (
    host: Host,
    command: string,
    comment: string,
    o: ExecOptions,
  ): Promise<{ result: ExecResult; ssmCommandId: string | null }> => {
    const t = targetOf(host);
    if ('bad' in t) {
      return { result: t.bad, ssmCommandId: null };
    }
    const started = now();
    const timeoutS = Math.max(1, Math.ceil(o.timeoutMs / 1000));
    const ssm = client(t.region);
    let commandId: string;
    try {
      const sent = await ssm.send(
        new SendCommandCommand({
          InstanceIds: [t.instanceId],
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: [command], executionTimeout: [String(timeoutS)] },
          TimeoutSeconds: Math.max(30, timeoutS),
          Comment: comment,
          // One instance per command: SSM's own concurrency and error budget never wider than Ringside's.
          MaxConcurrency: '1',
          MaxErrors: '0',
        }),
      );
      commandId = sent.Command?.CommandId ?? '';
    } catch (e) {
      return { result: refused(host, t.instanceId, e), ssmCommandId: null };
    }
    const result = await pollInvocation(ssm, host, commandId, t.instanceId, o, {
      started,
      now,
      poll,
    });
    return { result, ssmCommandId: commandId };
  };

  const executor: SshExecutor = {
    exec: async (host, command, o) =>
      (await run(host, command, `ringside ${host.name}`.slice(0, 100), o)).result,
    execStep: (host, command, step, o) => run(host, command, stepComment(step), o),
    async recover(host, step, o): Promise<StepRecovery> {
      const t = targetOf(host);
      if ('bad' in t) {
        return { kind: 'unknown', reason: t.bad.kind === 'bad-input' ? t.bad.reason : t.bad.kind };
      }
      const ssm = client(t.region);
      let found;
      try {
        found = await findStepCommand(ssm, t.instanceId, stepComment(step), step.startedAt);
      } catch (e) {
        const w = errorWords(e);
        return {
          kind: 'unknown',
          reason: `SSM ListCommandInvocations failed for instance ${t.instanceId} (${w.name}: ${w.message})`,
        };
      }
      if (found === null) {
        return {
          kind: 'not-sent',
          reason: `SSM has no command for this attempt on instance ${t.instanceId}`,
        };
      }
      const result = await pollInvocation(ssm, host, found.commandId, t.instanceId, o, {
        started: step.startedAt,
        now,
        poll,
      });
      return { kind: 'ended', ssmCommandId: found.commandId, result };
    },
    approveHostKey: async () => ({
      ok: false,
      reason: 'SSM Run Command has no host keys to approve',
    }),
    knownOfferedKey: async () => ({ kind: 'none' }),
    askPassphraseAgain: () => undefined,
    onConnectionState: () => () => undefined,
    connectionState: () => idle,
    close: async () => {
      for (const c of clients.values()) {
        c.destroy();
      }
      clients.clear();
    },
  };
  return executor;
}
