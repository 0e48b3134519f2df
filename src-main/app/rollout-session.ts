/**
 * One rollout as the console shows it: the driver (engine, journal lock, telemetry, the run
 * loop restarted whenever an operator command may unlock work), and what the console keeps
 * on the side — every journaled event (for exports), the live timeline, the last output
 * lines per host, and notifications (core/notify: halts, failed gates, waits for a person, ends).
 */
import type { ConsoleNotification, TimelineEntry } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import type { RolloutEvent, RolloutState } from '../core/rollout';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import type { EngineEvent, RolloutEngine, RunOutcome } from '../runtime';
import type { RolloutDriver } from './rollout-driver';
import type { RolloutTelemetry } from './telemetry-port';
import { createTimelineFeed } from './timeline-feed';
import { createNotableWatch } from '../core/notify/notable';

/** Output lines kept per host for the fleet view's details. */
const OUTPUT_LINES = 6;

/** What the session tells the facade. */
export interface SessionListener {
  /** The state, timeline or output changed: a snapshot is due. */
  readonly changed: () => void;
  readonly output: (host: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly notify: (n: ConsoleNotification) => void;
  readonly warn: (message: string) => void;
}

/** A rollout being driven by the console. */
export interface RolloutSession {
  readonly plan: RolloutPlan;
  readonly engine: RolloutEngine;
  readonly telemetry: RolloutTelemetry;
  state(): RolloutState;
  /** Every journaled event, oldest first. */
  events(): readonly RolloutEvent[];
  timeline(): readonly TimelineEntry[];
  output(): ReadonlyMap<string, readonly string[]>;
  /** Why the run loop last stopped (null while it runs or before it ran). */
  lastOutcome(): RunOutcome | null;
  /**
   * Runs the engine (watchWhileWaiting: gates stay watched while a ring waits for promotion
   * or a person) until a terminal outcome; again after each command.
   */
  kick(): void;
  close(): Promise<void>;
}

/** Wraps an opened driver; reads the events its engine journaled while opening. */
export async function startSession(
  driver: RolloutDriver,
  listener: SessionListener,
): Promise<RolloutSession> {
  const { engine, plan, telemetry } = driver;
  const events: RolloutEvent[] = [];
  const feed = createTimelineFeed();
  const output = new Map<string, readonly string[]>();
  const watch = createNotableWatch(engine.state());
  let closed = false;

  const push = (host: string, line: string) => {
    const old = output.get(host) ?? [];
    output.set(host, [...old.slice(-(OUTPUT_LINES - 1)), line]);
  };
  const onJournaled = (added: readonly RolloutEvent[], state: RolloutState) => {
    events.push(...added);
    feed.add(added);
    for (const n of watch.see(added, state)) {
      listener.notify({ kind: n.kind, text: n.text });
    }
  };

  const stop = engine.subscribe((e: EngineEvent) => {
    switch (e.type) {
      case 'journaled':
        onJournaled(e.events, e.state);
        break;
      case 'step-start':
        push(e.host, `$ ${e.command}`);
        break;
      case 'output':
        push(e.host, e.line);
        listener.output(e.host, e.stream, e.line);
        break;
      case 'step-end':
        push(e.host, `${e.step}: ${e.detail}`);
        break;
      case 'warning':
        listener.warn(e.message);
        break;
      default: {
        const never: never = e;
        return never;
      }
    }
    listener.changed();
  });

  // What openRollout journaled before anyone could subscribe (RolloutCreated, recovery).
  const loaded = await loadRolloutEvents(engine.journalFile);
  if (loaded.ok) {
    const early = loaded.events;
    events.unshift(...early);
    feed.add(early);
  } else {
    listener.warn(`${engine.journalFile}: cannot read back the journal for the timeline`);
  }

  // The console re-renders when the loop stops (waiting, halted, finished).
  const unLoop = driver.onLoopStopped(listener.changed);

  return {
    plan,
    engine,
    telemetry,
    state: () => engine.state(),
    events: () => events,
    timeline: () => feed.entries(),
    output: () => output,
    lastOutcome: () => driver.lastOutcome(),
    kick: () => {
      if (!closed) {
        driver.kick();
      }
    },
    close: async () => {
      if (closed) {
        return;
      }
      closed = true;
      stop();
      unLoop();
      await driver.close();
    },
  };
}
