/**
 * The moments a chart should label: a ring's deploy starting, a promotion (and whether it
 * was an override), a halt and a rollback. Pure, from the journal's events, so the console's
 * export and `ringside timeline --format html` draw the same annotations.
 */
import type { RolloutEvent } from '../rollout/event';

/** One labelled vertical line on every chart. */
export interface ChartMarker {
  readonly t: number;
  readonly kind: 'deploy' | 'promote' | 'override' | 'halt' | 'rollback';
  readonly label: string;
}

/** Markers in time order. */
export function chartMarkers(events: readonly RolloutEvent[]): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'RingStarted':
        out.push({ t: e.at, kind: 'deploy', label: `deploy ${e.ring}` });
        break;
      case 'Promoted':
        out.push(
          e.override
            ? { t: e.at, kind: 'override', label: `override ${e.ring} (${e.by})` }
            : { t: e.at, kind: 'promote', label: `promote ${e.ring} (${e.by})` },
        );
        break;
      case 'RingHalted':
        out.push({ t: e.at, kind: 'halt', label: `halt ${e.ring}` });
        break;
      case 'RollbackStarted':
        out.push({ t: e.at, kind: 'rollback', label: `rollback ${e.rings.join(', ')}` });
        break;
      default:
        break;
    }
  }
  return out;
}
