/**
 * Random rollouts for the core's property tests: small random plans, random moves of the
 * world (engine work, step results, operators, gates, time, crashes), and `simulate`, which
 * plays them through decide/evolve (and the engine's owned fast path beside it).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { buildPlan, type RingSketch } from '../../src-main/core/rollout/fixtures';
import {
  decide,
  decideOwned,
  evolve,
  initialState,
  nextWork,
  replay,
  workCommand,
  type Decision,
  type RolloutCommand,
  type RolloutEvent,
  type RolloutState,
} from '../../src-main/core/rollout';
import type { RolloutPlan } from '../../src-main/core/model/plan';

export const RUNS = 1000;

/** Small random plans: 1-3 rings of 1-3 domains of 1-3 hosts. */
export const planArb: fc.Arbitrary<RolloutPlan> = fc
  .record({
    rings: fc.array(
      fc.record({
        domains: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        gates: fc.subarray(['errors', 'latency']),
        promotion: fc.constantFrom('manual' as const, 'auto' as const),
        maxFailedHosts: fc.integer({ min: 0, max: 2 }),
        maxFailedHostsPerDomain: fc.integer({ min: 0, max: 2 }),
        rollbackOnHalt: fc.boolean(),
        bakeMs: fc.constantFrom(0, 1_000, 5_000),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    concurrency: fc.integer({ min: 1, max: 3 }),
    parallelDomains: fc.integer({ min: 1, max: 2 }),
    idempotentInstall: fc.boolean(),
    verify: fc.boolean(),
  })
  .map((p) =>
    buildPlan(p.rings as RingSketch[], {
      concurrency: p.concurrency,
      parallelDomains: p.parallelDomains,
      steps: [
        { name: 'install', command: 'i', timeoutMs: 1, idempotent: p.idempotentInstall },
        { name: 'health', command: 'h', timeoutMs: 1, idempotent: true },
      ],
      ...(p.verify
        ? { verify: { name: 'check', command: 'c', timeoutMs: 1, idempotent: true } }
        : {}),
    }),
  );

/** One random move of the world: engine work, a step result, an operator, a gate, time, a crash. */
export type Move =
  | { m: 'work'; n: number; exits: readonly (number | null)[] | null }
  | { m: 'finish'; exits: readonly (number | null)[] }
  | { m: 'gate'; ring: number; gate: number; outcome: 'pass' | 'fail' | 'inconclusive' | 'pending' }
  | { m: 'platform'; outcome: 'pass' | 'fail' }
  | { m: 'time'; ms: number }
  | { m: 'crash' }
  | { m: 'op'; c: RolloutCommand }
  | { m: 'resolve'; pick: number; resolution: 'completed' | 'retry' | 'failed' }
  | { m: 'approval'; pick: number }
  | { m: 'passphrase'; pick: number; reason: string }
  | { m: 'raw'; pick: number; step: string; phase: 'deploy' | 'rollback' | 'verify' };

const by = fc.constantFrom('alice', 'bob');
const exitsArb = fc.array(
  fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, fc.constant(1), fc.constant(null)),
  { minLength: 1, maxLength: 4 },
);
export const moveArb: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      m: fc.constant('work' as const),
      n: fc.integer({ min: 1, max: 6 }),
      exits: fc.option(exitsArb, { nil: null, freq: 3 }),
    }),
  },
  {
    weight: 14,
    arbitrary: fc.record({
      m: fc.constant('finish' as const),
      exits: exitsArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      m: fc.constant('gate' as const),
      ring: fc.integer({ min: -1, max: 2 }),
      gate: fc.nat(1),
      outcome: fc.constantFrom(
        'pass' as const,
        'pass' as const,
        'pass' as const,
        'pass' as const,
        'fail' as const,
        'inconclusive' as const,
        'pending' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      m: fc.constant('platform' as const),
      outcome: fc.constantFrom('pass' as const, 'pass' as const, 'pass' as const, 'fail' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      m: fc.constant('time' as const),
      ms: fc.constantFrom(500, 1_000, 5_000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ m: 'crash' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      m: fc.constant('op' as const),
      c: fc.oneof(
        {
          weight: 5,
          arbitrary: fc.record({
            type: fc.constant('promote' as const),
            by,
            override: fc.option(fc.record({ reason: fc.constantFrom('', 'known noise') }), {
              nil: undefined,
            }),
          }),
        },
        { weight: 5, arbitrary: fc.record({ type: fc.constant('tick' as const) }) },
        fc.record({ type: fc.constant('pause' as const), by, reason: fc.constant('look') }),
        {
          weight: 2,
          arbitrary: fc.record({
            type: fc.constant('resume' as const),
            by,
            reason: fc.constant('ok'),
          }),
        },
        fc.record({ type: fc.constant('abort' as const), by, reason: fc.constant('stop') }),
        fc.record({ type: fc.constant('haltRing' as const), by, reason: fc.constant('looks bad') }),
        fc.record({
          type: fc.constant('rollback' as const),
          by,
          reason: fc.constant('bad'),
          scope: fc.constantFrom('ring' as const, 'all' as const),
          emergency: fc.boolean(),
        }),
        fc.record({ type: fc.constant('note' as const), by, text: fc.constantFrom('hello', '') }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      m: fc.constant('resolve' as const),
      pick: fc.nat(),
      resolution: fc.constantFrom('completed' as const, 'retry' as const, 'failed' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ m: fc.constant('approval' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      m: fc.constant('passphrase' as const),
      pick: fc.nat(),
      reason: fc.constantFrom('no key at hand', ''),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      m: fc.constant('raw' as const),
      pick: fc.nat(),
      step: fc.constantFrom('install', 'health', 'revert', 'check'),
      phase: fc.constantFrom('deploy' as const, 'rollback' as const, 'verify' as const),
    }),
  },
);

/** One decided command: the state before, the command, the decision. */
export interface Step {
  readonly before: RolloutState;
  readonly command: RolloutCommand;
  readonly decision: Decision;
  /** The command came from nextWork, which promises acceptance. */
  readonly fromNextWork: boolean;
}

/** Freezes a state and everything in it, so any write into it by `evolve` throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) {
      deepFreeze(v);
    }
  }
  return value;
}

/**
 * Plays the moves; returns every decision, the journal and the live state. With `freeze`,
 * every state is deep-frozen before the next decision: `decide` and `evolve` must not write.
 */
export function simulate(
  plan: RolloutPlan,
  moves: readonly Move[],
  freeze = false,
  checkOwned = false,
) {
  let state = initialState;
  let now = 1_000_000;
  const journal: RolloutEvent[] = [];
  const trace: Step[] = [];
  // The engine's fast path beside the reference: decideOwned on a state it owns must give
  // the same decision, events and next state as decide + evolve (and undo a refusal).
  let owned: RolloutState = initialState;
  const run = (command: RolloutCommand, fromNextWork = false): Decision => {
    const decision = decide(state, command, now);
    const fast = checkOwned ? decideOwned(owned, command, now) : decision;
    trace.push({ before: state, command, decision, fromNextWork });
    if (decision.ok) {
      for (const e of decision.events) {
        journal.push(e);
        state = evolve(state, e);
      }
      if (freeze) {
        deepFreeze(state);
      }
    }
    if (!checkOwned) {
      return decision;
    }
    if (fast.ok !== decision.ok) {
      throw new Error(`decideOwned ${fast.ok ? 'accepted' : 'refused'} ${command.type}`);
    }
    if (fast.ok && decision.ok) {
      if (!isDeepStrictEqual(fast.events, decision.events)) {
        throw new Error(`decideOwned decided other events for ${command.type}`);
      }
      if (!isDeepStrictEqual(decision.state, state)) {
        throw new Error(`decide's state is not its events' evolve for ${command.type}`);
      }
      owned = fast.state;
    }
    if (!isDeepStrictEqual(owned, state)) {
      throw new Error(`decideOwned's state differs from evolve's after ${command.type}`);
    }
    return decision;
  };
  run({ type: 'create', plan, by: 'alice' });
  run({ type: 'start', by: 'alice' });
  const hosts = plan.hosts.map((h) => h.name);
  const pick = <T>(list: readonly T[], i: number): T | undefined =>
    list[i % Math.max(1, list.length)];
  for (const move of moves) {
    switch (move.m) {
      case 'work':
        for (let i = 0; i < move.n; i++) {
          // nextWork promises acceptance of its items decided in order with nothing between.
          const begun = nextWork(state, now).filter((item) => {
            run(workCommand(item), true);
            return item.kind === 'runStep';
          });
          // Sometimes the steps end at once (outcomes cycling through `exits`).
          begun.forEach((item, k) => {
            if (item.kind === 'runStep' && move.exits) {
              run({
                type: 'recordStepResult',
                host: item.host,
                step: item.step,
                phase: item.phase,
                exitCode: move.exits[k % move.exits.length] ?? 0,
                durationMs: 100,
                tail: ['x'],
              });
            }
          });
        }
        break;
      case 'finish': {
        // Finish the running steps, outcomes cycling through `exits`.
        const running = Object.values(state.hosts).filter((h) => h.running);
        running.forEach((h, i) => {
          if (h.running) {
            run({
              type: 'recordStepResult',
              host: h.name,
              step: h.running.step,
              phase: h.running.phase,
              exitCode: move.exits[i % move.exits.length] ?? 0,
              durationMs: 100,
              tail: ['x'],
            });
          }
        });
        break;
      }
      case 'gate': {
        const ring = move.ring < 0 ? state.rings[state.currentRing] : state.rings[move.ring];
        run({
          type: 'recordGate',
          ring: ring?.name ?? 'nowhere',
          gate: ['errors', 'latency'][move.gate] ?? 'errors',
          outcome: move.outcome,
          evidence: { n: 1 },
          final: false,
        });
        break;
      }
      case 'platform':
        run({
          type: 'recordGate',
          ring: null,
          gate: 'api',
          outcome: move.outcome,
          evidence: {},
          final: false,
        });
        break;
      case 'time':
        now += move.ms;
        break;
      case 'crash':
        state = replay(journal);
        run({ type: 'recover' });
        break;
      case 'op':
        run(move.c);
        break;
      case 'resolve': {
        const h = pick(
          Object.values(state.hosts).filter((x) => x.status === 'in-doubt'),
          move.pick,
        );
        run({
          type: 'resolveInDoubt',
          by: 'bob',
          host: h?.name ?? 'none',
          resolution: move.resolution,
        });
        break;
      }
      case 'approval': {
        // Approve (or reject) a waiting host if there is one; otherwise a host presents an
        // unknown key.
        const waiting = Object.values(state.hosts).find((x) => x.status === 'needs-approval');
        run(
          waiting
            ? {
                type: move.pick % 3 === 2 ? 'rejectHost' : 'approveHost',
                by: 'bob',
                host: waiting.name,
                fingerprint: 'SHA256:abc',
              }
            : {
                type: 'hostNeedsApproval',
                host:
                  (move.pick % 4 !== 0
                    ? pick(
                        Object.values(state.hosts).filter((x) => x.running),
                        move.pick,
                      )?.name
                    : undefined) ??
                  pick(hosts, move.pick) ??
                  'none',
                fingerprint: 'SHA256:abc',
              },
        );
        break;
      }
      case 'passphrase': {
        // Ask again for (or give up on) a host waiting for a passphrase; otherwise a host
        // meets a key it cannot unlock, most often one the engine is deploying.
        const waiting = Object.values(state.hosts).find((x) => x.status === 'needs-passphrase');
        const running = Object.values(state.hosts).filter((x) => x.running?.phase === 'deploy');
        run(
          waiting
            ? move.pick % 3 === 2
              ? { type: 'giveUpHost', by: 'bob', host: waiting.name, reason: move.reason }
              : { type: 'retryPassphrase', by: 'bob', host: waiting.name }
            : {
                type: 'hostNeedsPassphrase',
                host:
                  (move.pick % 4 !== 0 ? pick(running, move.pick)?.name : undefined) ??
                  pick(hosts, move.pick) ??
                  'none',
                key: '/keys/id_ed25519',
              },
        );
        break;
      }
      case 'raw':
        run({
          type: 'beginHostStep',
          host: pick(hosts, move.pick) ?? 'none',
          step: move.step,
          phase: move.phase,
        });
        break;
    }
  }
  return { trace, journal, state };
}

export const movesArb = fc.array(moveArb, { minLength: 5, maxLength: 60 });
