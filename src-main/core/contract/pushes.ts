/**
 * Push subscriptions of the console contract: data that flows from main to the renderer on
 * its own (snapshots, host output, samples, log lines, notifications). Named `onXxx`.
 */
import { z } from 'zod';
import { ConsoleSnapshotSchema } from './view-model';
import { SeriesPointSchema } from './methods';
import { notableKinds } from '../words/notification-words';

export { pushNames, type PushName } from './names';
import type { PushName } from './names';

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
  kind: z.enum(notableKinds),
  text: z.string(),
});
export type ConsoleNotification = z.infer<typeof NotificationSchema>;

/** What the desktop menu asks the renderer to do (menu shortcuts live in main). */
export const menuCommands = [
  'view:fleet',
  'view:rollout',
  'view:telemetry',
  'view:timeline',
  'view:logs',
  'view:connections',
  'theme:toggle',
] as const;
export const MenuCommandSchema = z.strictObject({ command: z.enum(menuCommands) });
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

/** Main needs the passphrase of an encrypted SSH key; answer with `providePassphrase`. */
export const PassphraseRequestSchema = z.strictObject({
  id: z.string().min(1),
  keyPath: z.string().min(1),
  /** Why it is asked again (e.g. the remembered one was wrong), or null. */
  note: z.string().nullable(),
});
export type PassphraseRequest = z.infer<typeof PassphraseRequestSchema>;

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
  onMenuCommand: MenuCommandSchema,
  onPassphraseRequest: PassphraseRequestSchema,
} as const satisfies Record<PushName, z.ZodType>;
