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
  /** Start of this process's first round: telemetry collected before it is gone. */
  private firstRoundAt: number | null = null;

  constructor(private readonly d: GateSchedulerDeps) {}

  /** A round is in flight. */
  get busy(): boolean {
    return this.evaluating;
  }

  /** Starts a round if one is due and none is in flight; never waits for it. */
  evaluateIfDue(now: number): void {
    const watch = this.watch();
    if (this.evaluating || now < this.dueAt || !watch) {
      return;
    }
    this.evaluating = true;
    this.firstRoundAt ??= now;
    this.dueAt = now + this.d.intervalMs;
    void gateRound(this.d.monitor, watch, now, this.d.state, this.d.apply)
      .then(() => this.journalAnomalies())
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

  /** True when a round would evaluate something now (ring gates or platform gates). */
  get watching(): boolean {
    return this.watch() !== null;
  }

  /**
   * What a round would evaluate now, or null: the active ring's gates, or no ring gate at
   * all when the monitor reads platform gates every call (a ring without gates of its own
   * still runs on the shared infrastructure those gates watch).
   */
  private watch(): { ring: string; gates: string[] } | null {
    const watch = gatesToWatch(this.d.state());
    if (!watch || (watch.gates.length === 0 && this.d.monitor.watchesPlatform !== true)) {
      return null;
    }
    return watch;
  }

  /** Journals the anomalies the monitor found during the round (AnomalyDetected). */
  private async journalAnomalies(): Promise<void> {
    for (const a of this.d.monitor.drainAnomalies?.() ?? []) {
      const d = await this.d.apply({
        type: 'reportAnomaly',
        ring: a.ring,
        metric: a.metric,
        detail: a.detail,
      });
      if (!d.ok) {
        this.d.warn(`anomaly on ${a.metric} of ring ${a.ring} not journaled: ${d.reason}`);
      }
    }
  }

  /**
   * When this process began reading gates (null before its first round). A resumed rollout
   * starts its gates' windows empty here, whatever the journal says about the bake.
   */
  get watchingSince(): number | null {
    return this.firstRoundAt;
  }

  /** Rounds that started at or after `at` and have finished. */
  roundsSince(at: number): number {
    return this.finished.filter((t) => t >= at).length;
  }

  /** ms until the next round is due, or null when no gate is watched (or one is in flight). */
  sleepMs(now: number): number | null {
    return this.watch() && !this.evaluating ? this.dueAt - now : null;
  }
}
