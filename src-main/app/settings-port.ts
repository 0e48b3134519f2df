/**
 * Where the facade keeps preferences and recent workspaces: Electron gives it its store;
 * browser mode and tests keep them in memory.
 */
import { userInfo } from 'node:os';
import {
  defaultSettings,
  type RecentWorkspace,
  type Settings,
  type SettingsPatch,
} from '../core/contract';

/** Preferences and recent workspaces (Electron: its store; elsewhere: in memory). */
export interface SettingsPort {
  getSettings(): Settings;
  setSettings(patch: SettingsPatch): Settings;
  listRecent(): RecentWorkspace[];
  addRecent(entry: RecentWorkspace): unknown;
}

/**
 * Settings kept in memory (browser mode without a store). `operatorName` defaults to
 * `defaultOperator` (the OS user, as the facade passes it) so the first-run question has a
 * sensible answer ready.
 */
export function memorySettings(defaultOperator?: string): SettingsPort {
  let settings: Settings = {
    ...defaultSettings,
    ...(defaultOperator ? { operatorName: defaultOperator.slice(0, 100) } : {}),
  };
  let recent: RecentWorkspace[] = [];
  return {
    getSettings: () => settings,
    setSettings: (patch) => {
      settings = { ...settings, ...patch };
      return settings;
    },
    listRecent: () => recent,
    addRecent: (entry) => {
      recent = [entry, ...recent.filter((r) => r.name !== entry.name)].slice(0, 10);
    },
  };
}

/** The OS user's name, the first-run default for the operator name; undefined if unknown. */
export function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // No passwd entry (some containers): the console asks without a suggestion.
    return undefined;
  }
}
