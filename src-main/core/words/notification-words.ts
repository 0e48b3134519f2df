/** The titles and sentences of notifications: desktop (Electron, a browser tab) and webhooks. */
import { approvalsWaitingWords } from './approval-words';

/** Everything Ringside may notify about. */
export const notableKinds = [
  'halt',
  'gate-failed',
  'waiting-promotion',
  'host-key-waiting',
  'completed',
  'rolled-back',
  'aborted',
  'lease-lost',
] as const;
export type NotableKind = (typeof notableKinds)[number];

const titles: Record<NotableKind, string> = {
  halt: 'Rollout halted',
  'gate-failed': 'Gate failed',
  'waiting-promotion': 'Waiting for promotion',
  'host-key-waiting': 'Host key waiting for approval',
  completed: 'Rollout completed',
  'rolled-back': 'Rollout rolled back',
  aborted: 'Rollout aborted',
  'lease-lost': 'Lease lost',
};

/** A notification's title: what happened, in the console's words. */
export function notificationTitle(kind: NotableKind): string {
  return titles[kind];
}

/** Something went wrong and a person must act: shown until dismissed, at critical urgency. */
export function notificationUrgent(kind: NotableKind): boolean {
  return kind === 'halt' || kind === 'gate-failed' || kind === 'lease-lost' || kind === 'aborted';
}

/** What a sentence may name. */
export interface NotableDetail {
  readonly release: { readonly name: string; readonly version: string };
  readonly ring?: string;
  readonly gate?: string;
  readonly host?: string;
  readonly reason?: string;
  readonly by?: string;
  readonly previous?: string;
  /** Approvals the ring still needs before it can be promoted (two-person promotion). */
  readonly approvalsMissing?: number;
}

/** One sentence saying what happened (the title says which kind). */
export function notableText(kind: NotableKind, d: NotableDetail): string {
  const release = `${d.release.name} ${d.release.version}`;
  switch (kind) {
    case 'halt':
      return `Ring ${d.ring ?? '?'} halted: ${d.reason ?? 'no reason given'}.`;
    case 'gate-failed':
      return `Gate ${d.gate ?? '?'} of ring ${d.ring ?? '?'} failed.`;
    case 'waiting-promotion':
      return d.approvalsMissing !== undefined
        ? `Ring ${d.ring ?? '?'} has baked; its promotion is ${approvalsWaitingWords(d.approvalsMissing)}.`
        : `Ring ${d.ring ?? '?'} has baked and waits for promotion.`;
    case 'host-key-waiting':
      return `Host ${d.host ?? '?'} offers a host key nobody has trusted yet; it waits for a person to approve or reject it.`;
    case 'completed':
      return `${release} is on every host.`;
    case 'rolled-back':
      return `${release} was rolled back: its hosts are back on ${d.previous ?? 'the previous version'}.`;
    case 'aborted':
      return `The rollout of ${release} was aborted by ${d.by ?? '?'}: ${d.reason ?? 'no reason given'}.`;
    case 'lease-lost':
      return `${release}: ${d.reason ?? 'this driver lost its lease'}`;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
