/**
 * CloudWatch alarms as a gate, the way CodeDeploy uses a deployment group's alarms: any
 * watched alarm in ALARM fails the gate (the halt summary names it with CloudWatch's
 * StateReason); an alarm without enough data, a named alarm that does not exist, no alarm
 * matching the prefix, or alarms that could not be read leave it inconclusive (fail closed:
 * nothing known is not healthy); every watched alarm OK passes.
 */
import type { AlarmGateDoc } from '../plan/schema-telemetry';
import { clockTime } from '../words/clock-time';
import {
  alarmHaltSummary,
  alarmLine,
  alarmSelectionWords,
  alarmsWithoutDataLine,
  type CloudWatchAlarmState,
} from '../words/alarm-words';
import type { GateEvaluation } from './gate-spec';

/** A cloudwatch-alarms gate, resolved. */
export interface AlarmGateSpec {
  readonly name: string;
  readonly kind: 'cloudwatch-alarms';
  readonly platform: boolean;
  /** Exact alarm names, or null when the gate watches a prefix. */
  readonly names: readonly string[] | null;
  readonly prefix: string | null;
  readonly regions: readonly string[];
  readonly profile: string | null;
}

export function alarmGateSpecFromDoc(doc: AlarmGateDoc): AlarmGateSpec {
  return {
    name: doc.name,
    kind: 'cloudwatch-alarms',
    platform: doc.platform ?? false,
    names: doc.alarms.names ?? null,
    prefix: doc.alarms.prefix ?? null,
    regions: doc.alarms.regions,
    profile: doc.alarms.profile ?? null,
  };
}

/** One alarm as DescribeAlarms reported it. */
export interface AlarmSeen {
  readonly name: string;
  readonly region: string;
  readonly state: CloudWatchAlarmState;
  readonly reason: string;
  /** StateUpdatedTimestamp (ms), when given. */
  readonly updatedMs: number | null;
}

/** What reading the gate's alarms brought: the alarms, or one line per region that failed. */
export type AlarmRead =
  | { readonly ok: true; readonly alarms: readonly AlarmSeen[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The evaluation, and for a failure the halt summary naming the alarms. */
export interface AlarmGateResult {
  readonly evaluation: GateEvaluation;
  readonly summary: string | null;
}

/** Judges the gate from what was read at `nowMs`. */
export function evaluateAlarmGate(
  spec: AlarmGateSpec,
  read: AlarmRead,
  nowMs: number,
  ring: string | null,
): AlarmGateResult {
  const watched = alarmSelectionWords(spec.names, spec.prefix, spec.regions);
  const result = (
    outcome: GateEvaluation['outcome'],
    reason: string,
    counts: { alarm: number; total: number },
    summary: string | null = null,
  ): AlarmGateResult => ({
    evaluation: {
      gate: spec.name,
      kind: 'cloudwatch-alarms',
      platform: spec.platform,
      outcome,
      atMs: nowMs,
      evidence: {
        ringValue: counts.alarm,
        baselineValue: null,
        ringSamples: counts.total,
        baselineSamples: 0,
        reason,
      },
      onTrack: outcome === 'pass',
    },
    summary,
  });
  if (!read.ok) {
    return result('inconclusive', `cannot read ${watched}: ${read.errors.join('; ')}`, {
      alarm: 0,
      total: 0,
    });
  }
  const alarms = [...read.alarms].sort((a, b) =>
    a.name === b.name ? (a.region < b.region ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
  const total = alarms.length;
  const inAlarm = alarms.filter((a) => a.state === 'ALARM');
  if (inAlarm.length > 0) {
    const summary = alarmHaltSummary(
      spec.name,
      ring,
      inAlarm.map((a) => ({
        name: a.name,
        region: a.region,
        reason: a.reason,
        since: a.updatedMs === null ? null : clockTime(a.updatedMs),
      })),
    );
    return result(
      'fail',
      inAlarm.map(alarmLine).join('; '),
      { alarm: inAlarm.length, total },
      summary,
    );
  }
  // Alarms are regional: a named alarm must exist in one of the gate's regions.
  const missing =
    spec.names === null ? [] : spec.names.filter((n) => !alarms.some((a) => a.name === n));
  const unknown = alarms.filter((a) => a.state === 'INSUFFICIENT_DATA');
  const problems = [
    ...(missing.length > 0
      ? [`no such alarm in ${spec.regions.join(', ')}: ${missing.join(', ')}`]
      : []),
    ...(total === 0 && spec.names === null ? [`no alarm matches ${watched}`] : []),
    ...(unknown.length > 0 ? [alarmsWithoutDataLine(unknown)] : []),
  ];
  if (problems.length > 0) {
    return result('inconclusive', problems.join('; '), { alarm: 0, total });
  }
  return result('pass', `all ${total} of the ${watched} are OK`, { alarm: 0, total });
}
