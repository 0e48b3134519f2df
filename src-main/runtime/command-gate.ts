/**
 * At most once, never late — the runtime half of core/commands: remembers the outcome of
 * every stamped command this process saw (and, seeded from the journal, every command that
 * was carried out before), answers a retry with the first outcome — also while the first is
 * still running — and refuses a command past its deadline without running it.
 */
import { screenCommand, type CommandOutcome, type CommandStamp } from '../core/commands';

/** See {@link createCommandGate}. */
export interface CommandGate {
  /**
   * Runs `act` for a new command before its deadline; a known id gets the first outcome.
   * Unstamped (in-process) calls run as they are.
   */
  once(
    stamp: CommandStamp | undefined,
    act: () => Promise<CommandOutcome>,
  ): Promise<CommandOutcome>;
  /** Records ids the journal shows as carried out (after a resume). */
  accepted(ids: Iterable<string>): void;
}

/** A gate with the clock that judges deadlines and the ids already carried out. */
export function createCommandGate(
  clock: () => number,
  carriedOut: Iterable<string> = [],
): CommandGate {
  const outcomes = new Map<string, Promise<CommandOutcome>>();
  const settled = new Map<string, CommandOutcome>();
  const accepted = (ids: Iterable<string>) => {
    for (const id of ids) {
      settled.set(id, { ok: true });
    }
  };
  accepted(carriedOut);
  return {
    accepted,
    once: (stamp, act) => {
      if (stamp === undefined) {
        return act();
      }
      const inFlight = outcomes.get(stamp.id);
      if (inFlight !== undefined) {
        return inFlight;
      }
      const screening = screenCommand(stamp, clock(), (id) => settled.get(id));
      switch (screening.kind) {
        case 'repeat':
          return Promise.resolve(screening.outcome);
        case 'expired': {
          // A late command is refused once and for all: a retry gets the same answer.
          const refused = { ok: false, reason: screening.reason } as const;
          settled.set(stamp.id, refused);
          return Promise.resolve(refused);
        }
        case 'run': {
          const running = act().then(
            (outcome) => {
              settled.set(stamp.id, outcome);
              outcomes.delete(stamp.id);
              return outcome;
            },
            (e: unknown) => {
              const failed = {
                ok: false,
                reason: e instanceof Error ? e.message : String(e),
              } as const;
              settled.set(stamp.id, failed);
              outcomes.delete(stamp.id);
              return failed;
            },
          );
          outcomes.set(stamp.id, running);
          return running;
        }
        default: {
          const never: never = screening;
          throw new Error(`unhandled screening ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
