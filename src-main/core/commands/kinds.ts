/**
 * The operator commands' names and stamp, with no zod: the sandboxed Electron preload builds
 * the API from these (it can require nothing but electron). The schemas are in schema.ts.
 */

/** The kinds of operator command (they are also the console's method names). */
export const commandKinds = [
  'start',
  'promote',
  'approvePromotion',
  'pause',
  'resume',
  'abort',
  'halt',
  'rollback',
  'addNote',
  'approveHostKey',
  'rejectHostKey',
  'retryPassphrase',
  'giveUpHost',
  'resolveInDoubt',
] as const;
/** See {@link commandKinds}. */
export type CommandKind = (typeof commandKinds)[number];

/** True when `name` (a method name from the wire) is an operator command. */
export function isCommandKind(name: string): name is CommandKind {
  return (commandKinds as readonly string[]).includes(name);
}

/** How long a command stays valid after the person acted, unless the caller says otherwise. */
export const DEFAULT_COMMAND_TTL_MS = 30_000;

/**
 * Who acted and when: `id` is a UUID made at the moment the person clicked or typed;
 * `issuedAt` that moment and `deadline` the last moment it may run (both ms since epoch).
 * A retry carries the same stamp, so the far side can answer it with the first outcome.
 * Validated by `CommandStampSchema`.
 */
export interface CommandStamp {
  readonly id: string;
  readonly issuedAt: number;
  readonly deadline: number;
}

/**
 * A stamp for a command the person issues now (`now` in ms since epoch, `id` a fresh UUID):
 * valid for `ttlMs` from this moment, not from whenever it reaches the far side.
 */
export function stampCommand(
  id: string,
  now: number,
  ttlMs: number = DEFAULT_COMMAND_TTL_MS,
): CommandStamp {
  return { id, issuedAt: now, deadline: now + ttlMs };
}
