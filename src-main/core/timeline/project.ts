import { SYSTEM_ACTOR, type RolloutEvent } from '../rollout/event';
import { passphraseWaitWords } from '../rollout/waiting-words';
import { clockTime } from '../words/clock-time';
import { approvalsWaitingWords } from '../words/approval-words';
import { formatDuration } from '../duration';

/** What sort of thing happened, for filters and badges. */
export type TimelineKind =
  | 'lifecycle'
  | 'deploy'
  | 'host'
  | 'bake'
  | 'gate'
  | 'promotion'
  | 'halt'
  | 'rollback'
  | 'operator'
  | 'anomaly';

/** Every kind, in the order filters list them. */
export const timelineKinds: readonly TimelineKind[] = [
  'lifecycle',
  'deploy',
  'host',
  'bake',
  'gate',
  'promotion',
  'halt',
  'rollback',
  'operator',
  'anomaly',
];

export type TimelineSeverity = 'info' | 'warning' | 'critical';

/** One line of the incident timeline. Plain data: every exporter reads only this. */
export interface TimelineEntry {
  /** Position in the journal (0-based). */
  readonly seq: number;
  /** ms since epoch. */
  readonly at: number;
  /** UTC ISO-8601 time. */
  readonly time: string;
  /** Who acted: an operator's name, `ringside` for the core's own decisions, `engine` for reports. */
  readonly who: string;
  readonly ring: string | null;
  readonly host: string | null;
  readonly kind: TimelineKind;
  readonly severity: TimelineSeverity;
  /** The event's type tag, for machines. */
  readonly event: RolloutEvent['type'];
  /** One plain-language sentence. */
  readonly text: string;
}

const ENGINE = 'engine';

