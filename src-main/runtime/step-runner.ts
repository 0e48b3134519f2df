import type { Host } from '../core/model/host';
import type { RolloutPlan, StepPlan } from '../core/model/plan';
import type { EngineCommand, StepPhase } from '../core/rollout';
import { renderCommand } from '../core/template';
import { failureBudgetLeft, type RolloutState } from '../core/rollout';
import {
  describeExecResult,
  type ExecResult,
  type SshExecutor,
  type StepBatching,
  type StepRecovery,
  type StepToken,
} from '../adapters/ssh';

/** One host step to run: what nextWork named, resolved against the plan. */
export interface StepJob {
  readonly ring: string;
  readonly domain: string;
  readonly host: Host;
  readonly step: StepPlan;
  readonly phase: StepPhase;
}

/** How a step ended, as the engine feeds it back into decide. */
export interface StepEnd {
  /**
   * recordStepResult, or hostNeedsApproval / hostNeedsPassphrase when a person is needed
   * first (an unknown host key, a locked key): no result, nothing ran.
   */
  readonly command: EngineCommand;
  readonly ok: boolean;
  readonly detail: string;
}

/** Lines of output the journal keeps per step (the SSH adapter keeps up to 50). */
const TAIL_LINES = 20;

/** The plan's step named `name` in `phase`, or undefined. */
export function findStep(plan: RolloutPlan, phase: StepPhase, name: string): StepPlan | undefined {
  switch (phase) {
    case 'deploy':
      return plan.deploy.steps.find((s) => s.name === name);
    case 'rollback':
      return plan.deploy.rollback.find((s) => s.name === name);
    case 'verify':
      return plan.deploy.verify?.name === name ? plan.deploy.verify : undefined;
    default: {
      const never: never = phase;
      return never;
    }
  }
}

/** Renders a step's command for a host (every substituted value shell-quoted). */
export function renderStep(
  plan: RolloutPlan,
  job: Omit<StepJob, 'phase'>,
): { ok: true; command: string } | { ok: false; message: string } {
  const r = renderCommand(job.step.command, {
    version: plan.release.version,
    previous: plan.release.previous,
    ...(plan.release.digest !== undefined ? { digest: plan.release.digest } : {}),
    host: { name: job.host.name, address: job.host.address, labels: job.host.labels },
    ring: job.ring,
    domain: job.domain,
  });
  return r.ok
    ? { ok: true, command: r.command }
    : { ok: false, message: `step ${job.step.name} on ${job.host.name}: ${r.message}` };
}

/**
 * The token of the step `host` runs (or ran, when in doubt) in `s`: only what HostStepStarted
 * journaled, so a resumed process computes the same one. Null when the state has no such step.
 */
export function stepToken(s: RolloutState, host: string): StepToken | null {
  const h = s.hosts[host];
  const at = h?.running ?? h?.inDoubt ?? null;
  if (!h || !at || at.startedAt === null || s.planHash === null) {
    return null;
  }
  return {
    rollout: `${s.planHash}@${s.createdAt ?? 0}`,
    phase: at.phase,
    step: at.step,
    attempt: at.attempt,
    startedAt: at.startedAt,
  };
}

/**
 * What lets the transport send `job`'s step to several hosts of its update domain as one
 * command: the plan's concurrency and, for a deploy step, the failure budget left.
 */
export function stepBatching(s: RolloutState, plan: RolloutPlan, job: StepJob): StepBatching {
  return {
    key: `${job.ring}\n${job.domain}`,
    concurrency: plan.deploy.concurrency,
    maxErrors: job.phase === 'deploy' ? failureBudgetLeft(s, job.host.name) : null,
  };
}

/**
 * How a step in doubt is settled by what the transport recorded, or null when it cannot say
 * (the plan's verify step or an idempotent re-run decide, as after any crash).
 */
