/**
 * `RingsideApi`: the whole console API as one type, derived from the method and push schemas.
 * The app facade implements it; preload, the WebSocket bridge and the renderer client all
 * expose exactly this type, so there is no hand-written copy to drift.
 */
import type { z } from 'zod';
import { methodNames, methodSchemas, type MethodName } from './methods';
import { pushNames, pushSchemas, type PushName } from './pushes';

/** What a caller passes to a method (before defaults/trimming). */
export type MethodParams<K extends MethodName> = z.input<(typeof methodSchemas)[K]['params']>;
/** What a method resolves to. */
export type MethodResult<K extends MethodName> = z.output<(typeof methodSchemas)[K]['result']>;
/** What a push delivers. */
export type PushPayload<K extends PushName> = z.output<(typeof pushSchemas)[K]>;

/** Methods whose params are all optional may be called without an argument. */
type ParamsArgs<K extends MethodName> =
  Record<string, never> extends MethodParams<K>
    ? [params?: MethodParams<K>]
    : [params: MethodParams<K>];

/** Stops a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

export type RingsideMethods = {
  [K in MethodName]: (...args: ParamsArgs<K>) => Promise<MethodResult<K>>;
};
export type RingsideSubscriptions = {
  [K in PushName]: (listener: (payload: PushPayload<K>) => void) => Unsubscribe;
};

/** The console API: request/response methods plus `onXxx` push subscriptions. */
export type RingsideApi = RingsideMethods & RingsideSubscriptions;

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
