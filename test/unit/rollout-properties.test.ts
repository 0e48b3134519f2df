import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan, type RingSketch } from '../../src-main/core/rollout/fixtures';
import {
  decide,
  decideOwned,
  evolve,
  initialState,
  nextWork,
  parseRolloutEvent,
  replay,
  workCommand,
  type Decision,
  type RolloutCommand,
  type RolloutEvent,
  type RolloutState,
} from '../../src-main/core/rollout';
import type { RolloutPlan } from '../../src-main/core/model/plan';

const RUNS = 1000;

/** Small random plans: 1-3 rings of 1-3 domains of 1-3 hosts. */
const planArb: fc.Arbitrary<RolloutPlan> = fc
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
type Move =
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
const moveArb: fc.Arbitrary<Move> = fc.oneof(
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
interface Step {
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
function simulate(plan: RolloutPlan, moves: readonly Move[], freeze = false, checkOwned = false) {
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

const movesArb = fc.array(moveArb, { minLength: 5, maxLength: 60 });

describe('rollout core invariants (fast-check)', () => {
  it('replaying the emitted events from scratch gives the live state; evolve never writes into its input', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { journal, state } = simulate(plan, moves, true, true);
        expect(replay(journal)).toEqual(state);
        // Every emitted event survives the journal's JSON and its schema unchanged.
        const reloaded = journal.map((e) => parseRolloutEvent(JSON.parse(JSON.stringify(e))));
        expect(reloaded).toEqual(journal);
        expect(journal.reduce(evolve, initialState)).toEqual(state);
      }),
      { numRuns: RUNS },
    );
  });

  it('refused commands emit nothing, and every nextWork item is accepted', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        for (const step of simulate(plan, moves).trace) {
          if (!step.decision.ok) {
            expect(step.decision).toEqual({ ok: false, reason: expect.any(String) });
            expect(step.decision.reason.length).toBeGreaterThan(10);
          }
          if (step.fromNextWork && !step.decision.ok) {
            throw new Error(
              `nextWork item refused: ${JSON.stringify(step.command)}: ${step.decision.reason}`,
            );
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('one ring at a time, domains and hosts within the plan limits, nothing deploys after halt, abort or pause', () => {
    // Plain checks rather than expect(): this runs per event, and must stay fast.
    const check = (ok: boolean, what: string) => {
      if (!ok) {
        throw new Error(what);
      }
    };
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { trace } = simulate(plan, moves);
        const haltedRings = new Set<string>();
        let aborted = false;
        let paused = false;
        for (const { before, decision } of trace) {
          if (!decision.ok) {
            continue;
          }
          let s = before;
          for (const e of decision.events) {
            if (e.type === 'HostStepStarted' && e.phase === 'deploy') {
              check(!haltedRings.has(e.ring), `deploy on ${e.host} after ring ${e.ring} halted`);
              check(!aborted, `deploy on ${e.host} after abort`);
              check(!paused, `deploy on ${e.host} while paused`);
              check(s.status === 'running', `deploy on ${e.host} while ${s.status}`);
            }
            if (e.type === 'DomainStarted') {
              const ring = s.rings.find((r) => r.name === e.ring);
              const active = ring?.domains.filter((d) => d.status === 'active').length ?? 0;
              check(
                active < plan.deploy.parallelDomains,
                `domain ${e.domain} started beside ${active} active`,
              );
            }
            if (e.type === 'RingHalted') {
              haltedRings.add(e.ring);
            }
            aborted ||= e.type === 'Aborted';
            // A pause ends with Resumed, or is superseded by a halt or a rollback: a halted
            // rollout needs its own decision (roll back, or promote with a written override),
            // and that decision is what lets it go on.
            paused =
              e.type === 'Paused'
                ? true
                : ['Resumed', 'RingHalted', 'RollbackStarted'].includes(e.type)
                  ? false
                  : paused;
            s = evolve(s, e);
            // No host active in two rings: running deploy steps all belong to the current ring.
            const perDomain = new Map<string, number>();
            for (const h of Object.values(s.hosts)) {
              if (h.running?.phase === 'deploy') {
                check(h.ring === s.currentRing, `${h.name} deploys outside the current ring`);
                const key = `${h.ring}/${h.domain}`;
                perDomain.set(key, (perDomain.get(key) ?? 0) + 1);
              }
            }
            for (const [key, n] of perDomain) {
              check(n <= plan.deploy.concurrency, `${n} hosts deploying at once in ${key}`);
            }
            for (const r of s.rings) {
              const active = r.domains.filter((d) => d.status === 'active').length;
              check(active <= plan.deploy.parallelDomains, `${active} domains active in ${r.name}`);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('waiting for a passphrase, or being asked again, never counts a host and never halts a ring', () => {
    const counts = (s: RolloutState) =>
      s.rings.map((r) => [r.done, r.failed, ...r.domains.flatMap((d) => [d.done, d.failed])]);
    let waited = 0;
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        for (const { before, decision } of simulate(plan, moves).trace) {
          if (!decision.ok) {
            continue;
          }
          let s = before;
          for (const e of decision.events) {
            const next = evolve(s, e);
            if (e.type === 'HostNeedsPassphrase' || e.type === 'PassphraseRetried') {
              waited++;
              expect(counts(next)).toEqual(counts(s));
              expect(decision.events.map((x) => x.type)).not.toContain('RingHalted');
            }
            if (e.type === 'HostNeedsPassphrase') {
              expect(next.hosts[e.host]?.status).toBe('needs-passphrase');
            }
            s = next;
          }
          // A ring never finishes its deploy while one of its hosts waits for a passphrase.
          for (const h of Object.values(s.hosts)) {
            if (h.status === 'needs-passphrase' && h.statusBeforeApproval === 'pending') {
              expect(s.rings[h.ring]?.domains[h.domain]?.status).not.toBe('completed');
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    // The generators reach the state at all (a property over nothing would pass vacuously).
    expect(waited).toBeGreaterThan(0);
  });

  it('every promoted ring had its bake elapse and all gates pass, or an override reason', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        for (const { before, decision } of simulate(plan, moves).trace) {
          if (!decision.ok) {
            continue;
          }
          for (const e of decision.events) {
            if (e.type !== 'Promoted') {
              continue;
            }
            const ring = before.rings.find((r) => r.name === e.ring);
            const clean =
              ring?.bakeElapsed === true &&
              Object.values(ring.gates).every((g) => g.outcome === 'pass') &&
              before.status !== 'halted';
            const overridden = (e.override?.reason.trim() ?? '') !== '';
            // The tick that auto-promotes emits BakeElapsed in the same batch: look at the batch.
            const bakedNow = decision.events.some(
              (x) => x.type === 'BakeElapsed' && x.ring === e.ring,
            );
            expect(
              clean ||
                overridden ||
                (bakedNow && Object.values(ring?.gates ?? {}).every((g) => g.outcome === 'pass')),
            ).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
