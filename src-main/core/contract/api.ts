/**
 * `RingsideApi`: the whole console API as one type, derived from the method and push schemas.
 * The app facade implements it; preload, the WebSocket bridge and the renderer client all
 * expose exactly this type, so there is no hand-written copy to drift.
 */
import type { z } from 'zod';
import type { methodSchemas } from './methods';
import type { MethodName, PushName } from './names';
import type { pushSchemas } from './pushes';

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

export { isMethodName, isPushName, methodChannel, pushChannel } from './names';
