/**
 * One rollout as the console drives it: the engine (journal, lock), its telemetry, the run
 * loop restarted whenever an operator command may unlock work, and what the console keeps
 * on the side — every journaled event (for exports), the live timeline, the last output
 * lines per host, and notifications on halt, gate failure and waiting-for-promotion.
 */
import type { ConsoleNotification, TimelineEntry } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import type { RolloutEvent, RolloutState } from '../core/rollout';
import { loadJournal } from '../adapters/journal';
import { parseRolloutEvent } from '../core/rollout';
import type { EngineEvent, RolloutEngine, RunOutcome } from '../runtime';
import type { RolloutTelemetry } from './telemetry-port';
import { createTimelineFeed } from './timeline-feed';

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

/** Wraps an opened engine; reads the events it journaled while opening. */
export async function startSession(
  plan: RolloutPlan,
  engine: RolloutEngine,
  telemetry: RolloutTelemetry,
  listener: SessionListener,
): Promise<RolloutSession> {
  const events: RolloutEvent[] = [];
  const feed = createTimelineFeed();
  const output = new Map<string, readonly string[]>();
  const failedGates = new Set<string>();
  let closed = false;
  let driving = false;
  let again = false;
  let outcome: RunOutcome | null = null;
  let lastStatus = engine.state().status;

  const push = (host: string, line: string) => {
    const old = output.get(host) ?? [];
    output.set(host, [...old.slice(-(OUTPUT_LINES - 1)), line]);
  };
  const onJournaled = (added: readonly RolloutEvent[], state: RolloutState) => {
    const wasWaiting = events.length > 0 && lastStatus === 'waiting-promotion';
    events.push(...added);
    feed.add(added);
    for (const e of added) {
      if (e.type === 'RingHalted') {
        listener.notify({ kind: 'halt', text: `Ring ${e.ring} halted: ${e.reason}.` });
      } else if (e.type === 'GateEvaluated' && e.outcome === 'fail' && e.ring !== null) {
        const key = `${e.ring}/${e.gate}`;
        if (!failedGates.has(key)) {
          failedGates.add(key);
          listener.notify({
            kind: 'gate-failed',
            text: `Gate ${e.gate} of ring ${e.ring} failed.`,
          });
        }
      }
    }
    if (state.status === 'waiting-promotion' && !wasWaiting) {
      const ring = state.rings[state.currentRing]?.name ?? '?';
      listener.notify({
        kind: 'waiting-promotion',
        text: `Ring ${ring} has baked and waits for promotion.`,
      });
    }
    lastStatus = state.status;
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
  const loaded = await loadJournal<RolloutEvent>(engine.journalFile, {
    parseEvent: parseRolloutEvent,
  });
  if (loaded.ok) {
    const early = loaded.records.map((r) => r.event);
    events.unshift(...early);
    feed.add(early);
  } else {
    listener.warn(`${engine.journalFile}: cannot read back the journal for the timeline`);
  }

  const kick = () => {
    if (closed) {
      return;
    }
    if (driving) {
      again = true;
      return;
    }
    driving = true;
    outcome = null;
    void (async () => {
      try {
        do {
          again = false;
          outcome = await engine.run({
            until: 'end',
            autoPromote: false,
            watchWhileWaiting: true,
          });
        } while (again && !closed && outcome.kind !== 'closed');
      } catch (e) {
        listener.warn(`rollout engine stopped: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        driving = false;
        listener.changed();
      }
    })();
  };

  return {
    plan,
    engine,
    telemetry,
    state: () => engine.state(),
    events: () => events,
    timeline: () => feed.entries(),
    output: () => output,
    lastOutcome: () => outcome,
    kick,
    close: async () => {
      if (closed) {
        return;
      }
      closed = true;
      stop();
      await engine.close();
      await telemetry.close();
    },
  };
}
