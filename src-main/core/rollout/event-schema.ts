import { z } from 'zod';
import type { RolloutPlan } from '../model/plan';
import type { RolloutEvent } from './event';
import { fastParseHostStep } from './event-fast-parse';

/**
 * zod schemas of the journal's events, for loading a journal (or taking events over IPC)
 * from a file that might be damaged or written by another version. The hash chain proves
 * the bytes are as written; this proves they are events this core understands.
 */
const str = z.string();
const ms = z.number().finite();
const phase = z.enum(['deploy', 'rollback', 'verify']);
const stepRef = { ring: str, domain: str, host: str, step: str, phase };
const tail = z.array(str);

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

/** The resolved plan is checked for the shape the core reads; core/plan made and validated it. */
const plan = z.custom<RolloutPlan>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as { rings?: unknown }).rings) &&
    Array.isArray((v as { hosts?: unknown }).hosts) &&
    typeof (v as { deploy?: unknown }).deploy === 'object' &&
    typeof (v as { release?: unknown }).release === 'object',
  { message: 'expected a resolved rollout plan (release, hosts, rings, deploy)' },
);

const e = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), at: ms, commandId: str.optional(), ...shape });

/** One event of the rollout journal. */
export const RolloutEventSchema = z.discriminatedUnion('type', [
  e('RolloutCreated', { plan, planHash: str, by: str }),
  e('RolloutStarted', { by: str }),
  e('RingStarted', { ring: str }),
  e('DomainStarted', { ring: str, domain: str }),
  e('HostStepStarted', { ...stepRef, attempt: z.number().int() }),
  e('HostStepSucceeded', {
    ...stepRef,
    attempt: z.number().int(),
    exitCode: z.number().int(),
    durationMs: ms,
    tail,
    ssmCommandId: str.optional(),
  }),
  e('HostStepFailed', {
    ...stepRef,
    attempt: z.number().int(),
    exitCode: z.number().int().nullable(),
    reason: str,
    durationMs: ms,
    tail,
    ssmCommandId: str.optional(),
  }),
  e('HostInDoubt', stepRef),
  e('InDoubtResolved', {
    ...stepRef,
    resolution: z.enum(['completed', 'retry', 'failed']),
    by: str,
    reason: str.optional(),
    ssmCommandId: str.optional(),
  }),
  e('HostNeedsApproval', { host: str, fingerprint: str }),
  e('HostKeyApproved', { host: str, fingerprint: str, by: str, note: str.optional() }),
  e('HostKeyRejected', { host: str, fingerprint: str, by: str }),
  e('HostNeedsPassphrase', { host: str, key: str }),
  e('PassphraseRetried', { host: str, key: str, by: str }),
  e('HostGivenUp', { host: str, by: str, reason: str }),
  e('DomainCompleted', {
    ring: str,
    domain: str,
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
  e('BakeStarted', { ring: str, endsAt: ms }),
  e('BakeElapsed', { ring: str }),
  e('GateEvaluated', {
    ring: str.nullable(),
    gate: str,
    outcome: z.enum(['pass', 'fail', 'inconclusive', 'pending']),
    evidence: z.record(z.string(), jsonValue),
    final: z.boolean(),
  }),
  e('RingHealthy', { ring: str }),
  e('RingHalted', { ring: str, reason: str, gate: str.optional(), summary: str.optional() }),
  e('HaltSummaryWritten', { ring: str, summary: str }),
  e('PromotionApproved', {
    ring: str,
    by: str,
    override: z.object({ reason: str }).optional(),
    counted: z.number().int(),
    needed: z.number().int(),
  }),
  e('Promoted', {
    ring: str,
    next: str.nullable(),
    by: str,
    note: str.optional(),
    override: z.object({ reason: str }).optional(),
    approvedBy: z.array(str).optional(),
  }),
  e('RollbackStarted', {
    scope: z.enum(['ring', 'all']),
    rings: z.array(str),
    emergency: z.boolean(),
    by: str,
    reason: str,
  }),
  e('HostRolledBack', { ring: str, domain: str, host: str }),
  e('RollbackCompleted', { scope: z.enum(['ring', 'all']), rings: z.array(str) }),
  e('Paused', { by: str, reason: str }),
  e('Resumed', { by: str, reason: str }),
  e('Aborted', { by: str, reason: str }),
  e('OperatorNote', { by: str, text: str }),
  e('AnomalyDetected', { ring: str, metric: str, detail: str }),
  e('RolloutCompleted', {}),
]);

/**
 * Checks one journal event: the typed event, or one line saying what is wrong (the shape
 * the journal adapter's `parseEvent` option takes).
 */
export function parseRolloutEvent(raw: unknown): RolloutEvent | string {
  const fast = fastParseHostStep(raw);
  if (fast !== null) {
    return fast;
  }
  const r = RolloutEventSchema.safeParse(raw);
  if (r.success) {
    return r.data as RolloutEvent;
  }
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const type =
    typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return `${typeof type === 'string' ? `${type} event` : 'event'}: ${where}${issue?.message ?? 'invalid'}`;
}
