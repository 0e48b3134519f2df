/**
 * The story written as real journals under a journal root, for the demo workspace:
 * 2.4.0 through every ring, then 2.4.1-bad halted by its failing error-rate gate in the
 * canary and rolled back there. The events come from the core's own decide/evolve (as the
 * engine makes them) and go through the real journal writer, so a console opening the demo
 * on this root reads them exactly as it reads its own — without a minute of simulated SSH.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { telemetryPathFor } from '../../src-main/adapters/journal/telemetry-log';
import { openJournal } from '../../src-main/adapters/journal';
import { openDemoWorkspace } from '../../src-main/app/demo-workspace';
import { planVariant } from '../../src-main/app/plan-variant';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { Harness } from '../../src-main/core/rollout/fixtures';
import type { RolloutPlan } from '../../src-main/core/model/plan';

async function write(journalRoot: string, id: string, events: readonly RolloutEvent[]) {
  const opened = await openJournal<RolloutEvent>(path.join(journalRoot, id), {
    parseEvent: parseRolloutEvent,
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(events);
  await opened.journal.close();
}

function bakeAndPass(h: Harness, plan: RolloutPlan): void {
  const ring = plan.rings[h.state.currentRing];
  h.now += (ring?.bakeMs ?? 0) + 1_000;
  h.must({ type: 'tick' });
  h.passGates();
}

/** Journal ids (directory names) of the two rollouts, oldest first. */
export interface SeededJournals {
  readonly good: string;
  readonly bad: string;
  /** A canary host: 2.4.0 installed, 2.4.1-bad installed and rolled back. */
  readonly canaryHost: string;
}

/** Writes both rollouts; `now` is when the bad one ended, roughly. */
export async function seedDemoJournals(journalRoot: string, now: number): Promise<SeededJournals> {
  const ws = await openDemoWorkspace();
  const base = ws.built.plan;
  await ws.close();
  const good = planVariant(base, { version: '2.4.0', previous: '2.3.9' });
  const g = new Harness(now - 2 * 86_400_000);
  g.must({ type: 'create', plan: good, by: 'dana' });
  g.must({ type: 'start', by: 'dana' });
  for (let r = 0; r < good.rings.length; r++) {
    g.settle();
    bakeAndPass(g, good);
    g.must({ type: 'promote', by: 'dana' });
  }
  g.settle();
  const bad = planVariant(base, { version: '2.4.1-bad', previous: '2.4.0' });
  const b = new Harness(now - 86_400_000);
  b.must({ type: 'create', plan: bad, by: 'dana' });
  b.must({ type: 'start', by: 'dana' });
  b.settle();
  b.must({
    type: 'recordGate',
    ring: 'canary',
    gate: 'error-rate-sequential',
    outcome: 'fail',
    evidence: { summary: 'ring 4.2 % vs baseline 0.4 %' },
    final: true,
  });
  b.settle();
  const stamp = (at: number, v: string) =>
    `${new Date(at).toISOString().replace(/[:.]/g, '-')}-web-${v}`;
  const ids = {
    good: stamp(g.journal[0]?.at ?? 0, '2.4.0'),
    bad: stamp(b.journal[0]?.at ?? 0, '2.4.1-bad'),
  };
  await write(journalRoot, ids.good, g.journal);
  // The good rollout's canary error rate, persisted beside its journal as the engine does.
  const t0 = g.journal[0]?.at ?? 0;
  const points = Array.from({ length: 120 }, (_, i) => [t0 + i * 1000, 0.002 + (i % 7) * 0.0001]);
  await writeFile(
    telemetryPathFor(path.join(journalRoot, ids.good)),
    `${JSON.stringify({ m: 'error_rate', s: 'canary', p: points })}\n`,
  );
  await write(journalRoot, ids.bad, b.journal);
  return { ...ids, canaryHost: bad.rings[0]?.domains[0]?.hosts[0] ?? '' };
}
