/**
 * The operator commands, defined once. Every entry point parses them with these schemas:
 * the console contract (Electron IPC and the WebSocket bridge), the journal inbox of a live
 * `ringside run`, and the CLI control verbs. A command is a body (what the person asks for)
 * plus a {@link CommandStamp}: an id made when the person acted, and a deadline after which
 * it must not run, so a command is carried out at most once and never long after the fact.
 */
import { z } from 'zod';
import type { CommandKind } from './kinds';

const ms = z.number().int().nonnegative();
const Reason = z.string().trim().min(1, 'a reason is required').max(2000);
const Host = z.string().min(1);
const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]+=*$/, 'expected SHA256:<base64>');

/** A command's stamp (see {@link CommandStamp}): its id, when it was issued, its deadline. */
export const CommandStampSchema = z
  .strictObject({ id: z.uuid(), issuedAt: ms, deadline: ms })
  .refine((s) => s.deadline >= s.issuedAt, {
    message: 'deadline is before issuedAt',
    path: ['deadline'],
  });

/** What each command asks for, by kind (the kinds are the console method names). */
export const commandBodySchemas = {
  /** Start a rollout of `release` (default: the workspace's release). */
  start: z.strictObject({ release: z.string().min(1).optional() }),
  /** Promote the waiting ring; `override` promotes although gates say no (journaled). */
  promote: z.strictObject({
    note: z.string().max(2000).optional(),
    override: z.strictObject({ reason: Reason }).optional(),
  }),
  /**
   * Approve promoting the active ring (its plan asks for approvals); `ring` names the ring
   * the person means, so an approval never lands on a ring they did not see. The approval
   * that completes the count promotes the ring.
   */
  approvePromotion: z.strictObject({
    ring: z.string().min(1).optional(),
    note: z.string().max(2000).optional(),
    override: z.strictObject({ reason: Reason }).optional(),
  }),
  pause: z.strictObject({ reason: Reason }),
  resume: z.strictObject({ reason: Reason.optional() }),
  abort: z.strictObject({ reason: Reason }),
  /** Halt the active ring by hand: no new host starts, no rollback on its own. */
  halt: z.strictObject({ reason: Reason }),
  rollback: z.strictObject({
    scope: z.enum(['ring', 'all']),
    emergency: z.boolean().optional(),
    reason: Reason,
  }),
  addNote: z.strictObject({ text: z.string().trim().min(1).max(10_000) }),
  /** Trust the key a host offered (recorded in Ringside's known_hosts, then journaled). */
  approveHostKey: z.strictObject({ host: Host, fingerprint: Fingerprint }),
  /** Refuse the key a host offered: the host fails. */
  rejectHostKey: z.strictObject({ host: Host, fingerprint: Fingerprint }),
  /** Ask again for the key passphrase a host waits for (its next connection asks). */
  retryPassphrase: z.strictObject({ host: Host }),
  /** Give up on a host waiting for a key passphrase: the host fails (who and why journaled). */
  giveUpHost: z.strictObject({ host: Host, reason: Reason }),
  /** Settle a host left in doubt: a person checked it and says the step was done or failed. */
  resolveInDoubt: z.strictObject({ host: Host, as: z.enum(['done', 'failed']), reason: Reason }),
} as const satisfies Record<CommandKind, z.ZodType>;

/** The body of a command of kind `K`. */
export type CommandBody<K extends CommandKind> = z.infer<(typeof commandBodySchemas)[K]>;

/** What every command carries besides its body: who acted, and the stamp. */
const envelope = {
  /** The person, as they name themselves (the journal's `by`). */
  by: z.string().trim().min(1).max(200),
  stamp: CommandStampSchema,
};

/**
 * A whole command as it travels between processes (the journal inbox): kind, body, who, and
 * the stamp. Console calls carry the same body and stamp as method params; the session
 * supplies `by` from the operator's settings.
 */
export const OperatorCommandSchema = z.discriminatedUnion('kind', [
  commandBodySchemas.start.extend({ kind: z.literal('start'), ...envelope }),
  commandBodySchemas.promote.extend({ kind: z.literal('promote'), ...envelope }),
  commandBodySchemas.approvePromotion.extend({
    kind: z.literal('approvePromotion'),
    ...envelope,
  }),
  commandBodySchemas.pause.extend({ kind: z.literal('pause'), ...envelope }),
  commandBodySchemas.resume.extend({ kind: z.literal('resume'), ...envelope }),
  commandBodySchemas.abort.extend({ kind: z.literal('abort'), ...envelope }),
  commandBodySchemas.halt.extend({ kind: z.literal('halt'), ...envelope }),
  commandBodySchemas.rollback.extend({ kind: z.literal('rollback'), ...envelope }),
  commandBodySchemas.addNote.extend({ kind: z.literal('addNote'), ...envelope }),
  commandBodySchemas.approveHostKey.extend({ kind: z.literal('approveHostKey'), ...envelope }),
  commandBodySchemas.rejectHostKey.extend({ kind: z.literal('rejectHostKey'), ...envelope }),
  commandBodySchemas.retryPassphrase.extend({ kind: z.literal('retryPassphrase'), ...envelope }),
  commandBodySchemas.giveUpHost.extend({ kind: z.literal('giveUpHost'), ...envelope }),
  commandBodySchemas.resolveInDoubt.extend({ kind: z.literal('resolveInDoubt'), ...envelope }),
]);
/** See {@link OperatorCommandSchema}. */
export type OperatorCommand = z.infer<typeof OperatorCommandSchema>;

/**
 * Parses untrusted JSON as a command: the command, or one line naming the first bad field.
 */
export function parseOperatorCommand(raw: unknown): OperatorCommand | string {
  const r = OperatorCommandSchema.safeParse(raw);
  if (r.success) {
    return r.data;
  }
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid command'}`;
}
