/**
 * Progress as one-line sentences for a headless run (`ringside run`): per ring, update
 * domain and host, with an ETA. Concise by design: at most one line per host step end
 * (failures, and a host's last step), gate lines only when a verdict changes.
 */
import { formatDuration } from '../core/duration';
import { approvalsWaitingWords } from '../core/words';
import {
  eta,
  passphraseChoicesWords,
  passphraseWaitWords,
  type RolloutEvent,
  type RolloutState,
} from '../core/rollout';
import type { EngineEvent } from '../runtime/engine-types';

function seconds(ms: number): string {
  // Sub-second precision is noise in a progress line.
  return formatDuration(ms < 1000 ? ms : Math.round(ms / 1000) * 1000);
}

function ringProgress(s: RolloutState, ring: string, now: number): string {
  const r = s.rings.find((x) => x.name === ring);
  const e = eta(s, now);
  const etaText =
    e === null
      ? ''
      : `, ETA ${seconds(e.remainingMs)}${e.manualPromotions > 0 ? ` + ${e.manualPromotions} manual promotion(s)` : ''}`;
  return r
    ? `ring ${r.done + r.failed}/${r.total}${r.failed > 0 ? ` (${r.failed} failed)` : ''}${etaText}`
    : '';
}

/** Formats engine events; keeps the little memory it needs (last gate verdicts). */
/** A summary's lines, indented under the line that introduces it; none for no summary. */
function summaryLines(summary: string | null | undefined): string[] {
  return summary ? summary.split('\n').map((l) => `  ${l}`) : [];
}

export class ProgressLines {
  private readonly gates = new Map<string, string>();

  constructor(
    private readonly verbose: boolean,
    private readonly now: () => number,
  ) {}

