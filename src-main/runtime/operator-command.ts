/**
 * The one translation from an operator command (core/commands: what the console, the inbox
 * and the CLI speak) to the rollout core's command (core/rollout: what `decide` takes).
 */
import type { OperatorCommand } from '../core/commands';
import type { EngineOperatorCommand } from './engine-types';

/** An operator command for a rollout that exists (start creates one; see the app facade). */
export type RolloutOperatorCommand = Exclude<OperatorCommand, { kind: 'start' }>;

/** The core command `c` stands for. */
export function toEngineCommand(c: RolloutOperatorCommand): EngineOperatorCommand {
  const by = c.by;
  switch (c.kind) {
    case 'promote':
      return {
        type: 'promote',
        by,
        ...(c.note !== undefined ? { note: c.note } : {}),
        ...(c.override !== undefined ? { override: { reason: c.override.reason } } : {}),
      };
    case 'approvePromotion':
      return {
        type: 'approvePromotion',
        by,
        ...(c.ring !== undefined ? { ring: c.ring } : {}),
        ...(c.note !== undefined ? { note: c.note } : {}),
        ...(c.override !== undefined ? { override: { reason: c.override.reason } } : {}),
      };
    case 'pause':
    case 'abort':
      return { type: c.kind, by, reason: c.reason };
    case 'resume':
      return { type: 'resume', by, reason: c.reason ?? 'resumed' };
    case 'halt':
      return { type: 'haltRing', by, reason: c.reason };
    case 'rollback':
      return {
        type: 'rollback',
        by,
        reason: c.reason,
        scope: c.scope,
        ...(c.emergency === true ? { emergency: true } : {}),
      };
    case 'addNote':
      return { type: 'note', by, text: c.text };
    case 'approveHostKey':
      return { type: 'approveHost', by, host: c.host, fingerprint: c.fingerprint };
    case 'rejectHostKey':
      return { type: 'rejectHost', by, host: c.host, fingerprint: c.fingerprint };
    case 'retryPassphrase':
      return { type: 'retryPassphrase', by, host: c.host };
    case 'giveUpHost':
      return { type: 'giveUpHost', by, host: c.host, reason: c.reason };
    case 'resolveInDoubt':
      return {
        type: 'resolveInDoubt',
        by,
        host: c.host,
        resolution: c.as === 'done' ? 'completed' : 'failed',
        reason: c.reason,
      };
    default: {
      const never: never = c;
      throw new Error(`unhandled operator command ${JSON.stringify(never)}`);
    }
  }
}
