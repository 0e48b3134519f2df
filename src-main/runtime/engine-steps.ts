/**
 * The engine's effects: host steps launched after their start is durable, their output and
 * end reported as engine events, and their result fed back through decide. Also cancels
 * running deploy steps when a halted or aborted rollout says so (deploy.onHalt: cancel).
 */
import type { Host } from '../core/model/host';
import type { RolloutPlan } from '../core/model/plan';
import type { Decision, RolloutCommand, RolloutState, WorkItem } from '../core/rollout';
import type { SshExecutor } from '../adapters/ssh';
import type { EngineEvent } from './engine-types';
import {
  findStep,
  missingStepEnd,
  recoveredEnd,
  runStep,
  stepBatching,
  stepToken,
} from './step-runner';

interface Running {
  readonly phase: 'deploy' | 'rollback' | 'verify';
  readonly controller: AbortController;
}

/** What the steps need from the engine. */
export interface EngineStepsDeps {
  readonly plan: RolloutPlan;
  readonly executor: SshExecutor;
  /** The state now (a step's token is what its HostStepStarted journaled). */
  readonly state: () => RolloutState;
  readonly apply: (c: RolloutCommand) => Promise<Decision>;
  readonly emit: (e: EngineEvent) => void;
  readonly closed: () => boolean;
  /** A step ended (or the launcher failed): the loop has something to look at. */
  readonly wake: () => void;
  /** A bug in the launcher: the loop rethrows it. */
  readonly fail: (e: unknown) => void;
}

/** Host steps in flight, one per host at most. */
export class EngineSteps {
  private readonly running = new Map<string, Running>();
  private readonly hosts: ReadonlyMap<string, Host>;
  /** Hosts whose doubt the transport was asked about in this process. */
  private readonly asked = new Set<string>();

  constructor(private readonly d: EngineStepsDeps) {
    this.hosts = new Map(d.plan.hosts.map((h) => [h.name, h]));
  }

  /** Steps in flight (recoveries included). */
  get size(): number {
    return this.running.size;
  }

  /** A step or a recovery runs on `host`: no other work may start there. */
  busy(host: string): boolean {
    return this.running.has(host);
  }

  /**
   * Asks the transport, once per host, what became of each step in doubt (SSM finds the
   * command its journaled start implies and waits for its end), and settles the doubt by
   * the answer before anything runs there again. A transport without a record (SSH) leaves
   * the doubt to the plan's verify step or an idempotent re-run.
   */
  recoverInDoubt(s: RolloutState): void {
    for (const h of Object.values(s.hosts)) {
      if (h.status !== 'in-doubt' || !h.inDoubt || h.running || this.asked.has(h.name)) {
        continue;
      }
      this.asked.add(h.name);
      const host = this.hosts.get(h.name);
      const step = findStep(this.d.plan, h.inDoubt.phase, h.inDoubt.step);
      const token = stepToken(s, h.name);
      if (!host || !step || !token) {
        continue;
      }
      const item = { host: h.name, step: step.name, phase: h.inDoubt.phase };
      const controller = new AbortController();
      this.running.set(h.name, { phase: item.phase, controller });
      void (async () => {
        const r = await this.d.executor.recover(host, token, {
          timeoutMs: step.timeoutMs,
          signal: controller.signal,
          onLine: (stream, line) =>
            this.d.emit({ type: 'output', host: item.host, step: item.step, stream, line }),
        });
        if (this.d.closed()) {
          return; // still in doubt: the next open asks again
        }
        if (r.kind === 'unknown') {
          this.d.emit({
            type: 'warning',
            message: `${item.host}: what became of ${item.phase} step ${item.step} is unknown (${r.reason}); it is verified or re-run as the plan allows`,
          });
        }
        const settle = recoveredEnd(item, r);
        const d = settle ? await this.d.apply(settle) : null;
        if (d && !d.ok && !this.d.closed()) {
          this.d.emit({
            type: 'warning',
            message: `recovery of ${item.step} on ${item.host} not recorded: ${d.reason}`,
          });
        }
      })()
        .catch((e: unknown) => this.d.fail(e))
        .finally(() => {
          this.running.delete(item.host);
          this.d.wake();
        });
    }
  }

  /** Runs a step whose start is journaled; its result goes back through `apply`. */
  launch(item: Extract<WorkItem, { kind: 'runStep' }>): void {
    if (this.d.closed()) {
      return; // journaled as started, never run: the next open finds it in doubt
    }
    const host = this.hosts.get(item.host);
    const step = findStep(this.d.plan, item.phase, item.step);
    const controller = new AbortController();
    this.running.set(item.host, { phase: item.phase, controller });
    const job = host && step ? { ...item, host, step } : null;
    const token = stepToken(this.d.state(), item.host);
    const batch = job ? stepBatching(this.d.state(), this.d.plan, job) : null;
    void (async () => {
      const end =
        job && token && batch
          ? await runStep(
              this.d.executor,
              this.d.plan,
              job,
              token,
              batch,
              controller.signal,
              (stream, line) =>
                this.d.emit({ type: 'output', host: item.host, step: item.step, stream, line }),
              (command) =>
                this.d.emit({
                  type: 'step-start',
                  host: item.host,
                  step: item.step,
                  phase: item.phase,
                  command,
                }),
            )
          : missingStepEnd(item);
      if (this.d.closed()) {
        return; // closed mid-step: the end is unknown to the journal, the next open verifies it
      }
      this.d.emit({
        type: 'step-end',
        host: item.host,
        step: item.step,
        phase: item.phase,
        ok: end.ok,
        detail: end.detail,
      });
      const d = await this.d.apply(end.command);
      if (!d.ok && !this.d.closed()) {
        this.d.emit({
          type: 'warning',
          message: `result of ${item.step} on ${item.host} not recorded: ${d.reason}`,
        });
      }
    })()
      .catch((e: unknown) => this.d.fail(e))
      .finally(() => {
        this.running.delete(item.host);
        this.d.wake();
      });
  }

  /** onHalt: cancel — a halted or aborted rollout stops its running deploy steps now. */
  cancelIfHalted(s: RolloutState): void {
    const stopped =
      s.status === 'halted' ||
      s.status === 'aborted' ||
      (s.status === 'rolling-back' && s.rollback?.emergency === true);
    if (!stopped || this.d.plan.deploy.onHalt !== 'cancel') {
      return;
    }
    for (const r of this.running.values()) {
      if (r.phase !== 'rollback') {
        r.controller.abort();
      }
    }
  }

  /** Aborts every running command (on close; their ends are not journaled). */
  abortAll(): void {
    for (const r of this.running.values()) {
      r.controller.abort();
    }
  }
}
