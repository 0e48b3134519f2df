/**
 * How charts draw rings and moments, shared by the console's charts and the exported HTML
 * timeline, so a ring has one colour everywhere. Red means failing and nothing else: no
 * healthy ring is ever drawn in the threshold's colour.
 */
import type { ChartMarker } from './chart-markers';

/** Rings in rollout order take these in turn: blue, green, purple, teal, amber, pink. */
export const RING_COLOURS: readonly string[] = [
  '#1e88e5',
  '#43a047',
  '#8e24aa',
  '#00897b',
  '#f9a825',
  '#d81b60',
];
/** A failing ring (a gate failed or the ring halted), gate limits and the halt marker. */
export const FAILING_COLOUR = '#e53935';
/** The baseline (hosts not yet updated): grey, dashed. */
export const BASELINE_COLOUR = '#78909c';
/** Scopes that are neither a ring of the plan nor the baseline (the platform). */
export const OTHER_COLOUR = '#795548';

/**
 * The colour of `ring` given the rollout's ring order: by its place in the order (so it
 * does not change with what else is drawn), red only when it is failing.
 */
export function ringColour(
  ring: string,
  ringOrder: readonly string[],
  failing: boolean = false,
): string {
  if (ring === 'baseline') {
    return BASELINE_COLOUR;
  }
  if (failing) {
    return FAILING_COLOUR;
  }
  const index = ringOrder.indexOf(ring);
  return index < 0 ? OTHER_COLOUR : (RING_COLOURS[index % RING_COLOURS.length] ?? OTHER_COLOUR);
}

/** Each kind of labelled moment in its own colour; halt and rollback in the failing red. */
export const MARKER_COLOURS: Readonly<Record<ChartMarker['kind'], string>> = {
  deploy: '#1e88e5',
  promote: '#43a047',
  override: '#f9a825',
  halt: FAILING_COLOUR,
  rollback: '#ef6c00',
};
