/**
 * What is worth telling a person who is not looking (desktop notifications, webhooks): a halt,
 * a failed gate, a ring waiting for promotion, a host waiting for its key to be approved, the
 * end of a rollout, a lost lease. Derived from journaled events and the state they produced,
 * each at most once per driver (a gate that keeps failing is one notification).
 */
import type { RolloutEvent, RolloutState } from '../rollout';
import { approvalsMissing, needsApprovals } from '../rollout/approvals';
import { notableText, type NotableDetail, type NotableKind } from '../words/notification-words';

export type { NotableKind } from '../words/notification-words';

/** One notification, in plain words. */
export interface Notable {
  /**
   * Stable across retries, so a receiver can drop a repeat: the release, the kind and what
   * it is about (`web 2.4.0/halt/canary`).
   */
  readonly id: string;
  readonly kind: NotableKind;
  /** One sentence. Hostile text inside (a reason from a host) is not escaped yet. */
  readonly text: string;
  /** The ring it concerns, or null for the whole rollout. */
  readonly ring: string | null;
  readonly release: { readonly name: string; readonly version: string };
  readonly at: number;
}

export interface NotableWatch {
  /** The notifications a batch of journaled events makes (`state` is the state after it). */
  see(added: readonly RolloutEvent[], state: RolloutState): Notable[];
  /** A lost or taken-over lease (the driver hears of it outside the journal). */
  leaseLost(why: string, state: RolloutState, at: number): Notable | null;
}

/**
 * Starts watching from `initial` (a resumed rollout already waiting for promotion does not
 * notify again when its driver opens).
 */
export function createNotableWatch(initial: RolloutState): NotableWatch {
  const seen = new Set<string>();
  let lastStatus = initial.status;
  const make = (
    state: RolloutState,
    kind: NotableKind,
    about: string,
    ring: string | null,
    at: number,
    detail: Omit<NotableDetail, 'release'>,
  ): Notable | null => {
    const release = {
      name: state.plan?.release.name ?? '?',
      version: state.plan?.release.version ?? '?',
    };
    const id = `${release.name} ${release.version}/${kind}/${about}`;
    if (seen.has(id)) {
      return null;
    }
    seen.add(id);
    return { id, kind, text: notableText(kind, { ...detail, release }), ring, release, at };
  };

  return {
    see: (added, state) => {
      const out: (Notable | null)[] = [];
      for (const e of added) {
        switch (e.type) {
          case 'RingHalted':
            out.push(make(state, 'halt', e.ring, e.ring, e.at, { ring: e.ring, reason: e.reason }));
            break;
          case 'GateEvaluated':
            if (e.outcome === 'fail' && e.ring !== null) {
              out.push(
                make(state, 'gate-failed', `${e.ring}/${e.gate}`, e.ring, e.at, {
                  ring: e.ring,
                  gate: e.gate,
                }),
              );
            }
            break;
          case 'HostNeedsApproval':
            out.push(
              make(
                state,
                'host-key-waiting',
                `${e.host}/${e.fingerprint}`,
                ringOf(state, e.host),
                e.at,
                {
                  host: e.host,
                },
              ),
            );
            break;
          case 'Aborted':
            out.push(make(state, 'aborted', 'rollout', null, e.at, { reason: e.reason, by: e.by }));
            break;
          case 'RolloutCompleted':
            out.push(make(state, 'completed', 'rollout', null, e.at, {}));
            break;
          default:
            break;
        }
      }
      const at = added.at(-1)?.at ?? 0;
      if (state.status === 'waiting-promotion' && lastStatus !== 'waiting-promotion') {
        const current = state.rings[state.currentRing];
        const ring = current?.name ?? '?';
        const missing = current && needsApprovals(current) ? approvalsMissing(current, false) : 0;
        // Once per ring and wait: a ring promoted, halted and waiting again is news again.
        out.push(
          make(state, 'waiting-promotion', `${ring}/${at}`, ring, at, {
            ring,
            ...(missing > 0 ? { approvalsMissing: missing } : {}),
          }),
        );
      }
      if (state.status === 'rolled-back' && lastStatus !== 'rolled-back') {
        out.push(
          make(state, 'rolled-back', 'rollout', null, at, {
            previous: state.plan?.release.previous ?? '?',
          }),
        );
      }
      lastStatus = state.status;
      return out.filter((n): n is Notable => n !== null);
    },
    leaseLost: (why, state, at) => make(state, 'lease-lost', `${at}`, null, at, { reason: why }),
  };
}

function ringOf(state: RolloutState, host: string): string | null {
  const index = state.hosts[host]?.ring;
  return index === undefined ? null : (state.rings[index]?.name ?? null);
}
