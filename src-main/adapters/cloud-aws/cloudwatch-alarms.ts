/**
 * Reads the CloudWatch metric alarms a cloudwatch-alarms gate watches: DescribeAlarms in
 * each of its regions (by names, at most 100 a call, or by prefix, every page), credentials
 * from the SDK's default chain (the gate's profile) or the rehearsal's simulated account, as
 * the EC2 inventory gets them. Each failure is one line naming the region, in the API's words.
 */
import {
  CloudWatchClient,
  paginateDescribeAlarms,
  type DescribeAlarmsCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { defaultChain } from './lazy-sdk';
import type { AlarmGateSpec, AlarmRead, AlarmSeen } from '../../core/gates/alarm-gate';
import { escapeControls } from '../../core/boundary-text';
import { describeFailure, type AwsCall } from './aws-errors';
import type { AwsAccess } from './ec2-inventory';

const DESCRIBE_ALARMS: AwsCall = {
  service: 'CloudWatch',
  operation: 'DescribeAlarms',
  action: 'cloudwatch:DescribeAlarms',
  checkHint: "check the gate's alarms: names (at most 100) or prefix",
};

/** Reads a gate's alarms; one reader (and one client per region) serves every gate. */
export interface AlarmReader {
  read(spec: AlarmGateSpec): Promise<AlarmRead>;
  close(): void;
}

const STATES = new Set(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

/** A reader through the official SDK; `access` only for the dress rehearsal's simulated account. */
export function createAlarmReader(access?: AwsAccess): AlarmReader {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = new Map<string, CloudWatchClient>();
  const clientFor = (region: string, profile: string | null): CloudWatchClient => {
    const key = `${profile ?? ''}@${region}`;
    const found = clients.get(key);
    if (found) {
      return found;
    }
    const c = new CloudWatchClient({
      region,
      credentials: access?.credentials ?? defaultChain(profile),
      maxAttempts: 4,
      retryMode: 'standard',
      ...(access ? { endpoint: access.endpoint } : {}),
    });
    clients.set(key, c);
    return c;
  };
  const readRegion = async (spec: AlarmGateSpec, region: string): Promise<AlarmSeen[]> => {
    const client = clientFor(region, spec.profile);
    const inputs: DescribeAlarmsCommandInput[] =
      spec.names !== null
        ? chunks(spec.names, 100).map((AlarmNames) => ({ AlarmNames, AlarmTypes: ['MetricAlarm'] }))
        : [{ AlarmNamePrefix: spec.prefix ?? '', AlarmTypes: ['MetricAlarm'] }];
    const out: AlarmSeen[] = [];
    for (const input of inputs) {
      for await (const page of paginateDescribeAlarms({ client, pageSize: 100 }, input)) {
        for (const a of page.MetricAlarms ?? []) {
          const state = a.StateValue ?? '';
          out.push({
            name: escapeControls(a.AlarmName ?? ''),
            region,
            // An unknown state is not OK: read it as lacking data (fail closed).
            state: STATES.has(state) ? (state as AlarmSeen['state']) : 'INSUFFICIENT_DATA',
            reason: escapeControls(a.StateReason ?? '(no reason given)'),
            updatedMs: a.StateUpdatedTimestamp ? a.StateUpdatedTimestamp.getTime() : null,
          });
        }
      }
    }
    return out;
  };
  return {
    read: async (spec) => {
      const results = await Promise.all(
        spec.regions.map(async (region) => {
          try {
            return { ok: true as const, alarms: await readRegion(spec, region) };
          } catch (e) {
            const endpoint = access?.endpoint ?? `monitoring.${region}.amazonaws.com`;
            return {
              ok: false as const,
              error: `${region}: ${describeFailure(e, { region, profile: spec.profile ?? undefined, endpoint, call: DESCRIBE_ALARMS })}`,
            };
          }
        }),
      );
      const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
      return errors.length > 0
        ? { ok: false, errors }
        : { ok: true, alarms: results.flatMap((r) => (r.ok ? r.alarms : [])) };
    },
    close: () => {
      for (const c of clients.values()) {
        c.destroy();
      }
      clients.clear();
    },
  };
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) {
    out.push(xs.slice(i, i + n));
  }
  return out;
}
