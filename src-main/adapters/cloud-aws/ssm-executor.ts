/**
 * An executor that runs the rollout's step commands through Systems Manager Run Command
 * instead of SSH: SendCommand with AWS-RunShellScript to the host's instance
 * (`aws.instanceId`, in `aws.region`), GetCommandInvocation polled with backoff
 * (ssm-poll.ts), the instance's exit code and output, CancelCommand when the step is
 * aborted. It fulfils the engine's {@link SshExecutor} contract; host keys and passphrases do
 * not exist on this path.
 *
 * Batching: steps of one update domain that render to the same command leave as one
 * SendCommand with up to 50 InstanceIds (SSM's limit), MaxConcurrency the number the engine
 * let run at once and MaxErrors the failure budget left; each instance is polled on its own,
 * so results still come back per host.
 *
 * Crash-resume: a step's command carries a Comment derived from its journaled start
 * (ssm-token.ts), and `recover` finds that command again (ssm-recover.ts) and waits for its
 * end, so a resumed rollout asks SSM before anything runs again.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { defaultChain, ssmSdk, type DefaultChain } from './lazy-sdk';
import type { Host } from '../../core/model/host';
import type {
  ConnectionState,
  ExecOptions,
  ExecResult,
  SshExecutor,
  StepBatching,
  StepExecResult,
  StepRecovery,
} from '../ssh/types';
import type { AwsAccess } from './ec2-inventory';
import { endpointOf, errorWords, pollInvocation, type PollDelays } from './ssm-poll';
import { CommandBoard } from './ssm-board';
import { findStepCommand } from './ssm-recover';
import { stepComment } from './ssm-token';

export interface SsmExecutorOptions {
  /** The simulated account's endpoint and keys; real accounts use the SDK's chain. */
  readonly access?: AwsAccess;
  readonly profile?: string;
  /** First poll delay and cap of the exponential backoff (default 100 ms, 2 s). */
  readonly pollMs?: PollDelays;
  /**
   * How long a step waits for others of its domain with the same command to share its
   * SendCommand (default 20 ms); a batch that reaches the plan's concurrency leaves at once.
   */
  readonly batchWindowMs?: number;
  /**
   * How long after a step's start SSM may still be listing its command (default 10 s): a
   * recovery that finds none sooner asks again then, before answering `not-sent`.
   */
  readonly listSettleMs?: number;
  readonly now?: () => number;
}

/** SendCommand's limit on InstanceIds. */
export const MAX_INSTANCES = 50;

/** One instance, one at a time, no failure tolerated: a command outside any rollout batch. */
const ALONE = { concurrency: 1, maxErrors: 0 } as const;

/** A host waiting for its batch's SendCommand. */
interface Member {
  readonly host: Host;
  readonly instanceId: string;
  readonly opts: ExecOptions;
  readonly resolve: (r: StepExecResult) => void;
}

/** Steps gathered for one SendCommand (same region, domain, command, comment, timeout). */
interface Batch {
  readonly region: string;
  /** The inventory entry's profile (the hosts' aws.profile label), null for the default chain. */
  readonly profile: string | null;
  readonly command: string;
  readonly comment: string;
  readonly timeoutMs: number;
  readonly limits: { readonly concurrency: number; readonly maxErrors: number };
  readonly members: Member[];
  readonly timer: ReturnType<typeof setTimeout>;
}

