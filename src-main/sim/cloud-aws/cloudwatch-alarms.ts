/**
 * The simulated account's CloudWatch metric alarms, evaluated from the recorder's datapoints
 * as CloudWatch evaluates them: the statistic of each of the last `EvaluationPeriods` complete
 * periods is compared with the threshold; `DatapointsToAlarm` breaching ones -> ALARM; no
 * datapoint in any of them -> INSUFFICIENT_DATA (TreatMissingData `missing`); else OK. The
 * state, its reason and StateUpdatedTimestamp change only on a transition.
 *
 * The alarms every account defines ({@link simAlarmDefinitions}):
 * - per Auto Scaling group `ASG-5xx`: Ringside/App ErrorRate, Maximum over the group's
 *   instances, 30 s periods, 1 of 1, > 0.02. A healthy host answers 0.5% 5xx, a "-bad"
 *   release 3%: at 20 requests/s a period holds ~600 requests, so a bad host breaches in ~9
 *   periods of 10 and a good one about once in 100,000.
 * - per Auto Scaling group `ASG-cpu-high`: AWS/EC2 CPUUtilization, Average, 60 s, 3 of 3, > 80.
 * - `shop-lb-unhealthy-hosts` in every region: AWS/ApplicationELB UnHealthyHostCount, which no simulated
 *   host publishes: always INSUFFICIENT_DATA.
 */
import type { SimInstance } from './account';
import {
  APP_NAMESPACE,
  ASG_TAG,
  statistic,
  type Dimension,
  type MetricRecorder,
} from './cloudwatch-metrics';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type ComparisonOperator =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** What PutMetricAlarm would have been given. */
export interface AlarmDefinition {
  /** Alarms are regional; DescribeAlarms answers a region's own. */
  readonly region: string;
  readonly AlarmName: string;
  readonly AlarmDescription: string;
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly Dimension[];
  readonly Statistic: string;
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm: number;
  readonly Threshold: number;
  readonly ComparisonOperator: ComparisonOperator;
}

