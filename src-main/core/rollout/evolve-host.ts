import { SYSTEM_ACTOR, type EventOf } from './event';
import type { HostState, RolloutState } from './state';
import type { Writer } from './writer';

/** Events about one host's steps, doubt and host key. */
export type HostEvent = EventOf<
  | 'HostStepStarted'
  | 'HostStepSucceeded'
  | 'HostStepFailed'
  | 'HostInDoubt'
  | 'InDoubtResolved'
  | 'HostNeedsApproval'
  | 'HostKeyApproved'
  | 'HostKeyRejected'
>;

/** Counts a host as finished (done or failed) in its ring and domain. */
function count(w: Writer, s: RolloutState, h: HostState, field: 'done' | 'failed'): RolloutState {
  const r = s.rings[h.ring];
  const d = r?.domains[h.domain];
  if (!r || !d) {
    return s;
  }
  s = w.ring(s, h.ring, { [field]: r[field] + 1 });
  return w.domain(s, h.ring, h.domain, { [field]: d[field] + 1 });
}

/** A deploy step of `h` took effect: next step, or the host is done. */
function deployStepDone(w: Writer, s: RolloutState, h: HostState, step: string): RolloutState {
  const steps = s.plan?.deploy.steps ?? [];
  const completedSteps = h.completedSteps.includes(step)
    ? h.completedSteps
    : [...h.completedSteps, step];
  const last = steps.length > 0 && steps[steps.length - 1]?.name === step;
  if (last && h.status !== 'done') {
    s = w.host(s, h.name, {
      completedSteps,
      running: null,
      inDoubt: null,
      status: 'done',
      version: s.plan?.release.version ?? null,
    });
    return count(w, s, h, 'done');
  }
  return w.host(s, h.name, {
    completedSteps,
    running: null,
    inDoubt: null,
    status: last ? 'done' : 'deploying',
  });
}

/**
 * The host stops to wait for a person (a host key to approve, a passphrase to type) before
 * anything ran: where to return to is kept, and a first step that never reached the host
 * leaves it untouched.
 */
export function waitForPerson(
  w: Writer,
  s: RolloutState,
  h: HostState,
  patch: Partial<HostState>,
): RolloutState {
  const untouched =
    h.completedSteps.length === 0 && h.running?.phase === 'deploy' && h.status === 'deploying';
  return w.host(s, h.name, {
    ...patch,
    statusBeforeApproval: untouched ? 'pending' : h.status,
    touched: untouched ? false : h.touched,
    running: null,
  });
}

/**
 * A person refused to go on with a waiting host (rejected its key, gave up on its passphrase):
 * nothing can run there, so it failed the phase it was in.
 */
export function failedByPerson(
  w: Writer,
  s: RolloutState,
  h: HostState,
  reason: string,
): RolloutState {
  const before = h.statusBeforeApproval ?? 'pending';
  const doubt = before === 'in-doubt' ? h.inDoubt?.phase : undefined;
  s = w.host(s, h.name, {
    statusBeforeApproval: null,
    fingerprint: null,
    passphraseKey: null,
    lastExitCode: null,
    lastReason: reason,
  });
  if (before === 'rolling-back' || doubt === 'rollback') {
    return w.host(s, h.name, { status: 'rollback-failed', running: null, inDoubt: null });
  }
  if (before === 'pending' || before === 'deploying' || doubt === 'deploy') {
    return deployFailed(w, s, h);
  }
  // A host whose outcome was already settled keeps it (and is never counted twice).
  return w.host(s, h.name, { status: before, running: null });
}

function deployFailed(w: Writer, s: RolloutState, h: HostState): RolloutState {
  // Read before writing: the in-place writer updates `h` itself.
  const already = h.status === 'failed';
  s = w.host(s, h.name, { status: 'failed', running: null, inDoubt: null, version: null });
  return already ? s : count(w, s, h, 'failed');
}