type Target = { instanceId: string; region: string; profile: string | null } | { bad: ExecResult };

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
    : { instanceId, region, profile: host.labels['aws.profile'] ?? null };
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
  const batchWindowMs = opts.batchWindowMs ?? 20;
  const listSettleMs = opts.listSettleMs ?? 10_000;
  // Each host's commands go with the credentials its inventory entry read it with: the
  // entry's profile (the aws.profile label), else the SDK's default chain.
  const chains = new Map<string, DefaultChain>();
  const credentialsFor = (profile: string | null) => {
    if (opts.access) {
      return opts.access.credentials;
    }
    const name = profile ?? opts.profile ?? null;
    const key = name ?? '';
    let chain = chains.get(key);
    if (!chain) {
      chain = defaultChain(name);
      chains.set(key, chain);
    }
    return chain;
  };
  const clients = new Map<string, SSMClient>();
  const client = async (region: string, profile: string | null): Promise<SSMClient> => {
    const key = `${region}\u0000${profile ?? ''}`;
    let c = clients.get(key);
    if (!c) {
      const { SSMClient } = await ssmSdk();
      c =
        clients.get(key) ??
        new SSMClient({
          region,
          credentials: credentialsFor(profile),
          maxAttempts: 6,
          ...(opts.access ? { endpoint: opts.access.endpoint } : {}),
        });
      clients.set(key, c);
    }
    return c;
  };
  const idle: ConnectionState = { kind: 'idle' };

  /**
   * Sends `command` to every member's instance as one SendCommand (SSM's MaxConcurrency and
   * MaxErrors never wider than `limits`), then waits for each instance's end on its own.
   */
  const send = async (
    region: string,
    profile: string | null,
    members: readonly Member[],
    command: string,
    comment: string,
    timeoutMs: number,
    limits: { readonly concurrency: number; readonly maxErrors: number },
  ): Promise<void> => {
    const started = now();
    const timeoutS = Math.max(1, Math.ceil(timeoutMs / 1000));
    const ssm = await client(region, profile);
    const { SendCommandCommand } = await ssmSdk();
    let commandId: string;
    try {
      const sent = await ssm.send(
        new SendCommandCommand({
          InstanceIds: members.map((m) => m.instanceId),
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: [command], executionTimeout: [String(timeoutS)] },
          TimeoutSeconds: Math.max(30, timeoutS),
          Comment: comment,
          MaxConcurrency: String(Math.max(1, Math.min(members.length, limits.concurrency))),
          MaxErrors: String(Math.max(0, limits.maxErrors)),
        }),
      );
      commandId = sent.Command?.CommandId ?? '';
    } catch (e) {
      if (members.length > 1 && errorWords(e).name === 'InvalidInstanceId') {
        // SSM refuses the whole command for one unmanaged instance: each goes on its own,
        // so only that one is unreachable.
        await Promise.all(
          members.map((m) => send(region, profile, [m], command, comment, timeoutMs, limits)),
        );
        return;
      }
      for (const m of members) {
        m.resolve({ result: refused(m.host, m.instanceId, e), ssmCommandId: null });
      }
      return;
    }
    // Several instances: their statuses are read together (one list per poll, not one each).
    const board =
      members.length > 1 ? new CommandBoard(ssm, commandId, now, poll.first / 2) : undefined;
    await Promise.all(
      members.map(async (m) => {
        const result = await pollInvocation(ssm, m.host, commandId, m.instanceId, m.opts, {
          started,
          now,
          poll,
          ...(board ? { board } : {}),
        });
        m.resolve({ result, ssmCommandId: commandId });
      }),
    );
  };

  const batches = new Map<string, Batch>();
  const flush = (key: string): void => {
    const b = batches.get(key);
    if (!b) {
      return;
    }
    batches.delete(key);
    clearTimeout(b.timer);
    void send(b.region, b.profile, b.members, b.command, b.comment, b.timeoutMs, b.limits);
  };

  /** Queues one host's step; steps of the same domain and command leave as one SendCommand. */
  const enqueue = (
    host: Host,
    command: string,
    comment: string,
    batch: StepBatching | null,
    o: ExecOptions,
  ): Promise<StepExecResult> => {
    const t = targetOf(host);
    if ('bad' in t) {
      return Promise.resolve({ result: t.bad, ssmCommandId: null });
    }
    return new Promise((resolve) => {
      const member: Member = { host, instanceId: t.instanceId, opts: o, resolve };
      if (batch === null) {
        void send(t.region, t.profile, [member], command, comment, o.timeoutMs, ALONE);
        return;
      }
      const key = [t.region, t.profile ?? '', batch.key, comment, o.timeoutMs, command].join(
        '\u0000',
      );
      let b = batches.get(key);
      if (!b) {
        b = {
          region: t.region,
          profile: t.profile,
          command,
          comment,
          timeoutMs: o.timeoutMs,
          // Failures outside any budget (rollback, verify) never stop SSM early.
          limits: {
            concurrency: batch.concurrency,
            maxErrors: batch.maxErrors ?? MAX_INSTANCES,
          },
          members: [],
          timer: setTimeout(() => flush(key), batchWindowMs),
        };
        batches.set(key, b);
      }
      b.members.push(member);
      if (b.members.length >= Math.min(MAX_INSTANCES, batch.concurrency)) {
        flush(key);
      }
    });
  };

  const executor: SshExecutor = {
    exec: async (host, command, o) =>
      (await enqueue(host, command, `ringside ${host.name}`.slice(0, 100), null, o)).result,
    execStep: (host, command, step, batch, o) =>
      enqueue(host, command, stepComment(step), batch, o),
    async recover(host, step, o): Promise<StepRecovery> {
      const t = targetOf(host);
      if ('bad' in t) {
        return { kind: 'unknown', reason: t.bad.kind === 'bad-input' ? t.bad.reason : t.bad.kind };
      }
      const ssm = await client(t.region, t.profile);
      const comment = stepComment(step);
      let found;
      try {
        found = await findStepCommand(ssm, t.instanceId, comment, step.startedAt);
        // SSM lists a command a moment after accepting it: a step started just before the
        // crash is looked for again once that moment has surely passed, before "never sent".
        const wait = step.startedAt + listSettleMs - now();
        if (found === null && wait > 0) {
          await new Promise((r) => setTimeout(r, wait));
          found = await findStepCommand(ssm, t.instanceId, comment, step.startedAt);
        }
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
      for (const b of batches.values()) {
        clearTimeout(b.timer);
        for (const m of b.members) {
          m.resolve({ result: { kind: 'cancelled', durationMs: 0, tail: [] }, ssmCommandId: null });
        }
      }
      batches.clear();
      for (const c of clients.values()) {
        c.destroy();
      }
      clients.clear();
    },
  };
  return executor;
}
