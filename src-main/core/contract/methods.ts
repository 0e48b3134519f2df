/**
 * Request/response methods of the console contract. Names are an `as const` list; each has a
 * params schema (validated at every boundary) and a result schema (the type the caller gets).
 */
import { z } from 'zod';
import { ConsoleSnapshotSchema } from './view-model';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { CommandStampSchema, commandBodySchemas } from '../commands';
import { HostHistorySchema, RolloutIdSchema, RolloutSummarySchema } from './history';
import { teamMethodSchemas } from './team';

const NoParams = z.strictObject({});

export { methodNames, type MethodName } from './names';
import type { MethodName } from './names';

export const exportFormats = ['md', 'json', 'csv', 'html'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const SeriesPointSchema = z.strictObject({ t: z.number(), v: z.number() });
export const SeriesSchema = z.strictObject({
  metric: z.string(),
  /** A ring name, or "baseline" for hosts not yet updated. */
  ring: z.string(),
  points: z.array(SeriesPointSchema),
});
export type Series = z.infer<typeof SeriesSchema>;

/** A labelled moment on the charts (core/timeline's ChartMarker): deploy, promote, ... */
export const ChartMarkerSchema = z.strictObject({
  t: z.number(),
  kind: z.enum(['deploy', 'promote', 'override', 'halt', 'rollback']),
  ring: z.string(),
  label: z.string(),
});

/** The workspace's earlier rollouts as the charts draw them: their samples and moments. */
export const ChartHistorySchema = z.strictObject({
  series: z.array(SeriesSchema),
  markers: z.array(ChartMarkerSchema),
});
export type ChartHistory = z.infer<typeof ChartHistorySchema>;

export const RecentWorkspaceSchema = z.strictObject({
  name: z.string(),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('plan'), planPath: z.string() }),
    z.strictObject({ kind: z.literal('demo') }),
  ]),
  openedAt: z.number(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspaceSchema>;

export const PrometheusTestSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), version: z.string().nullable(), latencyMs: z.number() }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type PrometheusTest = z.infer<typeof PrometheusTestSchema>;

/** Whether a cloud account of the workspace answers, and what it said. */
export const CloudAccountTestSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), answer: z.string(), latencyMs: z.number() }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type CloudAccountTest = z.infer<typeof CloudAccountTestSchema>;

/**
 * A command's params: its body plus its stamp. The stamp is optional in the type, because an
 * in-process caller (a test, the facade itself) acts and arrives at the same moment; every
 * call that crosses a boundary must carry one, which `dispatchCall` enforces, and
 * `createRemoteApi` makes it when the person acts.
 */
const stamped = { stamp: CommandStampSchema.optional() };

/**
 * The operator's answer to an `onPassphraseRequest`: null declines (the key is skipped);
 * `remember` keeps it in the OS keychain (Electron) or this session's memory (browser).
 * The passphrase itself is never logged, journaled or pushed back.
 */
export const ProvidePassphraseParamsSchema = z.strictObject({
  id: z.string().min(1).max(100),
  passphrase: z.string().min(1).max(4096).nullable(),
  remember: z.boolean(),
});
export type ProvidePassphraseParams = z.infer<typeof ProvidePassphraseParamsSchema>;

/** Params and result schema of every method. */
export const methodSchemas = {
  getSnapshot: { params: NoParams, result: ConsoleSnapshotSchema },
  openWorkspace: {
    params: z.union([
      z.strictObject({ planPath: z.string().min(1) }),
      z.strictObject({ demo: z.literal(true) }),
    ]),
    result: ConsoleSnapshotSchema,
  },
  listRecentWorkspaces: { params: NoParams, result: z.array(RecentWorkspaceSchema) },
  // The operator commands: their bodies are core/commands', plus the stamp (see below).
  start: { params: commandBodySchemas.start.extend(stamped), result: z.null() },
  promote: { params: commandBodySchemas.promote.extend(stamped), result: z.null() },
  /** Approves promoting the active ring (its plan asks for approvals), as the operator. */
  approvePromotion: {
    params: commandBodySchemas.approvePromotion.extend(stamped),
    result: z.null(),
  },
  pause: { params: commandBodySchemas.pause.extend(stamped), result: z.null() },
  resume: { params: commandBodySchemas.resume.extend(stamped), result: z.null() },
  abort: { params: commandBodySchemas.abort.extend(stamped), result: z.null() },
  /** Halts the active ring ("halted by NAME: reason"); no new host starts, no rollback. */
  halt: { params: commandBodySchemas.halt.extend(stamped), result: z.null() },
  rollback: { params: commandBodySchemas.rollback.extend(stamped), result: z.null() },
  addNote: { params: commandBodySchemas.addNote.extend(stamped), result: z.null() },
  approveHostKey: { params: commandBodySchemas.approveHostKey.extend(stamped), result: z.null() },
  rejectHostKey: { params: commandBodySchemas.rejectHostKey.extend(stamped), result: z.null() },
  /** Asks again for the key passphrase a host waits for. */
  retryPassphrase: { params: commandBodySchemas.retryPassphrase.extend(stamped), result: z.null() },
  /** Gives up on a host waiting for a key passphrase: it fails, with who and why journaled. */
  giveUpHost: { params: commandBodySchemas.giveUpHost.extend(stamped), result: z.null() },
  /** Settles a host in doubt: a person checked it and says the step was done or failed. */
  resolveInDoubt: { params: commandBodySchemas.resolveInDoubt.extend(stamped), result: z.null() },
  /** The shown rollout's timeline, or a past one's (`rollout`: an id from listRollouts). */
  exportTimeline: {
    params: z.strictObject({ format: z.enum(exportFormats), rollout: RolloutIdSchema.optional() }),
    result: z.string(),
  },
  getSeries: {
    params: z.strictObject({
      metric: z.string().optional(),
      sinceMs: z.number().optional(),
      /** A past rollout's persisted series (an id from listRollouts). */
      rollout: RolloutIdSchema.optional(),
    }),
    result: z.array(SeriesSchema),
  },
  /** Earlier rollouts of the open workspace (not the live one), read from their journals. */
  getChartHistory: { params: NoParams, result: ChartHistorySchema },
  testPrometheus: {
    params: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
    result: PrometheusTestSchema,
  },
  /** Asks a cloud account the workspace's inventories name whether it answers. */
  testCloudAccount: {
    params: z.strictObject({ cloud: z.enum(['azure', 'aws']), account: z.string() }),
    result: CloudAccountTestSchema,
  },
  getSettings: { params: NoParams, result: SettingsSchema },
  setSettings: { params: SettingsPatchSchema, result: SettingsSchema },
  /** Resolves false when the request is no longer pending (answered elsewhere or timed out). */
  providePassphrase: { params: ProvidePassphraseParamsSchema, result: z.boolean() },
  /** Every rollout of the workspace (its journals), newest first. */
  listRollouts: { params: NoParams, result: z.array(RolloutSummarySchema) },
  /** A past rollout projected read-only: the same snapshot shape, every action disabled. */
  openPastRollout: {
    params: z.strictObject({ id: RolloutIdSchema }),
    result: ConsoleSnapshotSchema,
  },
  /** One host's steps across every rollout of the workspace, newest first. */
  getHostHistory: {
    params: z.strictObject({ host: z.string().min(1).max(500) }),
    result: HostHistorySchema,
  },
  ...teamMethodSchemas,
} as const satisfies Record<MethodName, { params: z.ZodType; result: z.ZodType }>;
