/**
 * Preferences, window state and recent workspaces, kept in electron-store in the app and in
 * `conf` (its engine) in tests. Everything read back is validated: a hand-edited or older
 * file falls back to defaults with a warning instead of crashing the window.
 */
import { z } from 'zod';
import {
  RecentWorkspaceSchema,
  SettingsSchema,
  defaultSettings,
  type RecentWorkspace,
  type Settings,
  type SettingsPatch,
} from '../core/contract';

/** The slice of electron-store / conf this module needs. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export const WindowStateSchema = z.strictObject({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(800).max(10_000),
  height: z.number().int().min(600).max(10_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const defaultWindowState: WindowState = { width: 1280, height: 800, maximized: false };
const MAX_RECENT = 10;

/** Reads and validates one key; `warn` hears why a stored value was ignored. */
function readValid<T>(
  kv: KeyValueStore,
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
  warn: (message: string) => void,
): T {
  const raw = kv.get(key);
  if (raw === undefined) {
    return fallback;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warn(
      `settings: ignoring stored '${key}': ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
    return fallback;
  }
  return parsed.data;
}

/** The settings store used by main; the app facade serves getSettings/setSettings from it. */
export function createSettingsStore(
  kv: KeyValueStore,
  warn: (message: string) => void,
  defaultOperator?: string,
) {
  const defaults: Settings = {
    ...defaultSettings,
    ...(defaultOperator ? { operatorName: defaultOperator.slice(0, 100) } : {}),
  };
  return {
    getSettings: (): Settings => readValid(kv, 'settings', SettingsSchema, { ...defaults }, warn),
    /** Applies a validated patch; the result is what is now stored. */
    setSettings(patch: SettingsPatch): Settings {
      const next = SettingsSchema.parse({ ...this.getSettings(), ...patch });
      kv.set('settings', next);
      return next;
    },
    getWindowState: (): WindowState =>
      readValid(kv, 'windowState', WindowStateSchema, defaultWindowState, warn),
    saveWindowState(state: WindowState): void {
      const parsed = WindowStateSchema.safeParse(state);
      if (parsed.success) {
        kv.set('windowState', parsed.data);
      }
    },
    listRecent: (): RecentWorkspace[] =>
      readValid(kv, 'recentWorkspaces', z.array(RecentWorkspaceSchema), [], warn),
    /** Most recent first, one entry per workspace, at most ten. */
    addRecent(entry: RecentWorkspace): RecentWorkspace[] {
      const key = (w: RecentWorkspace) => (w.source.kind === 'demo' ? 'demo' : w.source.planPath);
      const next = [entry, ...this.listRecent().filter((w) => key(w) !== key(entry))].slice(
        0,
        MAX_RECENT,
      );
      kv.set('recentWorkspaces', next);
      return next;
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
