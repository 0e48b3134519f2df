/**
 * The contract's names and channels only, with no schema imports: the sandboxed Electron
 * preload can `require` nothing but electron, so it must not pull zod in through here.
 */

import { commandKinds } from '../commands/kinds';

/** Every method: the operator commands (defined once, in core/commands) and the queries. */
export const methodNames = [
  'getSnapshot',
  'openWorkspace',
  'listRecentWorkspaces',
  ...commandKinds,
  'exportTimeline',
  'getSeries',
  'getChartHistory',
  'testPrometheus',
  'testCloudAccount',
  'getSettings',
  'setSettings',
  'providePassphrase',
  'listRollouts',
  'openPastRollout',
  'getHostHistory',
  'listTeamRollouts',
  'openTeamRollout',
  'getTeamRollout',
  'closeTeamRollout',
  'setTeamPassword',
] as const;
export type MethodName = (typeof methodNames)[number];

export const pushNames = [
  'onSnapshot',
  'onHostOutput',
  'onSamples',
  'onLogLine',
  'onNotification',
  'onMenuCommand',
  'onPassphraseRequest',
] as const;
export type PushName = (typeof pushNames)[number];

/** True when `name` is a contract method (a string from the wire can be anything). */
export function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name);
}

/** True when `name` is a contract push. */
export function isPushName(name: string): name is PushName {
  return (pushNames as readonly string[]).includes(name);
}

/** IPC channel of a method (Electron `ipcMain.handle`). */
export function methodChannel(name: MethodName): string {
  return `ringside:${name}`;
}

/** IPC channel of a push (Electron `webContents.send`). */
export function pushChannel(name: PushName): string {
  return `ringside:push:${name}`;
}
