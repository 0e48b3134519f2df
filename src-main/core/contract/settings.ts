/**
 * Operator preferences shared by every entry point. Secrets (passphrases, API tokens) are
 * deliberately absent: they go through the secret store (Electron's safeStorage), never here.
 */
import { z } from 'zod';

export const SettingsSchema = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']),
  /** Name written into the journal as `by` for operator actions. */
  operatorName: z.string().min(1).max(100),
  /** The operator confirmed their name once (the console asks on first run); absent = not yet. */
  operatorConfirmed: z.boolean().optional(),
  /** Desktop notifications on halt, gate failure and waiting-for-promotion. */
  notifications: z.boolean(),
  prometheusUrls: z
    .array(
      z.url({ protocol: /^https?$/ }).refine((u) => !/^https?:\/\/[^/?#]*@/.test(u), {
        error: 'expected a URL without user:password@ (settings are a plain file)',
      }),
    )
    .max(20),
  /**
   * The team database (postgres://[USER@]HOST[:PORT]/DB) this console lists and follows;
   * null or absent: none. Its password is never here (the secret store keeps it).
   */
  teamUrl: z
    .string()
    .max(500)
    .regex(/^postgres(ql)?:\/\/[^\s]*$/, 'expected postgres://[USER@]HOST[:PORT]/DATABASE')
    .refine((u) => !/^postgres(ql)?:\/\/[^/?#@]*:[^/?#@]*@/.test(u), {
      error:
        'expected a URL without a password (settings are a plain file; the password goes to the keychain)',
    })
    .nullable()
    .optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A partial update: only the keys present change. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const defaultSettings: Settings = {
  theme: 'system',
  operatorName: 'operator',
  notifications: true,
  prometheusUrls: [],
};
