/**
 * The two events that are nine in ten of a journal (a host step started, a host step
 * succeeded), checked without zod: the same acceptance and the same result as
 * `RolloutEventSchema` (a new object, keys in the schema's order), built by hand. Anything
 * else, or anything unusual about these two (an unknown or undefined key, a value of another
 * type, an integer beyond the safe range), returns null and goes to zod, which decides and
 * words the error. Opening and verifying a long journal spent a third of its parse here.
 */
import type { RolloutEvent } from './event';

const isPhase = (v: unknown): v is 'deploy' | 'rollback' | 'verify' =>
  v === 'deploy' || v === 'rollback' || v === 'verify';
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The number of own enumerable keys of a plain object; -1 for any other object. */
function ownKeyCount(o: object): number {
  if (Object.getPrototypeOf(o) !== Object.prototype) {
    return -1;
  }
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) {
      return -1;
    }
    n++;
  }
  return n;
}

/** A copy of `v` when it is a list of strings, else null. */
function strings(v: unknown): string[] | null {
  if (!Array.isArray(v)) {
    return null;
  }
  for (const s of v) {
    if (typeof s !== 'string') {
      return null;
    }
  }
  return (v as string[]).slice();
}

/** HostStepStarted or HostStepSucceeded exactly as zod would give it, or null (ask zod). */
export function fastParseHostStep(raw: unknown): RolloutEvent | null {
  if (typeof raw !== 'object' || raw === null) {
    return null;
  }
  const r = raw as Record<string, unknown>;
  const type = r.type;
  const succeeded = type === 'HostStepSucceeded';
  if (!succeeded && type !== 'HostStepStarted') {
    return null;
  }
  const { at, commandId, ring, domain, host, step, phase, attempt } = r;
  if (
    !isMs(at) ||
    (commandId !== undefined && typeof commandId !== 'string') ||
    typeof ring !== 'string' ||
    typeof domain !== 'string' ||
    typeof host !== 'string' ||
    typeof step !== 'string' ||
    !isPhase(phase) ||
    !isInt(attempt)
  ) {
    return null;
  }
  const head = commandId === undefined ? 0 : 1;
  if (!succeeded) {
    if (ownKeyCount(r) !== 8 + head) {
      return null;
    }
    return commandId === undefined
      ? { type, at, ring, domain, host, step, phase, attempt }
      : { type, at, commandId, ring, domain, host, step, phase, attempt };
  }
  const { exitCode, durationMs, ssmCommandId } = r;
  const tail = strings(r.tail);
  if (
    !isInt(exitCode) ||
    !isMs(durationMs) ||
    tail === null ||
    (ssmCommandId !== undefined && typeof ssmCommandId !== 'string')
  ) {
    return null;
  }
  if (ownKeyCount(r) !== 11 + head + (ssmCommandId === undefined ? 0 : 1)) {
    return null;
  }
  const ref = commandId === undefined ? {} : { commandId };
  return {
    type,
    at,
    ...ref,
    ring,
    domain,
    host,
    step,
    phase,
    attempt,
    exitCode,
    durationMs,
    tail,
    ...(ssmCommandId === undefined ? {} : { ssmCommandId }),
  };
}
