/**
 * When the engine evaluates gates: one round at a time, every `intervalMs` while the core
 * names gates to watch (deploying, baking, waiting for promotion, paused). Counts the rounds
 * that started after a given moment, so auto-promotion can give the gates a few readings
 * after bake end before it decides.
 */
import {
  gatesToWatch,
  type Decision,
  type RolloutCommand,
  type RolloutState,
} from '../core/rollout';
import type { GateMonitor } from './gate-monitor';
import { gateRound } from './gate-round';

/** What the scheduler needs from the engine. */
export interface GateSchedulerDeps {
  readonly monitor: GateMonitor;
  readonly intervalMs: number;
  readonly state: () => RolloutState;
  readonly apply: (c: RolloutCommand) => Promise<Decision>;
  readonly warn: (message: string) => void;
  /** Called when a round ends (its readings may have unlocked work or an outcome). */
  readonly wake: () => void;
}

export class GateScheduler {
  private dueAt = 0;
  private evaluating = false;
  /** Start times of finished rounds, newest last (only the last few are kept). */
  private readonly finished: number[] = [];

  constructor(private readonly d: GateSchedulerDeps) {}

  /** A round is in flight. */
  get busy(): boolean {
    return this.evaluating;
  }

  /** Starts a round if one is due and none is in flight; never waits for it. */
  evaluateIfDue(now: number): void {
    const watch = gatesToWatch(this.d.state());
    if (this.evaluating || now < this.dueAt || !watch || watch.gates.length === 0) {
      return;
    }
    this.evaluating = true;
    this.dueAt = now + this.d.intervalMs;
    void gateRound(this.d.monitor, watch, now, this.d.state, this.d.apply)
      .catch((e: unknown) => {
        // A monitor rejects only for bugs; the gates stay as they were (never pass).
        this.d.warn(`gate monitor failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.evaluating = false;
        this.finished.push(now);
        if (this.finished.length > 16) {
          this.finished.shift();
        }
        this.d.wake();
      });
  }

  /** Rounds that started at or after `at` and have finished. */
  roundsSince(at: number): number {
    return this.finished.filter((t) => t >= at).length;
  }

  /** ms until the next round is due, or null when no gate is watched (or one is in flight). */
  sleepMs(now: number): number | null {
    const watch = gatesToWatch(this.d.state());
    return watch && watch.gates.length > 0 && !this.evaluating ? this.dueAt - now : null;
  }
}
