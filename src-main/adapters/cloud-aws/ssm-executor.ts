/**
 * An executor that runs the rollout's step commands through Systems Manager Run Command
 * instead of SSH: SendCommand with AWS-RunShellScript to the host's instance
 * (`aws.instanceId`, in `aws.region`), GetCommandInvocation polled with backoff, the
 * instance's exit code and output, CancelCommand when the step is aborted. It fulfils the
 * engine's {@link SshExecutor} contract; host keys and passphrases do not exist on this path.
 *
 * Not yet here (see the issue): batching several instances into one SendCommand, and the
 * crash-resume that journals a command token before sending and asks SSM on resume. Until
 * then a step interrupted by a crash is in doubt exactly as over SSH: re-verified, re-run
 * only when idempotent.
 */
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMClient,
  type GetCommandInvocationCommandOutput,
} from '@aws-sdk/client-ssm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Host } from '../../core/model/host';
import { escapeControls } from '../../core/boundary-text';
import type {
  ConnectionState,
  ExecOptions,
  ExecResult,
  OutputLine,
  SshExecutor,
} from '../ssh/types';
import type { AwsAccess } from './ec2-inventory';

export interface SsmExecutorOptions {
  /** The simulated account's endpoint and keys; real accounts use the SDK's chain. */
  readonly access?: AwsAccess;
  readonly profile?: string;
  /** First poll delay and cap of the exponential backoff (default 100 ms, 2 s). */
  readonly pollMs?: { readonly first: number; readonly max: number };
  readonly now?: () => number;
}

const DONE = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Cancelling']);

function lines(out: GetCommandInvocationCommandOutput): OutputLine[] {
  const split = (text: string | undefined, stream: 'stdout' | 'stderr'): OutputLine[] =>
    (text ?? '')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => ({ stream, line: escapeControls(l) }));
  return [
    ...split(out.StandardOutputContent, 'stdout'),
    ...split(out.StandardErrorContent, 'stderr'),
  ];
}

function errorWords(e: unknown): { name: string; message: string } {
  const o = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  return {
    name: typeof o.name === 'string' ? o.name : 'Error',
    message: escapeControls(typeof o.message === 'string' ? o.message : String(e)),
  };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

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
  const endpoint = (host: Host) => ({ address: host.address, port: 443, role: 'host' as const });

  const exec = async (host: Host, command: string, o: ExecOptions): Promise<ExecResult> => {
    const instanceId = host.labels['aws.instanceId'];
    const region = host.labels['aws.region'];
    if (instanceId === undefined || region === undefined) {
      return {
        kind: 'bad-input',
        reason: `host ${host.name} has no aws.instanceId/aws.region labels (deploy via ssm needs an aws inventory)`,
      };
    }
    const started = now();
    const timeoutS = Math.max(1, Math.ceil(o.timeoutMs / 1000));
    const ssm = client(region);
    let commandId: string;
    try {
      const sent = await ssm.send(
        new SendCommandCommand({
          InstanceIds: [instanceId],
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: [command], executionTimeout: [String(timeoutS)] },
          TimeoutSeconds: Math.max(30, timeoutS),
          Comment: `ringside ${host.name}`.slice(0, 100),
          // One instance per command: SSM's own concurrency and error budget never wider than Ringside's.
          MaxConcurrency: '1',
          MaxErrors: '0',
        }),
      );
      commandId = sent.Command?.CommandId ?? '';
    } catch (e) {
      const w = errorWords(e);
      if (w.name === 'InvalidInstanceId') {
        return {
          kind: 'unreachable',
          reason: `instance ${instanceId} has no registered SSM agent (InvalidInstanceId: ${w.message})`,
          endpoint: endpoint(host),
          attempts: 1,
        };
      }
      const auth = /AccessDenied|ExpiredToken|UnrecognizedClient|InvalidSignature/.test(w.name);
      return auth
        ? {
            kind: 'auth-failed',
            reason: `SSM refused SendCommand (${w.name}: ${w.message})`,
            endpoint: endpoint(host),
          }
        : {
            kind: 'unreachable',
            reason: `SSM SendCommand failed (${w.name}: ${w.message})`,
            endpoint: endpoint(host),
            attempts: 1,
          };
    }
    let delay = poll.first;
    let cancelled = false;
    const cancel = (): void => {
      if (!cancelled) {
        cancelled = true;
        void ssm
          .send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: [instanceId] }))
          .catch(() => undefined);
      }
    };
    o.signal?.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        await sleep(delay, o.signal);
        delay = Math.min(poll.max, delay * 2);
        let inv: GetCommandInvocationCommandOutput;
        try {
          inv = await ssm.send(
            new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
          );
        } catch (e) {
          if (errorWords(e).name === 'InvocationDoesNotExist') {
            continue; // SSM lists an invocation a moment after SendCommand returns
          }
          throw e;
        }
        const status = inv.Status ?? 'Pending';
        const durationMs = now() - started;
        if (o.signal?.aborted && !DONE.has(status)) {
          cancel();
        }
        if (!DONE.has(status)) {
          if (durationMs > o.timeoutMs + 30_000) {
            cancel();
            return { kind: 'timeout', timeoutMs: o.timeoutMs, durationMs, tail: lines(inv) };
          }
          continue;
        }
        const tail = lines(inv);
        for (const l of tail) {
          o.onLine?.(l.stream, l.line);
        }
        switch (status) {
          case 'Success':
            return { kind: 'ok', exitCode: 0, durationMs, tail };
          case 'TimedOut':
            return { kind: 'timeout', timeoutMs: o.timeoutMs, durationMs, tail };
          case 'Cancelled':
          case 'Cancelling':
            return { kind: 'cancelled', durationMs, tail };
          default:
            return {
              kind: 'failed',
              exitCode:
                inv.ResponseCode !== undefined && inv.ResponseCode >= 0 ? inv.ResponseCode : null,
              signal: null,
              durationMs,
              tail,
            };
        }
      }
    } catch (e) {
      const w = errorWords(e);
      return {
        kind: 'unreachable',
        reason: `SSM GetCommandInvocation failed for command ${commandId} (${w.name}: ${w.message})`,
        endpoint: endpoint(host),
        attempts: 1,
      };
    } finally {
      o.signal?.removeEventListener('abort', cancel);
    }
  };

  return {
    exec,
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
}
