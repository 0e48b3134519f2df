/** The simulated account's CloudWatch, assembled: recorder, alarms and the JSON 1.0 service. */
import type { SimInstance } from './account';
import { SimAlarms, simAlarmDefinitions } from './cloudwatch-alarms';
import { MetricRecorder, type CountersOf } from './cloudwatch-metrics';
import { SimCloudWatch, type CloudWatchAnswer } from './cloudwatch-service';

export interface SimCloudWatchSide {
  readonly metrics: MetricRecorder;
  readonly alarms: SimAlarms;
  /** Answers one signed, authorized request (the server checked signature and faults). */
  answer(target: string, region: string, body: Buffer): CloudWatchAnswer;
  stop(): void;
}

/** Starts recording the instances' metrics once a second and serves them with the alarms. */
export function startSimCloudWatch(
  instances: readonly SimInstance[],
  counters: CountersOf,
  now: () => number,
  historyMs = 0,
): SimCloudWatchSide {
  const metrics = new MetricRecorder(instances, counters, now);
  const alarms = new SimAlarms(simAlarmDefinitions(instances), metrics, now());
  const service = new SimCloudWatch(metrics, alarms, now);
  metrics.start(historyMs);
  return {
    metrics,
    alarms,
    answer: (target, region, body) => {
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return {
          status: 400,
          body: { __type: 'SerializationException', message: 'body is not JSON' },
        };
      }
      return service.handle(target, region, input);
    },
    stop: () => metrics.stop(),
  };
}