/** Applies a host event (see `apply` in evolve.ts for the writer's contract). */
export function applyHost(w: Writer, s: RolloutState, e: HostEvent): RolloutState {
  switch (e.type) {
    case 'HostStepStarted': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      const running = { step: e.step, phase: e.phase, attempt: e.attempt, startedAt: e.at };
      switch (e.phase) {
        case 'deploy':
          return w.host(s, h.name, {
            running,
            attempts: e.attempt,
            attemptOf: `${e.phase}:${e.step}`,
            status: 'deploying',
            touched: true,
          });
        case 'rollback':
          // Rolling back supersedes any doubt about the deploy step.
          return w.host(s, h.name, {
            running,
            attempts: e.attempt,
            attemptOf: `${e.phase}:${e.step}`,
            status: 'rolling-back',
            inDoubt: null,
          });
        case 'verify':
          // A verify is not an attempt of the step in doubt: leave that step's count alone,
          // so a re-run after a negative verify is numbered attempt 2, not 1 again.
          return w.host(s, h.name, { running });
      }
      return s;
    }
    case 'HostStepSucceeded': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.timing(s, `${e.phase}:${e.step}`, e.durationMs);
      s = w.host(s, h.name, { lastExitCode: e.exitCode, lastReason: null });
      switch (e.phase) {
        case 'deploy':
          return deployStepDone(w, s, h, e.step);
        case 'rollback':
          return w.host(s, h.name, {
            running: null,
            rolledBackSteps: h.rolledBackSteps.includes(e.step)
              ? h.rolledBackSteps
              : [...h.rolledBackSteps, e.step],
          });
        case 'verify':
          return w.host(s, h.name, { running: null });
      }
      return s;
    }
    case 'HostStepFailed': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.timing(s, `${e.phase}:${e.step}`, e.durationMs);
      s = w.host(s, h.name, { lastExitCode: e.exitCode, lastReason: e.reason, running: null });
      switch (e.phase) {
        case 'deploy':
          return deployFailed(w, s, h);
        case 'rollback':
          return w.host(s, h.name, { status: 'rollback-failed' });
        case 'verify':
          return s;
      }
      return s;
    }
    case 'HostInDoubt': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      // The attempt in doubt: the one running, or (a crash during verify) the earlier doubt.
      const same = (r: { step: string; phase: string } | null) =>
        r !== null && r.step === e.step && r.phase === e.phase;
      const run = same(h.running) ? h.running : null;
      const kept = same(h.inDoubt) ? h.inDoubt : null;
      return w.host(s, e.host, {
        status: 'in-doubt',
        running: null,
        inDoubt: {
          step: e.step,
          phase: e.phase,
          attempt: run?.attempt ?? kept?.attempt ?? h.attempts,
          startedAt: run?.startedAt ?? kept?.startedAt ?? null,
        },
      });
    }
    case 'InDoubtResolved': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      if (e.by !== SYSTEM_ACTOR) {
        s = w.action(s, {
          at: e.at,
          by: e.by,
          action: 'resolve-in-doubt',
          detail: `${e.host}: ${e.resolution}${e.reason !== undefined ? ` (${e.reason})` : ''}`,
        });
      }
      const rollback = e.phase === 'rollback';
      switch (e.resolution) {
        case 'completed':
          return rollback
            ? w.host(s, h.name, {
                inDoubt: null,
                running: null,
                status: 'rolling-back',
                rolledBackSteps: [...h.rolledBackSteps, e.step],
              })
            : deployStepDone(w, s, h, e.step);
        case 'retry':
          return w.host(s, h.name, {
            inDoubt: null,
            running: null,
            status: rollback ? 'rolling-back' : 'deploying',
          });
        case 'failed':
          return rollback
            ? w.host(s, h.name, { inDoubt: null, running: null, status: 'rollback-failed' })
            : deployFailed(w, s, h);
      }
      return s;
    }
    case 'HostNeedsApproval': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      // The key was unknown before any command ran: a first step never touched the host.
      return waitForPerson(w, s, h, { status: 'needs-approval', fingerprint: e.fingerprint });
    }
    case 'HostKeyApproved': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'approve-host',
        detail: `${e.host} ${e.fingerprint}${e.note !== undefined ? ` (${e.note})` : ''}`,
      });
      return w.host(s, h.name, {
        status: h.statusBeforeApproval ?? 'pending',
        statusBeforeApproval: null,
        fingerprint: null,
      });
    }
    case 'HostKeyRejected': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'reject-host',
        detail: `${e.host} ${e.fingerprint}`,
      });
      // Nothing can run on a host whose key nobody trusts: it failed the phase it was in.
      return failedByPerson(w, s, h, `host key rejected by ${e.by} (${e.fingerprint})`);
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}
