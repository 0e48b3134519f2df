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
