/**
 * Faults a simulated host can be put into on demand (`fleet.setFault(name, fault | null)`).
 * Each models something a rollout must survive; the SSH adapter and engine tests use them.
 */
export type SimFault =
  /**
   * The host cannot be reached. `refuse`: connections are refused (the port stops
   * listening); `drop`: accepted and reset at once; `blackhole`: accepted and never answered
   * (the client's connect timeout fires). Metrics are unreachable the same way.
   */
  | { readonly kind: 'unreachable'; readonly mode?: 'refuse' | 'drop' | 'blackhole' }
  /** Every handshake and every command is delayed by `delayMs`. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** The client key is rejected. */
  | { readonly kind: 'auth-failure' }
  /** The host presents a different host key until the fault is cleared. */
  | { readonly kind: 'host-key-change' }
  /**
   * The next `count` commands (default: all while set), or only those containing `pattern`,
   * exit with `exitCode` (default 1) without running. The fault clears itself after `count`.
   */
  | {
      readonly kind: 'command-fails';
      readonly count?: number;
      readonly pattern?: string;
      readonly exitCode?: number;
    }
  /** Like command-fails, but the command never exits until its channel closes. */
  | { readonly kind: 'command-hangs'; readonly count?: number; readonly pattern?: string };

/** Whether a command-fails / command-hangs fault applies to `command`. */
export function faultMatches(fault: { readonly pattern?: string }, command: string): boolean {
  return fault.pattern === undefined || command.includes(fault.pattern);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalNumber(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  return v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
    ? null
    : `'${key}' must be a number >= 0`;
}

/**
 * Reads a fault from untrusted JSON (the `PUT /sim/fault` control endpoint): a SimFault,
 * or null to clear, or an error message saying what was expected.
 */
export function parseFault(
  v: unknown,
): { ok: true; fault: SimFault | null } | { ok: false; error: string } {
  if (v === null) {
    return { ok: true, fault: null };
  }
  if (!isRecord(v)) {
    return { ok: false, error: 'expected a fault object {"kind": ...} or null' };
  }
  const problems: (string | null)[] = [];
  switch (v.kind) {
    case 'unreachable':
      if (
        v.mode !== undefined &&
        v.mode !== 'refuse' &&
        v.mode !== 'drop' &&
        v.mode !== 'blackhole'
      ) {
        problems.push("'mode' must be refuse, drop or blackhole");
      }
      break;
    case 'slow':
      problems.push(
        typeof v.delayMs === 'number' ? optionalNumber(v, 'delayMs') : "'delayMs' is required",
      );
      break;
    case 'auth-failure':
    case 'host-key-change':
      break;
    case 'command-fails':
    case 'command-hangs':
      problems.push(optionalNumber(v, 'count'), optionalNumber(v, 'exitCode'));
      if (v.pattern !== undefined && typeof v.pattern !== 'string') {
        problems.push("'pattern' must be a string");
      }
      break;
    default:
      return {
        ok: false,
        error: `unknown fault kind ${JSON.stringify(v.kind)} (expected unreachable, slow, auth-failure, host-key-change, command-fails, command-hangs)`,
      };
  }
  const first = problems.find((p) => p !== null);
  // The checks above establish the shape of the kind that was named.
  return first
    ? { ok: false, error: `fault ${String(v.kind)}: ${first}` }
    : { ok: true, fault: v as SimFault };
}
