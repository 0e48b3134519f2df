/**
 * The one place where a call from outside (Electron IPC, WebSocket) meets the API
 * implementation: method name checked, params validated with the contract's zod schema,
 * and only an error's message returned, so no stack or object crosses the boundary.
 */
import type { z } from 'zod';
import type { RingsideApi, PushPayload, Unsubscribe } from './api';
import { isMethodName, pushNames, type MethodName, type PushName } from './names';
import { methodSchemas } from './methods';
import { isCommandKind } from '../commands/kinds';

/** The envelope every transport carries back to the caller. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: string };

/** Formats zod issues as `method: params.field.sub: message; ...` naming every bad field. */
export function describeIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = ['params', ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return `${where}: invalid ${parts.join('; ')}${more}`;
}

/** Validates params of a known method; a typed result, never a throw. */
export function validateParams(
  method: MethodName,
  params: unknown,
): { ok: true; params: unknown } | { ok: false; error: string } {
  const parsed = methodSchemas[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    return { ok: false, error: describeIssues(method, parsed.error.issues) };
  }
  return { ok: true, params: parsed.data };
}

/**
 * Calls `api[method](params)` for an untrusted method name and payload. Unknown methods and
 * bad params are refused with a message naming the field; a rejection from the API becomes
 * its message only.
 */
export async function dispatchCall(
  api: RingsideApi,
  method: string,
  params: unknown,
): Promise<CallOutcome> {
  if (!isMethodName(method)) {
    return { ok: false, error: `unknown method '${method}'` };
  }
  const valid = validateParams(method, params);
  if (!valid.ok) {
    return valid;
  }
  if (isCommandKind(method) && (valid.params as { stamp?: unknown }).stamp === undefined) {
    // Without an id a retry cannot be told from a second command, nor a late one refused.
    return {
      ok: false,
      error: `${method}: invalid params.stamp: required (an operator command carries the id and deadline made when the person acted); nothing was done`,
    };
  }
  try {
    // The schema just proved the params match this method; TS cannot follow the
    // correlation between `method` and its params type through the mapped type.
    const fn = api[method] as (p: unknown) => Promise<unknown>;
    const result = await fn.call(api, valid.params);
    return { ok: true, result: result === undefined ? null : result };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Subscribes to every push of `api`; returns one function that stops them all. */
export function subscribeAllPushes(
  api: RingsideApi,
  forward: <K extends PushName>(name: K, payload: PushPayload<K>) => void,
): Unsubscribe {
  const stops = pushNames.map((name) => subscribeOne(api, name, forward));
  return () => {
    for (const stop of stops) {
      stop();
    }
  };
}

function subscribeOne<K extends PushName>(
  api: RingsideApi,
  name: K,
  forward: (name: K, payload: PushPayload<K>) => void,
): Unsubscribe {
  const subscribe = api[name] as (listener: (payload: PushPayload<K>) => void) => Unsubscribe;
  return subscribe.call(api, (payload) => forward(name, payload));
}