  /** The lines to print for one engine event (often none). */
  lines(e: EngineEvent): string[] {
    switch (e.type) {
      case 'journaled':
        return e.events.flatMap((ev) => this.event(ev, e.state));
      case 'step-start':
        return this.verbose ? [`  ${e.host}: ${e.phase} ${e.step}: ${e.command}`] : [];
      case 'step-end':
        return this.verbose ? [`  ${e.host}: ${e.phase} ${e.step}: ${e.detail}`] : [];
      case 'output':
        return this.verbose ? [`  ${e.host}| ${e.line}`] : [];
      case 'warning':
        return [`warning: ${e.message}`];
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private event(ev: RolloutEvent, s: RolloutState): string[] {
    const now = this.now();
    switch (ev.type) {
      case 'RolloutCreated':
        return [
          `rollout of ${ev.plan.release.name} ${ev.plan.release.version} created: ${ev.plan.hosts.length} hosts, ${ev.plan.rings.length} rings`,
        ];
      case 'RolloutStarted':
        return [`rollout started by ${ev.by}`];
      case 'RingStarted': {
        const r = s.rings.find((x) => x.name === ev.ring);
        return [
          `[${ev.ring}] started: ${r?.total ?? 0} hosts in ${r?.domains.length ?? 0} update domain(s)`,
        ];
      }
      case 'DomainStarted': {
        const d = s.rings
          .find((x) => x.name === ev.ring)
          ?.domains.find((x) => x.name === ev.domain);
        return [`[${ev.ring}] domain ${ev.domain} started: ${d?.total ?? 0} hosts`];
      }
      case 'HostStepSucceeded': {
        const h = s.hosts[ev.host];
        if (ev.phase !== 'deploy' || h?.status !== 'done') {
          return [];
        }
        const d = s.rings
          .find((x) => x.name === ev.ring)
          ?.domains.find((x) => x.name === ev.domain);
        return [
          `[${ev.ring}] domain ${ev.domain} ${d?.done ?? 0}/${d?.total ?? 0} hosts done (${ev.host}), ${ringProgress(s, ev.ring, now)}`,
        ];
      }
      case 'HostStepFailed':
        return [
          `[${ev.ring}] domain ${ev.domain} ${ev.host}: ${ev.phase} step ${ev.step} FAILED: ${ev.reason}`,
        ];
      case 'HostInDoubt':
        return [
          `[${ev.ring}] ${ev.host}: ${ev.phase} step ${ev.step} is in doubt (its end was never journaled)`,
        ];
      case 'InDoubtResolved':
        return [
          `[${ev.ring}] ${ev.host}: doubt about ${ev.step} settled: ${ev.resolution} (${ev.by}${ev.reason !== undefined ? `: ${ev.reason}` : ''})`,
        ];
      case 'HostNeedsApproval':
        return [`${ev.host}: host key ${ev.fingerprint} is not known; the host waits for approval`];
      case 'HostKeyApproved':
        return [`${ev.host}: host key ${ev.fingerprint} approved by ${ev.by}`];
      case 'HostKeyRejected':
        return [`${ev.host}: host key ${ev.fingerprint} rejected by ${ev.by}; the host failed`];
      case 'HostNeedsPassphrase':
        return [`${ev.host}: ${passphraseWaitWords(ev.key)}; ${passphraseChoicesWords(ev.host)}`];
      case 'PassphraseRetried':
        return [`${ev.host}: passphrase of ${ev.key} asked again by ${ev.by}`];
      case 'HostGivenUp':
        return [`${ev.host}: given up by ${ev.by} (${ev.reason}); the host failed`];
      case 'DomainCompleted':
        return [
          `[${ev.ring}] domain ${ev.domain} completed: ${ev.succeeded} ok, ${ev.failed} failed, ${ringProgress(s, ev.ring, now)}`,
        ];
      case 'BakeStarted':
        return [`[${ev.ring}] baking for ${seconds(Math.max(0, ev.endsAt - ev.at))}`];
      case 'BakeElapsed':
        return [`[${ev.ring}] bake elapsed`];
      case 'GateEvaluated': {
        const key = `${ev.ring ?? '(platform)'}/${ev.gate}`;
        if (this.gates.get(key) === ev.outcome) {
          return [];
        }
        this.gates.set(key, ev.outcome);
        const reason = typeof ev.evidence.reason === 'string' ? ` (${ev.evidence.reason})` : '';
        return [`[${ev.ring ?? 'platform'}] gate ${ev.gate}: ${ev.outcome}${reason}`];
      }
      case 'RingHealthy':
        return [`[${ev.ring}] healthy: bake elapsed, every gate passed`];
      // The summary is a paragraph: each of its lines is a line of output (a "\n" inside one
      // line would be escaped and print as a literal backslash-n).
      case 'RingHalted':
        return [`[${ev.ring}] HALTED: ${ev.reason}`, ...summaryLines(ev.summary)];
      case 'HaltSummaryWritten':
        return [`[${ev.ring}] halt summary:`, ...summaryLines(ev.summary)];
      case 'PromotionApproved':
        return [
          `[${ev.ring}] promotion approved by ${ev.by} (${ev.counted} of ${ev.needed})${ev.override ? ` with override: ${ev.override.reason}` : ''}${ev.counted < ev.needed ? `: ${approvalsWaitingWords(ev.needed - ev.counted)}` : ''}`,
        ];
      case 'Promoted':
        return [
          `[${ev.ring}] promoted${ev.next ? ` to ${ev.next}` : ' (last ring)'} by ${ev.by}${ev.override ? ` with override: ${ev.override.reason}` : ''}`,
        ];
      case 'RollbackStarted':
        return [`rollback of ${ev.rings.join(', ')} started by ${ev.by}: ${ev.reason}`];
      case 'HostRolledBack':
        return [`[${ev.ring}] domain ${ev.domain} ${ev.host} rolled back`];
      case 'RollbackCompleted':
        return [`rollback of ${ev.rings.join(', ')} completed`];
      case 'Paused':
        return [`paused by ${ev.by}: ${ev.reason}`];
      case 'Resumed':
        return [`resumed by ${ev.by}: ${ev.reason}`];
      case 'Aborted':
        return [`aborted by ${ev.by}: ${ev.reason}`];
      case 'OperatorNote':
        return [`note by ${ev.by}: ${ev.text}`];
      case 'AnomalyDetected':
        return [`[${ev.ring}] anomaly in ${ev.metric}: ${ev.detail}`];
      case 'RolloutCompleted':
        return ['rollout completed'];
      case 'HostStepStarted':
        return [];
      default: {
        const never: never = ev;
        return never;
      }
    }
  }
}
