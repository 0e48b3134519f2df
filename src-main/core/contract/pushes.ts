/**
 * Push subscriptions of the console contract: data that flows from main to the renderer on
 * its own (snapshots, host output, samples, log lines, notifications). Named `onXxx`.
 */
import { z } from 'zod';
import { ConsoleSnapshotSchema } from './view-model';
import { SeriesPointSchema } from './methods';

export const pushNames = [
  'onSnapshot',
  'onHostOutput',
  'onSamples',
  'onLogLine',
  'onNotification',
] as const;
export type PushName = (typeof pushNames)[number];

export const LogLineSchema = z.strictObject({
  at: z.number(),
  ring: z.string(),
  host: z.string(),
  line: z.string(),
  /** Masked error signature the line belongs to, or null when it matched no error pattern. */
  signature: z.string().nullable(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const NotificationSchema = z.strictObject({
  kind: z.enum(['halt', 'gate-failed', 'waiting-promotion']),
  text: z.string(),
});
export type ConsoleNotification = z.infer<typeof NotificationSchema>;

/** Payload schema of every push. */
export const pushSchemas = {
  onSnapshot: ConsoleSnapshotSchema,
  onHostOutput: z.strictObject({
    host: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    line: z.string(),
  }),
  onSamples: z.strictObject({
    metric: z.string(),
    ring: z.string(),
    points: z.array(SeriesPointSchema),
  }),
  onLogLine: LogLineSchema,
  onNotification: NotificationSchema,
} as const satisfies Record<PushName, z.ZodType>;
