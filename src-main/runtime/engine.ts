/**
 * The rollout engine: drives the pure core (core/rollout) against real hosts. It reads the
 * state, asks `nextWork` what to do, has `decide` accept each item, journals the events
 * (fsynced) BEFORE the effect they announce, runs the effect through the SSH executor, and
 * feeds the result back as a command. Timers (bake end, gate interval), concurrency and the
 * wake-up plumbing live here; every rule lives in the core. Its parts: engine-steps.ts (host
 * steps), engine-gates.ts (gate rounds), engine-operator.ts (host keys, auto-promotion).
 */
import type { Host } from '../core/model/host';
import type { RolloutPlan } from '../core/model/plan';
import {
  STATE_FORMAT,
  encodeState,
  SYSTEM_ACTOR,
  decideOwned,
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
import { GateScheduler } from './engine-gates';
import { approveHostKey, autoPromote, retryPassphrase, type HostKeyDeps } from './engine-operator';
import { EngineSteps } from './engine-steps';
import type { GateMonitor } from './gate-monitor';
import { mayReturn } from './engine-may-return';
import { settledOutcome } from './outcome';
import { OperatorMethods } from './operator-methods';
import { Waker } from './waker';
import { createCommandGate, type CommandGate } from './command-gate';
import { acceptedCommandIds, type CommandStamp } from '../core/commands';
import { rolloutStatusWord } from '../core/words';

/**
 * Events between checkpoints: opening a journal replays at most this many after its
 * checkpoint (~0.2 s at the replay rate of bench:journal), and a 100,000-host rollout of
 * 1,000,000 events pays about twenty snapshots of its state.
 */
const CHECKPOINT_EVERY = 50_000;

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
  /**
   * Ids of the commands carried out before the journal's loaded records: those its
   * checkpoint lists when the rollout resumed from one, else none.
   */
  readonly carriedBefore: readonly string[];
}

/** The engine behind {@link RolloutEngine}; build it with `openRollout`. */
export class Engine extends OperatorMethods implements RolloutEngine {
  private current: RolloutState;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly waker = new Waker();
  private readonly steps: EngineSteps;
  private readonly gates: GateScheduler;
  private readonly hostKeys: HostKeyDeps;
  private readonly commands: CommandGate;
  private closed = false;
  private fatal: unknown = null;
  private looping = false;
  /** seq of the last checkpoint asked for (see CHECKPOINT_EVERY). */
  private checkpointSeq: number;
  /** Ids of every command carried out in this journal, for the gate and the checkpoints. */
  private readonly carried: Set<string>;

