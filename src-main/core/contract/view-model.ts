/**
 * The console's view model: everything the renderer draws, as plain data. The integration
 * wave projects the rollout core's state into it; the renderer never derives business facts
 * from it (enabled actions, gate outcomes, ETA all arrive precomputed).
 *
 * Times are epoch milliseconds; durations are milliseconds.
 */
import { z } from 'zod';

/** Where a host is in its deploy, as the fleet view colours it. */
export const hostStates = [
  'pending',
  'deploying',
  'done',
  'failed',
  'inDoubt',
  'rolledBack',
  'needsApproval',
  'needsPassphrase',
] as const;
export const HostStateSchema = z.enum(hostStates);
export type HostState = z.infer<typeof HostStateSchema>;

export const ringStatuses = [
  'pending',
  'deploying',
  'baking',
  'waitingPromotion',
  'promoted',
  'halted',
  'rollingBack',
  'rolledBack',
  /** The rollout was aborted while this ring deployed or baked: nothing more happens here. */
  'stopped',
] as const;
export const RingStatusSchema = z.enum(ringStatuses);
export type RingStatus = z.infer<typeof RingStatusSchema>;

export const domainStatuses = ['pending', 'deploying', 'done', 'halted', 'rolledBack'] as const;
export const DomainStatusSchema = z.enum(domainStatuses);
export type DomainStatus = z.infer<typeof DomainStatusSchema>;

export const rolloutStatuses = [
  'notStarted',
  'running',
  'baking',
  'waitingPromotion',
  'paused',
  'halted',
  'rollingBack',
  'rolledBack',
  'aborted',
  'done',
] as const;
export const RolloutStatusSchema = z.enum(rolloutStatuses);
export type RolloutStatus = z.infer<typeof RolloutStatusSchema>;

export const gateOutcomes = ['pass', 'fail', 'inconclusive', 'pending'] as const;
export const GateOutcomeSchema = z.enum(gateOutcomes);
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

/** Counts per host state; every state present so the renderer never guesses a zero. */
export const HostCountsSchema = z.strictObject({
  pending: z.number().int().nonnegative(),
  deploying: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  inDoubt: z.number().int().nonnegative(),
  rolledBack: z.number().int().nonnegative(),
  needsApproval: z.number().int().nonnegative(),
  needsPassphrase: z.number().int().nonnegative(),
});
export type HostCounts = z.infer<typeof HostCountsSchema>;

/**
 * Ring against baseline as a person reads it, every figure formatted with its unit
 * (`2.61 %`, `212 ms`, `11,848`); null where a gate has no such side.
 */
export const GateComparisonSchema = z.strictObject({
  metric: z.string().nullable(),
  ring: z.string().nullable(),
  baseline: z.string().nullable(),
  ringSamples: z.string().nullable(),
  baselineSamples: z.string().nullable(),
  /** How sure the verdict is: `99 % (e-value 3.2 of 100)`, `ratio 1.02, limit 1.25`. */
  confidence: z.string().nullable(),
});
export type GateComparison = z.infer<typeof GateComparisonSchema>;

/** What a gate measured, so an operator can check the verdict without trusting it. */
export const GateEvidenceSchema = z.strictObject({
  summary: z.string(),
  comparison: GateComparisonSchema.nullable(),
  /** Labelled figures: "ring error rate" -> "3.1 %", "baseline n" -> "12,408", ... */
  figures: z.array(z.strictObject({ label: z.string(), value: z.string() })),
  evaluatedAt: z.number().nullable(),
});
export type GateEvidence = z.infer<typeof GateEvidenceSchema>;

export const GateViewSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['threshold', 'baseline', 'sequential', 'cloudwatch-alarms']),
  /**
   * Watches infrastructure every ring shares; shown on the active ring's card because it
   * blocks that ring's promotion like the ring's own gates.
   */
  platform: z.boolean(),
  outcome: GateOutcomeSchema,
  evidence: GateEvidenceSchema,
});
export type GateView = z.infer<typeof GateViewSchema>;

