/**
 * The rollout engine: drives the pure core (core/rollout) against real hosts. It reads the
 * state, asks `nextWork` what to do, has `decide` accept each item, journals the events
 * (fsynced) BEFORE the effect they announce, runs the effect through the SSH executor, and
 * feeds the result back as a command. Timers (bake end, gate interval), concurrency and the
 * wake-up plumbing live here; every rule lives in the core.
 */
import type { Host } from '../core/model/host';
import type { RolloutPlan } from '../core/model/plan';
import {
  SYSTEM_ACTOR,
  decide,
  evolve,
  gatesToWatch,
  nextWakeAt,
  nextWork,
  workCommand,
  type Decision,
  type RolloutCommand,
  type RolloutEvent,
  type RolloutState,
  type WorkItem,
} from '../core/rollout';
import type { Journal } from '../adapters/journal';
import type { SshExecutor } from '../adapters/ssh';
import type {
  CommandResult,
  EngineEvent,
  EngineOperatorCommand,
  RolloutEngine,
  RunOptions,
  RunOutcome,
} from './engine-types';
import type { GateMonitor } from './gate-monitor';
import { settledOutcome } from './outcome';
import { gateRound } from './gate-round';
import { OperatorMethods } from './operator-methods';
import { findStep, missingStepEnd, runStep } from './step-runner';
import { Waker } from './waker';

interface Running {
  readonly phase: 'deploy' | 'rollback' | 'verify';
  readonly controller: AbortController;
}

/** Dependencies of the engine, already opened (see openRollout). */
export interface EngineDeps {
  readonly plan: RolloutPlan;
  readonly journal: Journal<RolloutEvent>;
  readonly state: RolloutState;
  readonly executor: SshExecutor;
  readonly clock: () => number;
  readonly monitor: GateMonitor;
  readonly gateIntervalMs: number;
  readonly by: string;
  readonly warnings: readonly string[];
}

/** The engine behind {@link RolloutEngine}; build it with `openRollout`. */
export class Engine extends OperatorMethods implements RolloutEngine {
  private current: RolloutState;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly running = new Map<string, Running>();
  private readonly waker = new Waker();
  private readonly hosts: ReadonlyMap<string, Host>;
  private closed = false;
  private fatal: unknown = null;
  private gateDueAt = 0;
  private gateEvaluating = false;
  private lastGateEvalAt = 0;
  private looping = false;

  constructor(private readonly d: EngineDeps) {
    super();
    this.current = d.state;
    this.hosts = new Map(d.plan.hosts.map((h) => [h.name, h]));
  }

  get journalFile(): string {
    return this.d.journal.path;
  }

  get warnings(): readonly string[] {
    return this.d.warnings;
  }

  state(): RolloutState {
    return this.current;
  }

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * decide -> evolve at once (synchronously, so decisions never interleave and each is
   * taken against the state the previous one left), then journal: the promise resolves only
   * when the events are durable (fsync), and callers run an effect only after that. Appends
   * are numbered in call order, so concurrent decisions share one fsync (group commit)
   * instead of queueing one fsync each. If an append fails, every later one fails too and
   * the loop stops: nothing is launched on events that are not on disk.
   */
  apply(cmd: RolloutCommand): Promise<Decision> {
    return this.applyNow(cmd).durable;
  }

  /** {@link apply}, with the decision itself available at once (for batching). */
  private applyNow(cmd: RolloutCommand): { decision: Decision; durable: Promise<Decision> } {
    if (this.closed) {
      const decision = { ok: false, reason: 'the rollout engine is closed' } as const;
      return { decision, durable: Promise.resolve(decision) };
    }
    const d = decide(this.current, cmd, this.d.clock());
    if (!d.ok || d.events.length === 0) {
      return { decision: d, durable: Promise.resolve(d) };
    }
    this.current = d.events.reduce(evolve, this.current);
    const state = this.current;
    const durable = this.d.journal.append(d.events).then(() => {
      this.emit({ type: 'journaled', events: d.events, state });
      this.waker.wake();
      return d;
    });
    this.serial = durable.catch((e: unknown) => {
      this.fatal ??= e;
      this.waker.wake();
    });
    return { decision: d, durable };
  }

