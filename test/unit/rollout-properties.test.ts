import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evolve,
  initialState,
  parseRolloutEvent,
  replay,
  type RolloutState,
} from '../../src-main/core/rollout';
import { RUNS, planArb, movesArb, simulate } from '../helpers/rollout-moves';

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
