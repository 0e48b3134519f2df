/**
 * Waiting for one instance's invocation of an SSM command: GetCommandInvocation polled with
 * exponential backoff until a final status, mapped onto the executor's ExecResult (exit code,
 * output lines through the boundary, timeout, cancel), CancelCommand on abort or overrun.
 */
import type { GetCommandInvocationCommandOutput, SSMClient } from '@aws-sdk/client-ssm';
import { ssmSdk } from './lazy-sdk';
import { escapeControls } from '../../core/boundary-text';
import type { Host } from '../../core/model/host';
import type { Endpoint, ExecOptions, ExecResult, OutputLine } from '../ssh/types';
import type { CommandBoard } from './ssm-board';

/** Statuses after which an invocation changes no more. */
export const FINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Cancelling']);

/** First poll delay and cap of the exponential backoff. */
export interface PollDelays {
  readonly first: number;
  readonly max: number;
}

/** An SDK error's name and message, escaped for people and journals. */
export function errorWords(e: unknown): { name: string; message: string } {
  const o = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  return {
    name: typeof o.name === 'string' ? o.name : 'Error',
    message: escapeControls(typeof o.message === 'string' ? o.message : String(e)),
  };
}

/** Where a failure is about: SSM has no host endpoint of its own, so the host's address. */
export const endpointOf = (host: Host): Endpoint => ({
  address: host.address,
  port: 443,
  role: 'host',
});

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

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Polls `commandId` on `instanceId` until it ends; `started` is when the step began (ms). */
export async function pollInvocation(
  ssm: SSMClient,
  host: Host,
  commandId: string,
  instanceId: string,
  o: ExecOptions,
  at: {
    readonly started: number;
    readonly now: () => number;
    readonly poll: PollDelays;
    /** A batched command's shared status reads (GetCommandInvocation only once it ended). */
    readonly board?: CommandBoard;
  },
): Promise<ExecResult> {
  const { GetCommandInvocationCommand } = await ssmSdk();
  let delay = at.poll.first;
  let cancelled = false;
  const cancel = (): void => {
    if (!cancelled) {
      cancelled = true;
      void ssmSdk()
        .then(({ CancelCommandCommand }) =>
          ssm.send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: [instanceId] })),
        )
        .catch(() => undefined);
    }
  };
  o.signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      await sleep(delay, o.signal);
      delay = Math.min(at.poll.max, delay * 2);
      if (at.board && !o.signal?.aborted && at.now() - at.started <= o.timeoutMs + 30_000) {
        const listed = await at.board.status(instanceId);
        if (listed === undefined || !FINAL.has(listed)) {
          continue;
        }
      }
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
      const durationMs = at.now() - at.started;
      if (o.signal?.aborted && !FINAL.has(status)) {
        cancel();
      }
      if (!FINAL.has(status)) {
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
      endpoint: endpointOf(host),
      attempts: 1,
    };
  } finally {
    o.signal?.removeEventListener('abort', cancel);
  }
}