  async command(c: EngineOperatorCommand): Promise<CommandResult> {
    const d = await this.apply(c);
    return d.ok ? { ok: true } : { ok: false, reason: d.reason };
  }

  async approveHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult> {
    const h = this.hosts.get(host);
    const s = this.current.hosts[host];
    if (!h || !s) {
      return { ok: false, reason: `host ${host} is not in this rollout` };
    }
    if (s.status !== 'needs-approval' || s.fingerprint !== fingerprint) {
      // Let decide word the refusal; nothing is written to known_hosts for a wrong key.
      return this.command({ type: 'approveHost', by, host, fingerprint });
    }
    const recorded = await this.d.executor.approveHostKey(h, fingerprint);
    if (!recorded.ok) {
      return { ok: false, reason: `cannot record the key of ${host}: ${recorded.reason}` };
    }
    return this.command({ type: 'approveHost', by, host, fingerprint });
  }

  async rejectHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult> {
    const s = this.current.hosts[host];
    if (s?.status !== 'needs-approval') {
      return { ok: false, reason: `host ${host} is not waiting for a host-key approval` };
    }
    return this.note(
      by,
      `rejected host key ${fingerprint} of ${host}: the host stays unapproved (roll back or abort)`,
    );
  }

  async run(opts: RunOptions): Promise<RunOutcome> {
    if (this.looping) {
      throw new Error('RolloutEngine.run: already running (one loop per engine)');
    }
    this.looping = true;
    try {
      return await this.loop(opts);
    } finally {
      this.looping = false;
    }
  }

  private async loop(opts: RunOptions): Promise<RunOutcome> {
    if (this.current.status === 'created') {
      const started = await this.apply({ type: 'start', by: this.d.by });
      if (!started.ok) {
        this.warn(`cannot start the rollout: ${started.reason}`);
      }
    }
    const startRing = Math.max(0, this.current.currentRing);
    for (;;) {
      if (this.fatal !== null) {
        throw this.fatal;
      }
      if (this.closed) {
        return { kind: 'closed' };
      }
      const now = this.d.clock();
      const moved = await this.dispatch(nextWork(this.current, now));
      this.cancelIfHalted();
      this.evaluateGatesIfDue();
      if (this.running.size === 0) {
        const promoted = await this.autoPromote(opts);
        if (promoted !== null) {
          return promoted;
        }
        const outcome = settledOutcome(this.current, opts, startRing, this.d.clock());
        if (outcome !== null) {
          return outcome;
        }
      }
      if (moved) {
        continue; // accepted work may unlock more (a started domain lists its hosts)
      }
      const sleep = this.sleepMs();
      if (
        !this.waker.pending &&
        sleep === null &&
        this.running.size === 0 &&
        !this.gateEvaluating
      ) {
        // Nothing runs, no timer, no outcome: waiting would hang forever. A core bug.
        throw new Error(
          `rollout engine stalled: the rollout is ${this.current.status} with no work, no timer and no outcome`,
        );
      }
      await this.waker.wait(sleep);
    }
  }

  /**
   * Decides every item in order (each against the state the previous one left), lets their
   * events share one fsync, and launches the accepted steps once they are durable.
   * True when any item was accepted.
   */
  private async dispatch(items: readonly WorkItem[]): Promise<boolean> {
    let moved = false;
    const launches: Promise<void>[] = [];
    for (const item of items) {
      const { decision, durable } = this.applyNow(workCommand(item));
      moved ||= decision.ok && decision.events.length > 0;
      if (decision.ok && item.kind === 'runStep') {
        launches.push(durable.then(() => this.launch(item)));
      } else {
        launches.push(durable.then(() => undefined));
      }
    }
    await Promise.all(launches);
    return moved;
  }

