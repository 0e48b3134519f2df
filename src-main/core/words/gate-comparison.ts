/**
 * A gate's journaled evidence (free JSON: `ringValue`, `baselineSamples`, `statistic`, ...)
 * as figures a person reads: values with units, sample counts with separators, and how sure
 * the verdict is. The field names stay in the journal; the console shows these.
 */
import type { GateComparison } from '../contract/view-model';
import type { JsonValue } from '../rollout/event';

/** What the plan says about a gate, as far as the words need it. */
export interface GateWordsSpec {
  readonly kind: 'threshold' | 'baseline' | 'sequential' | 'cloudwatch-alarms';
  readonly metric: string | null;
  /** `ratio`, `s`, `/s` or '' (see {@link metricUnit}). */
  readonly unit: string;
  readonly alpha: number | null;
}

/** The unit a metric kind is measured in. */
export function metricUnit(kind: string | undefined): string {
  return kind === 'ratio' ? 'ratio' : kind === 'quantile' ? 's' : kind === 'rate' ? '/s' : '';
}

const plain = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A number in its unit: `2.61 %` for a ratio, `212 ms` for seconds, `12.4 /s`. */
export function formatMetricValue(v: number, unit: string): string {
  switch (unit) {
    case 'ratio':
      return `${plain.format(v * 100)} %`;
    case 's':
      return v < 1 ? `${plain.format(v * 1000)} ms` : `${plain.format(v)} s`;
    case '/s':
      return `${plain.format(v)} /s`;
    default:
      return plain.format(v);
  }
}

/** A count with thousands separators (`11,848`). */
export function formatCount(v: number): string {
  return whole.format(v);
}

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

function confidence(spec: GateWordsSpec, stat: number | null, bound: number | null): string | null {
  switch (spec.kind) {
    case 'sequential': {
      const alpha = spec.alpha ?? (bound !== null && bound > 0 ? 1 / bound : null);
      const level = alpha === null ? '' : `${plain.format((1 - alpha) * 100)} %`;
      const e =
        stat === null || bound === null
          ? ''
          : `e-value ${plain.format(stat)} of ${plain.format(bound)}`;
      return [level, e ? `(${e})` : ''].filter(Boolean).join(' ') || null;
    }
    case 'baseline':
      return stat === null || bound === null
        ? null
        : `ring/baseline ${plain.format(stat)}, limit ${plain.format(bound)}`;
    case 'threshold':
      return bound === null ? null : `limit ${formatMetricValue(bound, spec.unit)}`;
    case 'cloudwatch-alarms':
      return null; // an alarm's own threshold is in its StateReason
    default: {
      const never: never = spec.kind;
      return never;
    }
  }
}

/** The comparison of one gate's evidence; null when the evidence has no ring side at all. */
export function gateComparison(
  evidence: Readonly<Record<string, JsonValue>>,
  spec: GateWordsSpec,
): GateComparison | null {
  const ring = num(evidence['ringValue']);
  const baseline = num(evidence['baselineValue']);
  const ringN = num(evidence['ringSamples']);
  const baseN = num(evidence['baselineSamples']);
  if (ring === null && ringN === null) {
    return null;
  }
  return {
    metric: spec.metric,
    ring: ring === null ? null : formatMetricValue(ring, spec.unit),
    baseline: baseline === null ? null : formatMetricValue(baseline, spec.unit),
    ringSamples: ringN === null ? null : formatCount(ringN),
    baselineSamples: baseN === null ? null : formatCount(baseN),
    confidence: confidence(spec, num(evidence['statistic']), num(evidence['threshold'])),
  };
}