export const DomainViewSchema = z.strictObject({
  name: z.string(),
  status: DomainStatusSchema,
  /** Host names in update order; details live in `ConsoleSnapshot.hosts`. */
  hosts: z.array(z.string()),
});
export type DomainView = z.infer<typeof DomainViewSchema>;

export const RingViewSchema = z.strictObject({
  name: z.string(),
  status: RingStatusSchema,
  counts: HostCountsSchema,
  domains: z.array(DomainViewSchema),
  bake: z.strictObject({ startedAt: z.number(), endsAt: z.number() }).nullable(),
  gates: z.array(GateViewSchema),
  /** Estimated end of this ring (deploy + bake), null when unknown or finished. */
  eta: z.number().nullable(),
  /** Promoted although its gates did not all pass: who and why (journaled). */
  override: z.strictObject({ by: z.string(), reason: z.string() }).nullable(),
  /** When its plan asks for more than one approver: who approved and when, what is missing. */
  approvals: z
    .strictObject({
      needed: z.number().int(),
      by: z.array(
        z.strictObject({ by: z.string(), at: z.number(), override: z.string().nullable() }),
      ),
      /** "waiting for 1 more approval" while its promotion waits for people; else null. */
      waiting: z.string().nullable(),
    })
    .nullable(),
});
export type RingView = z.infer<typeof RingViewSchema>;

export const HostViewSchema = z.strictObject({
  name: z.string(),
  ring: z.string(),
  domain: z.string(),
  state: HostStateSchema,
  version: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  /** The last few output lines of the current or last step. */
  lastOutput: z.array(z.string()),
  /**
   * What the host waits for a person for, in the words `status` and the exports use (e.g.
   * "waiting for a key passphrase (~/.ssh/id_ed25519)"); null when it waits for nobody.
   */
  waitingFor: z.string().nullable(),
});
export type HostView = z.infer<typeof HostViewSchema>;

export const HaltSummarySchema = z.strictObject({
  ring: z.string(),
  at: z.number(),
  gate: z.string().nullable(),
  /** One paragraph to paste into an incident channel. */
  text: z.string(),
});
export type HaltSummary = z.infer<typeof HaltSummarySchema>;

export const TimelineEntrySchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  /** The journal event type, e.g. RingStarted, GateEvaluated, OperatorNote. */
  kind: z.string(),
  /** Operator name, or "ringside" for what the engine did on its own. */
  by: z.string(),
  ring: z.string().nullable(),
  host: z.string().nullable(),
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const actionIds = [
  'start',
  'pause',
  'resume',
  'promote',
  'abort',
  'halt',
  'rollbackRing',
  'rollbackAll',
  'emergencyRollback',
] as const;
export const ActionIdSchema = z.enum(actionIds);
export type ActionId = z.infer<typeof ActionIdSchema>;

/** An operator action as the core judges it right now; `why` says what blocks it. */
export const ActionViewSchema = z.strictObject({
  id: ActionIdSchema,
  enabled: z.boolean(),
  why: z.string().nullable(),
  /** Promote only: allowed, but only with a written override reason. */
  requiresOverride: z.boolean(),
});
export type ActionView = z.infer<typeof ActionViewSchema>;

export const PendingHostKeySchema = z.strictObject({
  host: z.string(),
  fingerprint: z.string(),
  keyType: z.string(),
});
export type PendingHostKey = z.infer<typeof PendingHostKeySchema>;

