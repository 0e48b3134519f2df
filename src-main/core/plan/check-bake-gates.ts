/**
 * A ring whose bake is written in phases (`{wait, healthyWithin, stayHealthy}`) fails every
 * gate that has not been healthy by the end of `wait + healthyWithin`. A threshold or
 * baseline gate is healthy only over a full window (shortened to the ring's bake when the
 * window is longer, see the telemetry monitor), so a `healthyWithin` too short for the window
 * would halt a healthy release: refuse such a plan where `healthyWithin` is written, naming
 * both numbers.
 */
import { formatDuration, parseDuration } from '../duration';
import type { PlanError } from './errors';
import type { Locate } from './positions';
import type { PlanDocument } from './schema';

/** Problems of rings whose `healthyWithin` leaves a gate no time to reach a verdict. */
export function checkBakeGates(doc: PlanDocument, file: string, locate: Locate): PlanError[] {
  const errors: PlanError[] = [];
  const gates = new Map((doc.gates ?? []).map((g) => [g.name, g]));
  doc.rings.forEach((ring, i) => {
    const bake = ring.bake;
    if (typeof bake === 'string' || bake.healthyWithin === undefined) {
      return;
    }
    const waitMs = parseDuration(bake.wait) ?? 0;
    const withinMs = parseDuration(bake.healthyWithin);
    if (withinMs === undefined) {
      return; // the schema already named the bad duration
    }
    const bakeMs = waitMs + (bake.stayHealthy ? (parseDuration(bake.stayHealthy) ?? 0) : 0);
    const availableMs = waitMs + withinMs;
    for (const name of ring.gates ?? []) {
      const g = gates.get(name);
      if (
        g === undefined ||
        g.platform === true ||
        g.kind === 'sequential' ||
        g.kind === 'cloudwatch-alarms'
      ) {
        continue;
      }
      const windowMs = parseDuration(g.window);
      if (windowMs === undefined) {
        continue;
      }
      const neededMs = Math.min(windowMs, bakeMs);
      if (availableMs >= neededMs) {
        continue;
      }
      const capped =
        neededMs < windowMs
          ? `its ${formatDuration(windowMs)} window, capped at the ring's ${formatDuration(bakeMs)} bake`
          : `its ${formatDuration(windowMs)} window`;
      const p = locate(['rings', i, 'bake', 'healthyWithin']);
      errors.push({
        file,
        line: p.line,
        col: p.col,
        message:
          `ring '${ring.name}': healthyWithin ${bake.healthyWithin} leaves ${formatDuration(availableMs)} ` +
          `(wait ${bake.wait} + healthyWithin) for gate '${g.name}' to become healthy, but the gate ` +
          `needs ${formatDuration(neededMs)} to fill ${capped}; expected healthyWithin of at least ` +
          `${formatDuration(neededMs - waitMs)} or a shorter window`,
      });
    }
  });
  return errors;
}
