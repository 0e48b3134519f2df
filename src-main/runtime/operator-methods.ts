import type { CommandResult, EngineOperatorCommand } from './engine-types';

/** The operator verbs of a RolloutEngine, each one command through decide. */
export abstract class OperatorMethods {
  /** Decides and journals one operator command; a refusal comes back as a value. */
  abstract command(c: EngineOperatorCommand): Promise<CommandResult>;

  promote(by: string, o: { note?: string; override?: string } = {}): Promise<CommandResult> {
    return this.command({
      type: 'promote',
      by,
      ...(o.note !== undefined ? { note: o.note } : {}),
      ...(o.override !== undefined ? { override: { reason: o.override } } : {}),
    });
  }

  pause(by: string, reason: string): Promise<CommandResult> {
    return this.command({ type: 'pause', by, reason });
  }

  resume(by: string, reason: string): Promise<CommandResult> {
    return this.command({ type: 'resume', by, reason });
  }

  abort(by: string, reason: string): Promise<CommandResult> {
    return this.command({ type: 'abort', by, reason });
  }

  rollback(
    by: string,
    reason: string,
    o: { scope: 'ring' | 'all'; emergency?: boolean },
  ): Promise<CommandResult> {
    return this.command({
      type: 'rollback',
      by,
      reason,
      scope: o.scope,
      ...(o.emergency === true ? { emergency: true } : {}),
    });
  }

  /** Halts the active ring by hand ("halted by BY: reason"); no rollback on its own. */
  halt(by: string, reason: string): Promise<CommandResult> {
    return this.command({ type: 'haltRing', by, reason });
  }

  /** A person settles a host in doubt: its step was done (completed) or failed. */
  resolveInDoubt(
    by: string,
    host: string,
    as: 'done' | 'failed',
    reason: string,
  ): Promise<CommandResult> {
    return this.command({
      type: 'resolveInDoubt',
      by,
      host,
      resolution: as === 'done' ? 'completed' : 'failed',
      reason,
    });
  }

  note(by: string, text: string): Promise<CommandResult> {
    return this.command({ type: 'note', by, text });
  }
}