  private launch(item: Extract<WorkItem, { kind: 'runStep' }>): void {
    if (this.closed) {
      return; // journaled as started, never run: the next open finds it in doubt
    }
    const host = this.hosts.get(item.host);
    const step = findStep(this.d.plan, item.phase, item.step);
    const controller = new AbortController();
    this.running.set(item.host, { phase: item.phase, controller });
    const job = host && step ? { ...item, host, step } : null;
    void (async () => {
      const end = job
        ? await runStep(
            this.d.executor,
            this.d.plan,
            job,
            controller.signal,
            (stream, line) =>
              this.emit({ type: 'output', host: item.host, step: item.step, stream, line }),
            (command) =>
              this.emit({
                type: 'step-start',
                host: item.host,
                step: item.step,
                phase: item.phase,
                command,
              }),
          )
        : missingStepEnd(item);
      if (this.closed) {
        return; // closed mid-step: the end is unknown to the journal, the next open verifies it
      }
      this.emit({
        type: 'step-end',
        host: item.host,
        step: item.step,
        phase: item.phase,
        ok: end.ok,
        detail: end.detail,
      });
      const d = await this.apply(end.command);
      if (!d.ok && !this.closed) {
        this.warn(`result of ${item.step} on ${item.host} not recorded: ${d.reason}`);
      }
    })()
      .catch((e: unknown) => {
        this.fatal ??= e;
      })
      .finally(() => {
        this.running.delete(item.host);
        this.waker.wake();
      });
  }

  /** onHalt: cancel — a halted or aborted rollout stops its running deploy steps now. */
  private cancelIfHalted(): void {
    const s = this.current;
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

  private evaluateGatesIfDue(): void {
    const now = this.d.clock();
    const watch = gatesToWatch(this.current);
    if (this.gateEvaluating || now < this.gateDueAt || !watch || watch.gates.length === 0) {
      return;
    }
    this.gateEvaluating = true;
    this.gateDueAt = now + this.d.gateIntervalMs;
    void gateRound(
      this.d.monitor,
      watch,
      now,
      () => this.current,
      (c) => this.apply(c),
    )
      .catch((e: unknown) => {
        // A monitor rejects only for bugs; the gates stay as they were (never pass).
        this.warn(`gate monitor failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.gateEvaluating = false;
        this.lastGateEvalAt = now;
        this.waker.wake();
      });
  }

  /** With --auto-promote: promote a waiting ring; returns an outcome when it cannot. */
  private async autoPromote(opts: RunOptions): Promise<RunOutcome | null> {
    const s = this.current;
    const ring = s.rings[s.currentRing];
    if (s.status !== 'waiting-promotion' || !opts.autoPromote || opts.until === 'ring' || !ring) {
      return null;
    }
    const note = 'promoted by run --auto-promote';
    const plain = await this.promote(this.d.by, { note });
    if (plain.ok) {
      return null;
    }
    const gatesSeenSinceBake = ring.bakeEndsAt === null || this.lastGateEvalAt >= ring.bakeEndsAt;
    if (!gatesSeenSinceBake && Object.keys(ring.gates).length > 0) {
      return null; // one more gate reading may turn the gates to pass: wait for it
    }
    if (opts.overrideReason !== undefined) {
      const forced = await this.promote(this.d.by, { note, override: opts.overrideReason });
      if (forced.ok) {
        return null;
      }
      return { kind: 'waiting-promotion', ring: ring.name, why: forced.reason };
    }
    return { kind: 'waiting-promotion', ring: ring.name, why: plain.reason };
  }

  private sleepMs(): number | null {
    const now = this.d.clock();
    const wakes: number[] = [];
    const bake = nextWakeAt(this.current);
    if (bake !== null) {
      wakes.push(bake - now);
    }
    const watch = gatesToWatch(this.current);
    if (watch && watch.gates.length > 0 && !this.gateEvaluating) {
      wakes.push(this.gateDueAt - now);
    }
    return wakes.length === 0 ? null : Math.max(0, Math.min(...wakes));
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not stop the rollout.
      }
    }
  }

  private warn(message: string): void {
    this.emit({ type: 'warning', message });
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const r of this.running.values()) {
      r.controller.abort();
    }
    this.waker.wake();
    await this.serial;
    await this.d.monitor.close().catch(() => undefined);
    await this.d.journal.close();
  }
}

/** The actor the engine uses when no operator is named. */
export const ENGINE_ACTOR = SYSTEM_ACTOR;