/** The alarms of an account with these instances (see the module comment). */
export function simAlarmDefinitions(instances: readonly SimInstance[]): AlarmDefinition[] {
  const asgs = new Map<string, string>();
  for (const i of instances) {
    const asg = i.tags[ASG_TAG];
    if (asg !== undefined) {
      asgs.set(asg, i.region);
    }
  }
  const out: AlarmDefinition[] = [];
  for (const [asg, region] of [...asgs].sort()) {
    const dims = [{ Name: 'AutoScalingGroupName', Value: asg }];
    out.push({
      region,
      AlarmName: `${asg}-5xx`,
      AlarmDescription: `5xx share of any instance of ${asg} above 2% over 30 seconds`,
      Namespace: APP_NAMESPACE,
      MetricName: 'ErrorRate',
      Dimensions: dims,
      Statistic: 'Maximum',
      Period: 30,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 0.02,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    out.push({
      region,
      AlarmName: `${asg}-cpu-high`,
      AlarmDescription: `average CPU of ${asg} above 80% for 3 minutes`,
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: dims,
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  }
  for (const region of [...new Set(instances.map((i) => i.region))].sort()) {
    out.push({
      region,
      AlarmName: 'shop-lb-unhealthy-hosts',
      AlarmDescription: 'unhealthy targets behind the shop load balancer',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Dimensions: [{ Name: 'LoadBalancer', Value: 'app/shop/0123456789abcdef' }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  }
  return out;
}

/** An alarm with its current state, as DescribeAlarms reports it. */
export interface AlarmStatus {
  readonly def: AlarmDefinition;
  readonly state: AlarmState;
  readonly reason: string;
  readonly reasonData: string;
  readonly updatedMs: number;
}

const WORDS: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function breaches(op: ComparisonOperator, v: number, t: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold':
      return v > t;
    case 'GreaterThanOrEqualToThreshold':
      return v >= t;
    case 'LessThanThreshold':
      return v < t;
    case 'LessThanOrEqualToThreshold':
      return v <= t;
  }
}

/** CloudWatch's datapoint time in reasons: `30/11/26 02:40:00`. */
function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Holds every alarm's state; `evaluate(now)` moves them. */
export class SimAlarms {
  private readonly status = new Map<string, AlarmStatus>();

  constructor(
    readonly definitions: readonly AlarmDefinition[],
    private readonly metrics: MetricRecorder,
    createdMs: number,
  ) {
    for (const def of definitions) {
      this.status.set(`${def.region}/${def.AlarmName}`, {
        def,
        state: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        reasonData: '',
        updatedMs: createdMs,
      });
    }
  }

  /** Every alarm's status after evaluating at `nowMs`, in name order. */
  evaluate(nowMs: number): AlarmStatus[] {
    for (const [key, cur] of this.status) {
      const next = this.judge(cur.def, nowMs);
      if (next.state !== cur.state) {
        this.status.set(key, { ...cur, ...next, updatedMs: nowMs });
      } else if (cur.reason.startsWith('Unchecked')) {
        // The first evaluation explains the initial state, without a transition.
        this.status.set(key, { ...cur, ...next });
      }
    }
    return [...this.status.values()].sort((a, b) =>
      a.def.AlarmName < b.def.AlarmName ? -1 : a.def.AlarmName > b.def.AlarmName ? 1 : 0,
    );
  }

  private judge(
    def: AlarmDefinition,
    nowMs: number,
  ): { state: AlarmState; reason: string; reasonData: string } {
    const p = def.Period * 1000;
    const end = Math.floor(nowMs / p) * p; // complete periods only
    const from = end - def.EvaluationPeriods * p;
    const points = this.metrics
      .points(def.region, def.Namespace, def.MetricName, def.Dimensions, def.Period, from, end)
      .map((x) => ({ start: x.start, v: statistic(def.Statistic, x.values) }))
      .filter((x): x is { start: number; v: number } => x.v !== undefined)
      .reverse();
    const words = WORDS[def.ComparisonOperator];
    const data = JSON.stringify({
      version: '1.0',
      queryDate: new Date(nowMs).toISOString(),
      statistic: def.Statistic,
      period: def.Period,
      recentDatapoints: points.map((x) => x.v),
      threshold: def.Threshold,
    });
    if (points.length === 0) {
      return {
        state: 'INSUFFICIENT_DATA',
        reason: `Insufficient Data: ${def.EvaluationPeriods} datapoint${def.EvaluationPeriods === 1 ? ' was' : 's were'} unknown.`,
        reasonData: data,
      };
    }
    const breaching = points.filter((x) => breaches(def.ComparisonOperator, x.v, def.Threshold));
    const list = (xs: { start: number; v: number }[]): string =>
      xs.map((x) => `${Number(x.v.toPrecision(6))} (${stamp(x.start)})`).join(', ');
    if (breaching.length >= def.DatapointsToAlarm) {
      return {
        state: 'ALARM',
        reason: `Threshold Crossed: ${breaching.length} out of the last ${def.EvaluationPeriods} datapoints [${list(breaching)}] ${breaching.length === 1 ? 'was' : 'were'} ${words} the threshold (${def.Threshold}) (minimum ${def.DatapointsToAlarm} datapoint${def.DatapointsToAlarm === 1 ? '' : 's'} for OK -> ALARM transition).`,
        reasonData: data,
      };
    }
    return {
      state: 'OK',
      reason: `Threshold Crossed: ${points.length - breaching.length} out of the last ${def.EvaluationPeriods} datapoints [${list(points.filter((x) => !breaching.includes(x)))}] ${points.length - breaching.length === 1 ? 'was' : 'were'} not ${words} the threshold (${def.Threshold}) (minimum 1 datapoint for ALARM -> OK transition).`,
      reasonData: data,
    };
  }
}
