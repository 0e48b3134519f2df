/**
 * Where the facade keeps preferences and recent workspaces: Electron gives it its store;
 * browser mode and tests keep them in memory.
 */
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

/** Settings kept in memory (browser mode without a store). */
export function memorySettings(): SettingsPort {
  let settings: Settings = { ...defaultSettings };
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
