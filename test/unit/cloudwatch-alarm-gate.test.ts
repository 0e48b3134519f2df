/**
 * CloudWatch alarms as a gate (core/gates/alarm-gate): ALARM fails and names the alarm with
 * its StateReason, INSUFFICIENT_DATA / missing / unreadable are inconclusive (fail closed),
 * all OK passes; and the plan schema places its errors.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import {
  evaluateAlarmGate,
  type AlarmGateSpec,
  type AlarmSeen,
} from '../../src-main/core/gates/alarm-gate';
import { formatPlanError, parsePlanText } from '../../src-main/core/plan';

const NOW = Date.UTC(2026, 10, 30, 3, 0, 0);
const spec: AlarmGateSpec = {
  name: 'shop-alarms',
  kind: 'cloudwatch-alarms',
  platform: false,
  names: ['web-5xx', 'api-5xx'],
  prefix: null,
  regions: ['us-east-1', 'eu-west-1'],
  profile: null,
};
const alarm = (name: string, state: AlarmSeen['state'], region = 'us-east-1'): AlarmSeen => ({
  name,
  region,
  state,
  reason:
    state === 'ALARM'
      ? 'Threshold Crossed: 1 out of the last 1 datapoints [0.034 (30/11/26 02:58:00)] was greater than the threshold (0.02)'
      : state === 'OK'
        ? 'Threshold Crossed: 1 out of the last 1 datapoints [0.004] was not greater than the threshold (0.02)'
        : 'Insufficient Data: 1 datapoint was unknown.',
  updatedMs: NOW - 30_000,
});

describe('evaluateAlarmGate', () => {
  it('fails when an alarm is in ALARM, naming it and its StateReason in the halt summary', () => {
    const r = evaluateAlarmGate(
      spec,
      { ok: true, alarms: [alarm('web-5xx', 'ALARM'), alarm('api-5xx', 'OK', 'eu-west-1')] },
      NOW,
      'canary',
    );
    expect(r.evaluation.outcome).toBe('fail');
    expect(r.evaluation.evidence.reason).toBe(
      'alarm web-5xx (us-east-1) is in alarm: Threshold Crossed: 1 out of the last 1 datapoints [0.034 (30/11/26 02:58:00)] was greater than the threshold (0.02)',
    );
    expect(r.summary).toBe(
      'Gate shop-alarms failed for ring canary: CloudWatch reports an alarm in ALARM: web-5xx (us-east-1) since 02:59:30: Threshold Crossed: 1 out of the last 1 datapoints [0.034 (30/11/26 02:58:00)] was greater than the threshold (0.02)',
    );
  });

  it('is inconclusive without data, for a missing alarm, or when CloudWatch cannot be read', () => {
    const noData = evaluateAlarmGate(
      spec,
      { ok: true, alarms: [alarm('web-5xx', 'INSUFFICIENT_DATA'), alarm('api-5xx', 'OK')] },
      NOW,
      'canary',
    );
    expect(noData.evaluation.outcome).toBe('inconclusive');
    expect(noData.evaluation.evidence.reason).toBe(
      'alarm without enough data: web-5xx (us-east-1) (CloudWatch: Insufficient Data: 1 datapoint was unknown.)',
    );
    expect(noData.summary).toBeNull();
    const missing = evaluateAlarmGate(
      spec,
      { ok: true, alarms: [alarm('web-5xx', 'OK')] },
      NOW,
      'c',
    );
    expect(missing.evaluation.outcome).toBe('inconclusive');
    expect(missing.evaluation.evidence.reason).toBe(
      'no such alarm in us-east-1, eu-west-1: api-5xx',
    );
    const none = evaluateAlarmGate(
      { ...spec, names: null, prefix: 'shop-' },
      { ok: true, alarms: [] },
      NOW,
      'c',
    );
    expect(none.evaluation.evidence.reason).toBe(
      'no alarm matches alarms named shop-* in us-east-1, eu-west-1',
    );
    expect(none.evaluation.outcome).toBe('inconclusive');
    const denied = evaluateAlarmGate(
      spec,
      { ok: false, errors: ['eu-west-1: permission denied (AccessDenied: no)'] },
      NOW,
      'c',
    );
    expect(denied.evaluation.outcome).toBe('inconclusive');
    expect(denied.evaluation.evidence.reason).toBe(
      'cannot read alarms named web-5xx, api-5xx in us-east-1, eu-west-1: eu-west-1: permission denied (AccessDenied: no)',
    );
  });

  it('passes only when every watched alarm is OK (any state mix: ALARM > no data > OK)', () => {
    const states = fc.constantFrom<AlarmSeen['state']>('OK', 'ALARM', 'INSUFFICIENT_DATA');
    fc.assert(
      fc.property(fc.array(states, { minLength: 1, maxLength: 8 }), (xs) => {
        const alarms = xs.map((s, i) => alarm(`a${i}`, s));
        const r = evaluateAlarmGate(
          { ...spec, names: null, prefix: 'a' },
          { ok: true, alarms },
          NOW,
          'ring',
        );
        const want = xs.includes('ALARM')
          ? 'fail'
          : xs.includes('INSUFFICIENT_DATA')
            ? 'inconclusive'
            : 'pass';
        expect(r.evaluation.outcome).toBe(want);
        expect(r.summary !== null).toBe(want === 'fail');
      }),
    );
  });

  it('a platform gate reads with ring null and says so', () => {
    const r = evaluateAlarmGate(
      { ...spec, platform: true },
      { ok: true, alarms: [alarm('web-5xx', 'ALARM'), alarm('api-5xx', 'OK')] },
      NOW,
      null,
    );
    expect(r.evaluation.platform).toBe(true);
    expect(r.summary).toMatch(/^Gate shop-alarms failed for the platform:/);
  });
});

describe('plan schema: cloudwatch-alarms gates', () => {
  function errorsOf(gate: unknown): string[] {
    const doc = {
      release: { name: 'web', version: '2', previous: '1' },
      fleet: { hosts: [{ name: 'a', address: '127.0.0.1' }] },
      domains: { count: 1 },
      rings: [
        { name: 'all', select: { rest: true }, bake: '0s', promotion: 'manual', gates: ['g'] },
      ],
      deploy: { steps: [{ name: 'i', command: 'appctl install {{version}}', timeout: '5s' }] },
      gates: [gate],
    };
    const r = parsePlanText(YAML.stringify(doc), 'p.yaml');
    return r.ok ? [] : r.error.map(formatPlanError);
  }
  it('accepts names or a prefix with regions', () => {
    expect(
      errorsOf({
        name: 'g',
        kind: 'cloudwatch-alarms',
        alarms: { names: ['x'], regions: ['us-east-1'] },
      }),
    ).toEqual([]);
    expect(
      errorsOf({
        name: 'g',
        kind: 'cloudwatch-alarms',
        platform: true,
        alarms: { prefix: 'shop-', regions: ['eu-west-1'], profile: 'prod' },
      }),
    ).toEqual([]);
  });
  it('names the place of each mistake', () => {
    expect(
      errorsOf({ name: 'g', kind: 'cloudwatch-alarms', alarms: { regions: ['us-east-1'] } }),
    ).toEqual([
      expect.stringMatching(
        /^p\.yaml:\d+:\d+: gates\[0\]\.alarms: expected exactly one of names: \[ALARM, \.\.\.\] or prefix: TEXT$/,
      ),
    ]);
    expect(
      errorsOf({
        name: 'g',
        kind: 'cloudwatch-alarms',
        alarms: { prefix: 'a', regions: ['Mars'] },
      }),
    ).toEqual([expect.stringContaining("'Mars' is not a region name (expected e.g. eu-west-1)")]);
    expect(errorsOf({ name: 'g', kind: 'alarms', alarms: {} })).toEqual([
      expect.stringContaining(
        'expected a gate with kind one of: threshold, baseline, sequential, cloudwatch-alarms',
      ),
    ]);
  });
});