export const ConnectionsViewSchema = z.strictObject({
  identities: z.array(
    z.strictObject({
      name: z.string(),
      path: z.string().nullable(),
      encrypted: z.boolean(),
      /** An encrypted key's passphrase is remembered (keychain or this session); absent = no. */
      passphraseRemembered: z.boolean().optional(),
    }),
  ),
  knownHosts: z.array(
    z.strictObject({ host: z.string(), keyType: z.string(), fingerprint: z.string() }),
  ),
  prometheusUrls: z.array(z.string()),
  /** Cloud accounts the workspace's inventories read (never their credentials). */
  cloudAccounts: z.array(
    z.strictObject({
      cloud: z.enum(['azure', 'aws']),
      /** Azure: the subscription id. AWS: the profile, or `default` for the SDK's default chain. */
      account: z.string(),
      /** What the inventory reads there: Azure resource groups, AWS regions. */
      scope: z.array(z.string()),
    }),
  ),
});
export type ConnectionsView = z.infer<typeof ConnectionsViewSchema>;

/** A telemetry metric the charts draw, with the gate limits shown as reference lines. */
export const MetricViewSchema = z.strictObject({
  name: z.string(),
  unit: z.string(),
  thresholds: z.array(z.strictObject({ gate: z.string(), value: z.number() })),
});
export type MetricView = z.infer<typeof MetricViewSchema>;

/** A release Start offers, with where the workspace knows it from. */
export const KnownReleaseSchema = z.strictObject({
  version: z.string(),
  from: z.enum(['plan', 'workspace', 'journal']),
  /** Its newest rollout on disk: the outcome in words and when it began. */
  last: z.strictObject({ outcome: z.string(), at: z.number() }).nullable(),
});
export type KnownRelease = z.infer<typeof KnownReleaseSchema>;

export const WorkspaceViewSchema = z.strictObject({
  name: z.string(),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('plan'), planPath: z.string() }),
    z.strictObject({ kind: z.literal('demo') }),
    /**
     * No local workspace (`ringside serve --team URL` without a plan): the team rollout
     * shown stands in for it, named after its database and rollout.
     */
    z.strictObject({ kind: z.literal('team') }),
  ]),
  release: z.strictObject({
    name: z.string(),
    version: z.string(),
    previous: z.string(),
    /** The pinned content digest (`sha256:…`), when the plan pins one. */
    digest: z.string().optional(),
  }),
  /** The releases this workspace knows (plan, its variants, journals on disk): Start's list. */
  releases: z.array(KnownReleaseSchema).optional(),
  /** The version the fleet runs now (what a new rollout replaces), when known. */
  running: z.string().optional(),
});
export type WorkspaceView = z.infer<typeof WorkspaceViewSchema>;

export const ConsoleSnapshotSchema = z.strictObject({
  /** Increases with every snapshot, so a late push never overwrites a newer one. */
  revision: z.number().int().nonnegative(),
  generatedAt: z.number(),
  workspace: WorkspaceViewSchema.nullable(),
  rollout: z.strictObject({
    status: RolloutStatusSchema,
    activeRing: z.string().nullable(),
    startedAt: z.number().nullable(),
    eta: z.number().nullable(),
  }),
  rings: z.array(RingViewSchema),
  hosts: z.array(HostViewSchema),
  halt: HaltSummarySchema.nullable(),
  timeline: z.array(TimelineEntrySchema),
  actions: z.array(ActionViewSchema),
  pendingHostKeys: z.array(PendingHostKeySchema),
  metrics: z.array(MetricViewSchema),
  connections: ConnectionsViewSchema,
  /**
   * Which rollout this is (its journal's id, see listRollouts) and whether it is a past one
   * opened read-only; absent before any rollout.
   */
  shown: z.strictObject({ id: z.string(), readOnly: z.boolean() }).optional(),
});
export type ConsoleSnapshot = z.infer<typeof ConsoleSnapshotSchema>;

/** Every host state with count zero; the projection adds hosts to it. */
export function emptyHostCounts(): HostCounts {
  return {
    pending: 0,
    deploying: 0,
    done: 0,
    failed: 0,
    inDoubt: 0,
    rolledBack: 0,
    needsApproval: 0,
    needsPassphrase: 0,
  };
}