export function recoveredEnd(
  item: { readonly host: string; readonly step: string; readonly phase: StepToken['phase'] },
  r: StepRecovery,
): EngineCommand | null {
  const base = {
    type: 'settleInDoubt',
    host: item.host,
    step: item.step,
    phase: item.phase,
  } as const;
  switch (r.kind) {
    case 'unrecorded':
    case 'unknown':
      return null;
    case 'not-sent':
      return { ...base, resolution: 'retry', reason: `never sent: ${r.reason}` };
    case 'ended': {
      const id = { ssmCommandId: r.ssmCommandId };
      const detail = describeExecResult(r.result);
      switch (r.result.kind) {
        case 'ok':
          return { ...base, ...id, resolution: 'completed', reason: `the command ran: ${detail}` };
        case 'failed':
        case 'timeout':
          return { ...base, ...id, resolution: 'failed', reason: `the command ran: ${detail}` };
        default:
          return null; // cancelled, or SSM could not be read: nothing certain
      }
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** Maps an exec result onto the command that records it (see SshExecutor's ExecResult). */
export function stepEnd(job: StepJob, r: ExecResult, ssmCommandId: string | null = null): StepEnd {
  const detail = describeExecResult(r);
  const base = { host: job.host.name, step: job.step.name, phase: job.phase } as const;
  const result = (
    exitCode: number | null,
    durationMs: number,
    tail: readonly { line: string }[],
  ): StepEnd => ({
    ok: exitCode === 0,
    detail,
    command: {
      type: 'recordStepResult',
      ...base,
      exitCode,
      durationMs,
      tail: tail.slice(-TAIL_LINES).map((t) => t.line),
      ...(exitCode === 0 ? {} : { reason: detail }),
      ...(ssmCommandId !== null ? { ssmCommandId } : {}),
    },
  });
  switch (r.kind) {
    case 'ok':
      return result(0, r.durationMs, r.tail);
    case 'failed':
      return result(r.exitCode ?? null, r.durationMs, r.tail);
    case 'timeout':
    case 'cancelled':
      return result(null, r.durationMs, r.tail);
    case 'unreachable':
    case 'auth-failed':
    case 'host-key-changed':
    case 'host-key-revoked':
    case 'bad-input':
      // Nothing ran; the host failed (a changed key is refused, never bypassed).
      return result(null, 0, []);
    case 'passphrase-needed':
      // A key stayed locked: the host waits for a person, it is not judged (nothing ran).
      return {
        ok: false,
        detail,
        command: { type: 'hostNeedsPassphrase', host: job.host.name, key: r.keyPath },
      };
    case 'host-key-unknown':
      return {
        ok: false,
        detail,
        command: { type: 'hostNeedsApproval', host: job.host.name, fingerprint: r.fingerprint },
      };
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** The end of a step the plan does not have (a journal from an edited plan): it fails. */
export function missingStepEnd(item: {
  readonly host: string;
  readonly step: string;
  readonly phase: StepPhase;
}): StepEnd {
  const reason = `step ${item.step} (${item.phase}) or host ${item.host} is not in the plan`;
  return {
    ok: false,
    detail: reason,
    command: {
      type: 'recordStepResult',
      host: item.host,
      step: item.step,
      phase: item.phase,
      exitCode: null,
      durationMs: 0,
      tail: [],
      reason,
    },
  };
}

/** Runs one step on its host and says how it ended. Never throws for expected failures. */
export async function runStep(
  executor: SshExecutor,
  plan: RolloutPlan,
  job: StepJob,
  token: StepToken,
  batch: StepBatching,
  signal: AbortSignal,
  onLine: (stream: 'stdout' | 'stderr', line: string) => void,
  onStart: (command: string) => void,
): Promise<StepEnd> {
  const rendered = renderStep(plan, job);
  if (!rendered.ok) {
    return stepEnd(job, { kind: 'bad-input', reason: rendered.message });
  }
  onStart(rendered.command);
  const r = await executor.execStep(job.host, rendered.command, token, batch, {
    timeoutMs: job.step.timeoutMs,
    onLine,
    signal,
  });
  return stepEnd(job, r.result, r.ssmCommandId);
}
