/**
 * Words a person reads about CloudWatch alarm gates: what each alarm state means for the
 * rollout, and the halt summary naming the alarm and CloudWatch's own reason.
 */

/** A CloudWatch metric alarm state, as DescribeAlarms reports it. */
export type CloudWatchAlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The state in words (never the raw enum). */
export function alarmStateWords(state: CloudWatchAlarmState): string {
  switch (state) {
    case 'OK':
      return 'OK';
    case 'ALARM':
      return 'in alarm';
    case 'INSUFFICIENT_DATA':
      return 'without enough data';
    default: {
      const never: never = state;
      return String(never);
    }
  }
}

/** `alarm web-5xx (us-east-1) is in alarm: Threshold Crossed: ...` */
export function alarmLine(a: {
  readonly name: string;
  readonly region: string;
  readonly state: CloudWatchAlarmState;
  readonly reason: string;
}): string {
  return `alarm ${a.name} (${a.region}) is ${alarmStateWords(a.state)}: ${a.reason}`;
}

/**
 * Alarms without enough data, as one phrase: their names and CloudWatch's reason for the
 * first (they are nearly always the same words).
 */
export function alarmsWithoutDataLine(
  alarms: readonly { readonly name: string; readonly region: string; readonly reason: string }[],
): string {
  const names = alarms.map((a) => `${a.name} (${a.region})`).join(', ');
  const first = alarms[0]?.reason ?? '';
  return `${alarms.length === 1 ? 'alarm' : `${alarms.length} alarms`} ${alarmStateWords('INSUFFICIENT_DATA')}: ${names} (CloudWatch: ${first})`;
}

/** What the gate watches: `alarms named a, b in us-east-1` or `alarms named shop-* in ...`. */
export function alarmSelectionWords(
  names: readonly string[] | null,
  prefix: string | null,
  regions: readonly string[],
): string {
  const which =
    names !== null ? `alarms named ${names.join(', ')}` : `alarms named ${prefix ?? ''}*`;
  return `${which} in ${regions.join(', ')}`;
}

/** The halt summary of a failed alarm gate. */
export function alarmHaltSummary(
  gate: string,
  ring: string | null,
  inAlarm: readonly {
    readonly name: string;
    readonly region: string;
    readonly reason: string;
    readonly since: string | null;
  }[],
): string {
  const where = ring === null ? 'the platform' : `ring ${ring}`;
  const each = inAlarm.map(
    (a) => `${a.name} (${a.region})${a.since !== null ? ` since ${a.since}` : ''}: ${a.reason}`,
  );
  // One line, as every halt summary: it is journaled and printed as one.
  return `Gate ${gate} failed for ${where}: CloudWatch reports ${inAlarm.length === 1 ? 'an alarm' : `${inAlarm.length} alarms`} in ALARM: ${each.join('; ')}`;
}
