/**
 * The moments a chart should label: a ring's deploy starting, a promotion (and whether it
 * was an override), a halt and a rollback. Pure, from the journal's events (exports, past
 * rollouts) or from the console's timeline entries (the live rollout), with the same labels,
 * so the console, its export and `ringside timeline --format html` draw the same annotations.
 */
import type { RolloutEvent } from '../rollout/event';

/** One labelled vertical line on every chart. */
export interface ChartMarker {
  readonly t: number;
  readonly kind: 'deploy' | 'promote' | 'override' | 'halt' | 'rollback';
  /** The ring it concerns (several joined by ", " for a rollback of many). */
  readonly ring: string;
  readonly label: string;
}

/** The label a person reads on the line: `deploy canary`, `override early (alice)`. */
export function markerLabel(kind: ChartMarker['kind'], rings: string, by: string | null): string {
  return by === null ? `${kind} ${rings}` : `${kind} ${rings} (${by})`;
}

/** Markers in time order. */
export function chartMarkers(events: readonly RolloutEvent[]): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'RingStarted':
        out.push({
          t: e.at,
          kind: 'deploy',
          ring: e.ring,
          label: markerLabel('deploy', e.ring, null),
        });
        break;
      case 'Promoted': {
        const kind = e.override ? 'override' : 'promote';
        out.push({ t: e.at, kind, ring: e.ring, label: markerLabel(kind, e.ring, e.by) });
        break;
      }
      case 'RingHalted':
        out.push({ t: e.at, kind: 'halt', ring: e.ring, label: markerLabel('halt', e.ring, null) });
        break;
      case 'RollbackStarted':
        out.push({
          t: e.at,
          kind: 'rollback',
          ring: e.rings.join(', '),
          label: markerLabel('rollback', e.rings.join(', '), null),
        });
        break;
      default:
        break;
    }
  }
  return out;
}

/** What {@link timelineMarkers} reads of a console timeline entry. */
export interface MarkerEntry {
  readonly at: number;
  readonly kind: string;
  readonly by: string;
  readonly ring: string | null;
}

/**
 * The live rollout's markers from the console's timeline entries (journal event types as
 * `kind`). An entry does not say whether a promotion overrode its gates; the ring does
 * (`overridden`), and a ring is promoted once per rollout.
 */
export function timelineMarkers(
  entries: readonly MarkerEntry[],
  overridden: (ring: string) => boolean,
): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const e of entries) {
    const ring = e.ring ?? 'all rings';
    switch (e.kind) {
      case 'RingStarted':
        out.push({ t: e.at, kind: 'deploy', ring, label: markerLabel('deploy', ring, null) });
        break;
      case 'Promoted': {
        const kind = overridden(ring) ? 'override' : 'promote';
        out.push({ t: e.at, kind, ring, label: markerLabel(kind, ring, e.by) });
        break;
      }
      case 'RingHalted':
        out.push({ t: e.at, kind: 'halt', ring, label: markerLabel('halt', ring, null) });
        break;
      case 'RollbackStarted':
        out.push({ t: e.at, kind: 'rollback', ring, label: markerLabel('rollback', ring, null) });
        break;
      default:
        break;
    }
  }
  return out.sort((a, b) => a.t - b.t);
}
