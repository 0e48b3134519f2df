/**
 * Readings of cloudwatch-alarms gates: DescribeAlarms through the reader, judged by
 * core/gates/alarm-gate. A ring gate reads for its ring (a failure halts it, with a summary
 * naming the alarm and its StateReason); a platform gate reads with ring null on every
 * evaluation (a failure pauses the rollout). Each gate asks CloudWatch at most once per
 * `minIntervalMs` (DescribeAlarms is rate-limited per account); in between its last reading
 * stands.
 */
import { evaluateAlarmGate, type AlarmGateSpec } from '../../core/gates/alarm-gate';
import { toGateReading } from '../../core/gates/to-reading';
import type { RolloutState } from '../../core/rollout';
import type { AlarmReader } from '../../adapters/cloud-aws/cloudwatch-alarms';
import type { GateReading } from '../gate-monitor';

interface Cached {
  readonly atMs: number;
  readonly ring: string | null;
  readonly reading: GateReading;
}

export class AlarmGateReadings {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly reader: AlarmReader,
    private readonly minIntervalMs = 5000,
  ) {}

  /** The gate's reading for `ring` (null for a platform gate) at `now`. */
  async read(
    spec: AlarmGateSpec,
    ring: string | null,
    state: RolloutState,
    now: number,
  ): Promise<GateReading> {
    const forRing = spec.platform ? null : ring;
    const hit = this.cache.get(spec.name);
    if (hit && hit.ring === forRing && now - hit.atMs < this.minIntervalMs) {
      return { ...hit.reading, final: this.isFinal(state, forRing, now) };
    }
    const read = await this.reader.read(spec);
    const { evaluation, summary } = evaluateAlarmGate(spec, read, now, forRing);
    const base = toGateReading(evaluation, forRing);
    const reading: GateReading = {
      ...base,
      ring: forRing,
      evidence: {
        ...base.evidence,
        source: 'cloudwatch',
        regions: spec.regions.join(', '),
        alarmsInAlarm: evaluation.evidence.ringValue,
        alarmsWatched: evaluation.evidence.ringSamples,
      },
      ...(summary !== null ? { summary } : {}),
    };
    this.cache.set(spec.name, { atMs: now, ring: forRing, reading });
    return { ...reading, final: this.isFinal(state, forRing, now) };
  }

  private isFinal(state: RolloutState, ring: string | null, now: number): boolean {
    const r = ring === null ? undefined : state.rings.find((x) => x.name === ring);
    return r !== undefined && (r.bakeElapsed || (r.bakeEndsAt !== null && now >= r.bakeEndsAt));
  }

  close(): void {
    this.reader.close();
  }
}