function entry(
  e: RolloutEvent,
  seq: number,
  kind: TimelineKind,
  text: string,
  extra: {
    who?: string;
    ring?: string | null;
    host?: string | null;
    severity?: TimelineSeverity;
  } = {},
): TimelineEntry {
  return {
    seq,
    at: e.at,
    time: new Date(e.at).toISOString(),
    who: extra.who ?? ENGINE,
    ring: extra.ring ?? null,
    host: extra.host ?? null,
    kind,
    severity: extra.severity ?? 'info',
    event: e.type,
    text,
  };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Projects one event into its timeline entry. Total: every event type has a sentence. */
export function describeEvent(e: RolloutEvent, seq: number): TimelineEntry {
  switch (e.type) {
    case 'RolloutCreated':
      return entry(
        e,
        seq,
        'lifecycle',
        `Rollout of ${e.plan.release.name} ${e.plan.release.version} (from ${e.plan.release.previous}) created for ${e.plan.hosts.length} hosts in ${e.plan.rings.length} rings.` +
          (e.plan.release.digest !== undefined ? ` Pinned digest ${e.plan.release.digest}.` : ''),
        { who: e.by },
      );
    case 'RolloutStarted':
      return entry(e, seq, 'lifecycle', 'Rollout started.', { who: e.by });
    case 'RingStarted':
      return entry(e, seq, 'deploy', `Ring ${e.ring} started deploying.`, { ring: e.ring });
    case 'DomainStarted':
      return entry(e, seq, 'deploy', `Update domain ${e.domain} of ring ${e.ring} started.`, {
        ring: e.ring,
      });
    case 'HostStepStarted':
      return entry(
        e,
        seq,
        e.phase === 'rollback' ? 'rollback' : 'host',
        `${e.host}: ${e.phase} step ${e.step} started (attempt ${e.attempt}).`,
        { ring: e.ring, host: e.host },
      );
    case 'HostStepSucceeded':
      return entry(
        e,
        seq,
        e.phase === 'rollback' ? 'rollback' : 'host',
        `${e.host}: ${e.phase} step ${e.step} succeeded in ${seconds(e.durationMs)}${ssmWords(e.ssmCommandId)}.`,
        { ring: e.ring, host: e.host },
      );
    case 'HostStepFailed':
      return entry(
        e,
        seq,
        e.phase === 'rollback' ? 'rollback' : 'host',
        `${e.host}: ${e.phase} step ${e.step} failed after ${seconds(e.durationMs)}: ${e.reason}${e.exitCode === null ? '' : ` (exit ${e.exitCode})`}${ssmWords(e.ssmCommandId)}.`,
        { ring: e.ring, host: e.host, severity: 'warning' },
      );
    case 'HostInDoubt':
      return entry(
        e,
        seq,
        'host',
        `${e.host}: ${e.phase} step ${e.step} was running when Ringside stopped; the host is in doubt and will be verified.`,
        { ring: e.ring, host: e.host, severity: 'warning' },
      );
    case 'InDoubtResolved': {
      const how = {
        completed: 'the step had taken effect',
        retry: 'the step will run again',
        failed: 'the host counts as failed',
      }[e.resolution];
      const why = e.reason !== undefined ? ` (${e.reason})` : '';
      const text = `${e.host}: doubt about ${e.step} resolved: ${how}${why}${ssmWords(e.ssmCommandId)}.`;
      return entry(e, seq, 'host', text, {
        who: e.by,
        ring: e.ring,
        host: e.host,
      });
    }
    case 'HostNeedsApproval':
      return entry(
        e,
        seq,
        'host',
        `${e.host} presented an unknown host key ${e.fingerprint}; waiting for approval.`,
        { host: e.host, severity: 'warning' },
      );
    case 'HostKeyApproved':
      return entry(
        e,
        seq,
        'operator',
        `Host key ${e.fingerprint} of ${e.host} approved${e.note !== undefined ? ` (${e.note})` : ''}.`,
        {
          who: e.by,
          host: e.host,
        },
      );
    case 'HostKeyRejected':
      return entry(
        e,
        seq,
        'operator',
        `Host key ${e.fingerprint} of ${e.host} rejected: the host counts as failed.`,
        { who: e.by, host: e.host, severity: 'warning' },
      );
    case 'HostNeedsPassphrase':
      return entry(e, seq, 'host', `${e.host}: ${passphraseWaitWords(e.key)}.`, {
        host: e.host,
        severity: 'warning',
      });
    case 'PassphraseRetried':
      return entry(e, seq, 'operator', `Passphrase of ${e.key} for ${e.host} asked again.`, {
        who: e.by,
        host: e.host,
      });
    case 'HostGivenUp':
      return entry(
        e,
        seq,
        'operator',
        `Gave up on ${e.host} (${e.reason}): the host counts as failed.`,
        { who: e.by, host: e.host, severity: 'warning' },
      );
    case 'DomainCompleted':
      return entry(
        e,
        seq,
        'deploy',
        `Update domain ${e.domain} of ring ${e.ring} completed: ${e.succeeded} succeeded, ${e.failed} failed.`,
        { ring: e.ring, severity: e.failed > 0 ? 'warning' : 'info' },
      );
    case 'BakeStarted':
      return entry(
        e,
        seq,
        'bake',
        `Ring ${e.ring} is baking for ${formatDuration(Math.max(0, e.endsAt - e.at))}, until ${clockTime(e.endsAt)} UTC.`,
        { ring: e.ring },
      );
    case 'BakeElapsed':
      return entry(e, seq, 'bake', `Ring ${e.ring} finished its bake.`, { ring: e.ring });
    case 'GateEvaluated': {
      const where = e.ring === null ? 'Platform gate' : `Gate ${e.gate} of ring ${e.ring}`;
      const name = e.ring === null ? ` ${e.gate}` : '';
      const reason = typeof e.evidence['reason'] === 'string' ? `: ${e.evidence['reason']}` : '';
      const severity =
        e.outcome === 'fail' ? 'critical' : e.outcome === 'pass' ? 'info' : 'warning';
      return entry(
        e,
        seq,
        'gate',
        `${where}${name}: ${e.outcome}${e.final ? ' (final)' : ''}${reason}.`,
        { ring: e.ring, severity },
      );
    }
    case 'RingHealthy':
      return entry(
        e,
        seq,
        'bake',
        `Ring ${e.ring} is healthy: bake elapsed and every gate passed.`,
        { ring: e.ring },
      );
    case 'RingHalted':
      return entry(e, seq, 'halt', `Ring ${e.ring} halted: ${e.reason}.`, {
        who: SYSTEM_ACTOR,
        ring: e.ring,
        severity: 'critical',
      });
    case 'HaltSummaryWritten':
      return entry(e, seq, 'halt', `Halt summary for ring ${e.ring}: ${e.summary}`, {
        who: SYSTEM_ACTOR,
        ring: e.ring,
        severity: 'critical',
      });
    case 'PromotionApproved': {
      const missing = Math.max(0, e.needed - e.counted);
      const override = e.override ? ` with an override (${e.override.reason})` : '';
      const then =
        missing > 0 ? `${approvalsWaitingWords(missing)}` : 'enough approvals to promote';
      return entry(
        e,
        seq,
        'promotion',
        `${e.by} approved the promotion of ring ${e.ring}${override}: ${e.counted} of ${e.needed} approvals, ${then}.`,
        { who: e.by, ring: e.ring, severity: e.override ? 'warning' : 'info' },
      );
    }
    case 'Promoted': {
      const how = e.override ? ' with override' : '';
      const to =
        e.next === null
          ? `accepted as the last ring${how}`
          : `promoted${how}; ring ${e.next} is next`;
      const override = e.override ? ` Override reason: ${e.override.reason}.` : '';
      const note = e.note ? ` Note: ${e.note}` : '';
      const approved =
        e.approvedBy !== undefined && e.approvedBy.length > 0
          ? ` Approved by ${e.approvedBy.join(', ')}.`
          : '';
      return entry(e, seq, 'promotion', `Ring ${e.ring} ${to}.${approved}${override}${note}`, {
        who: e.by,
        ring: e.ring,
        severity: e.override ? 'warning' : 'info',
      });
    }
    case 'RollbackStarted':
      return entry(
        e,
        seq,
        'rollback',
        `${e.emergency ? 'Emergency rollback' : 'Rollback'} of ${e.scope === 'all' ? 'all rings' : 'ring'} ${e.rings.join(', ')} started: ${e.reason}.`,
        { who: e.by, ring: e.rings[0] ?? null, severity: 'critical' },
      );
    case 'HostRolledBack':
      return entry(e, seq, 'rollback', `${e.host} is back on the previous version.`, {
        ring: e.ring,
        host: e.host,
      });
    case 'RollbackCompleted':
      return entry(e, seq, 'rollback', `Rollback of ${e.rings.join(', ')} completed.`, {
        ring: e.rings[0] ?? null,
      });
    case 'Paused':
      return entry(e, seq, 'operator', `Rollout paused: ${e.reason}.`, {
        who: e.by,
        severity: 'warning',
      });
    case 'Resumed':
      return entry(e, seq, 'operator', `Rollout resumed: ${e.reason}.`, { who: e.by });
    case 'Aborted':
      return entry(e, seq, 'operator', `Rollout aborted: ${e.reason}.`, {
        who: e.by,
        severity: 'critical',
      });
    case 'OperatorNote':
      return entry(e, seq, 'operator', `Note: ${e.text}`, { who: e.by });
    case 'AnomalyDetected':
      return entry(e, seq, 'anomaly', `Anomaly in ring ${e.ring}, ${e.metric}: ${e.detail}.`, {
        ring: e.ring,
        severity: 'warning',
      });
    case 'RolloutCompleted':
      return entry(e, seq, 'lifecycle', 'Rollout completed: every ring is on the new version.', {
        who: SYSTEM_ACTOR,
      });
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** Projects a journal into timeline entries, in journal order. */
export function toTimeline(events: readonly RolloutEvent[]): TimelineEntry[] {
  return events.map((e, i) => describeEvent(e, i));
}

/** What to keep; an absent or empty list keeps everything. */
export interface TimelineFilter {
  readonly rings?: readonly string[];
  readonly kinds?: readonly TimelineKind[];
  readonly operators?: readonly string[];
  /** Drop per-host step lines that went well (started/succeeded): a 1,000-host log is long. */
  readonly problemsOnly?: boolean;
}

/** Applies a filter (pure). */
export function filterTimeline(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
): TimelineEntry[] {
  const rings = f.rings && f.rings.length > 0 ? new Set(f.rings) : null;
  const kinds = f.kinds && f.kinds.length > 0 ? new Set(f.kinds) : null;
  const who = f.operators && f.operators.length > 0 ? new Set(f.operators) : null;
  return entries.filter(
    (x) =>
      (!rings || (x.ring !== null && rings.has(x.ring))) &&
      (!kinds || kinds.has(x.kind)) &&
      (!who || who.has(x.who)) &&
      (!f.problemsOnly || x.severity !== 'info' || x.host === null),
  );
}

/** Names the Systems Manager command a step ran as, when it did. */
function ssmWords(commandId: string | undefined): string {
  return commandId === undefined ? '' : `; SSM command ${commandId}`;
}