  constructor(private readonly d: EngineDeps) {
    super();
    this.checkpointSeq = d.journal.appendedSeq;
    this.current = d.state;
    const wake = () => this.waker.wake();
    this.steps = new EngineSteps({
      plan: d.plan,
      executor: d.executor,
      state: () => this.current,
      apply: (c) => this.apply(c),
      emit: (e) => this.emit(e),
      closed: () => this.closed,
      wake,
      fail: (e) => {
        this.fatal ??= e;
      },
    });
    this.gates = new GateScheduler({
      monitor: d.monitor,
      intervalMs: d.gateIntervalMs,
      state: () => this.current,
      apply: (c) => this.apply(c),
      warn: (m) => this.warn(m),
      wake,
    });
    this.hostKeys = {
      hosts: new Map<string, Host>(d.plan.hosts.map((h) => [h.name, h])),
      state: () => this.current,
      executor: d.executor,
      decide: (c, commandId) => this.decideOperator(c, commandId),
    };
    this.carried = new Set([...d.carriedBefore, ...acceptedCommandIds(d.journal.loadedEvents())]);
    this.commands = createCommandGate(d.clock, this.carried);
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
  apply(cmd: RolloutCommand, commandId?: string): Promise<Decision> {
    return this.applyNow(cmd, commandId).durable;
  }

  /**
   * {@link apply}, with the decision itself available at once (for batching). `commandId`
   * (an operator command's stamp id) is written on the first event, so the journal knows the
   * command was carried out.
   */
  private applyNow(
    cmd: RolloutCommand,
    commandId?: string,
  ): { decision: Decision; durable: Promise<Decision> } {
    if (this.closed) {
      const decision = { ok: false, reason: 'the rollout engine is closed' } as const;
      return { decision, durable: Promise.resolve(decision) };
    }
    // The engine owns its state: each event is evolved once, as it is decided, and a host
    // event writes its own host only (decideOwned; the pure decide + evolve is the reference).
    const decided = decideOwned(this.current, cmd, this.d.clock());
    if (!decided.ok || decided.events.length === 0) {
      return { decision: decided, durable: Promise.resolve(decided) };
    }
    if (commandId !== undefined) {
      this.carried.add(commandId);
    }
    const d =
      commandId === undefined
        ? decided
        : {
            ...decided,
            events: decided.events.map((e, i) => (i === 0 ? { ...e, commandId } : e)),
          };
    this.current = d.state;
    const state = this.current;
    const durable = this.d.journal.append(d.events).then(() => {
      this.emit({ type: 'journaled', events: d.events, state });
      this.waker.wake();
      return d;
    });
    if (this.d.journal.appendedSeq - this.checkpointSeq >= CHECKPOINT_EVERY) {
      this.checkpoint(state);
    }
    this.serial = durable.catch((e: unknown) => {
      this.fatal ??= e;
      this.waker.wake();
    });
    return { decision: d, durable };
  }

  /**
   * An operator command; an approval records the host key first (see approveHostKey). A
   * stamped command runs at most once (a retry of its id gets the first outcome, also after
   * a restart: the journal carries the id) and never after its deadline.
   */
  command(c: EngineOperatorCommand, stamp?: CommandStamp): Promise<CommandResult> {
    return this.commands.once(stamp, () => {
      if (c.type === 'approveHost') {
        return approveHostKey(this.hostKeys, c.by, c.host, c.fingerprint, stamp?.id);
      }
      if (c.type === 'retryPassphrase') {
        return retryPassphrase(this.hostKeys, c, stamp?.id);
      }
      return this.decideOperator(c, stamp?.id);
    });
  }

  private async decideOperator(
    c: EngineOperatorCommand,
    commandId?: string,
  ): Promise<CommandResult> {
    const d = await this.apply(c, commandId);
    return d.ok ? { ok: true } : { ok: false, reason: d.reason };
  }

  approveHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult> {
    return approveHostKey(this.hostKeys, by, host, fingerprint);
  }

  rejectHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult> {
    return this.decideOperator({ type: 'rejectHost', by, host, fingerprint });
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

  /** One scheduling round per turn: dispatch work, cancel, gates, outcome, then sleep. */
  private async loop(opts: RunOptions): Promise<RunOutcome> {
    if (this.current.status === 'created') {
      const started = await this.apply({ type: 'start', by: this.d.by });
      if (!started.ok) {
        this.warn(`cannot start the rollout: ${started.reason}`);
      }
    }
    const startRing = Math.max(0, this.current.currentRing);
    // Before any work: a host in doubt is not run again until its transport has answered.
    this.steps.recoverInDoubt(this.current);
    for (;;) {
      if (this.fatal !== null) {
        throw this.fatal;
      }
      if (this.closed) {
        return { kind: 'closed' };
      }
      const moved = await this.dispatch(nextWork(this.current, this.d.clock()));
      this.steps.cancelIfHalted(this.current);
      this.gates.evaluateIfDue(this.d.clock());
      if (this.steps.size === 0) {
        const promoted = await autoPromote(
          this.current,
          opts,
          this.d.by,
          (by, o) => this.promote(by, o),
          this.gates,
        );
        if (promoted !== null) {
          return promoted;
        }
        const outcome = settledOutcome(this.current, opts, startRing, this.d.clock());
        if (outcome !== null && mayReturn(outcome, opts, this.current, this.gates)) {
          return outcome;
        }
      }
      if (moved) {
        continue; // accepted work may unlock more (a started domain lists its hosts)
      }
      const sleep = this.sleepMs();
      const idle = !this.waker.pending && sleep === null && this.steps.size === 0;
      if (idle && !this.gates.busy && !opts.watchWhileWaiting) {
        // Nothing runs, no timer, no outcome: waiting would hang forever. A core bug.
        throw new Error(
          `rollout engine stalled: the rollout is ${rolloutStatusWord(this.current.status)} with no work, no timer and no outcome`,
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
      if (item.kind === 'runStep' && this.steps.busy(item.host)) {
        continue; // its doubt is being asked about (recoverInDoubt)
      }
      const { decision, durable } = this.applyNow(workCommand(item));
      moved ||= decision.ok && decision.events.length > 0;
      if (decision.ok && item.kind === 'runStep') {
        launches.push(durable.then(() => this.launchUnlessSpilling(item)));
      } else {
        launches.push(durable.then(() => undefined));
      }
    }
    await Promise.all(launches);
    return moved;
  }

  /**
   * Break-glass: while the journal is durable only in a spill file (its database down), a
   * deploy or verify step journaled as started is never run — the next open finds it in
   * doubt and verifies it, as after a crash. Rollback steps run: stopping is always safe.
   */
  private launchUnlessSpilling(item: Extract<WorkItem, { kind: 'runStep' }>): void {
    if (this.d.journal.spilling && item.phase !== 'rollback') {
      this.warn(
        `${item.step} on ${item.host} not started: the team database is unreachable (break-glass); the next run verifies it`,
      );
      return;
    }
    this.steps.launch(item);
  }

  private sleepMs(): number | null {
    const now = this.d.clock();
    const wakes: number[] = [];
    const bake = nextWakeAt(this.current);
    if (bake !== null) {
      wakes.push(bake - now);
    }
    const gate = this.gates.sleepMs(now);
    if (gate !== null) {
      wakes.push(gate);
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
    this.steps.abortAll();
    this.waker.wake();
    await this.serial;
    await this.d.monitor.close().catch(() => undefined);
    if (this.fatal === null && this.d.journal.appendedSeq > this.checkpointSeq) {
      this.checkpoint(this.current);
    }
    await this.d.journal.close();
  }

  /** Asks the journal to snapshot `state`, the state after every event appended so far. */
  private checkpoint(state: RolloutState): void {
    this.checkpointSeq = this.d.journal.appendedSeq;
    this.d.journal.checkpoint(state, STATE_FORMAT, encodeState, [...this.carried]);
  }
}

/** The actor the engine uses when no operator is named. */
export const ENGINE_ACTOR = SYSTEM_ACTOR;
