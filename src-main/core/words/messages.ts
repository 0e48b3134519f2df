/**
 * Messages from the engine carry the method they answer (`exportTimeline: no rollout…`), which
 * tells a log reader where; a person reading a toast wants what they did instead.
 */
import { isMethodName } from '../contract/names';

/** The contract method a message starts with (`promote: …`), or null. */
export function leadingMethod(message: string): string | null {
  const m = /^([a-z][A-Za-z]*):\s/.exec(message);
  return m?.[1] !== undefined && isMethodName(m[1]) ? m[1] : null;
}

/**
 * A refusal or failure as a person reads it: `what` (the action in the vocabulary, e.g.
 * "Export", "Promote") then the reason, with the method-name prefix and the internal
 * parameter paths (`params.release`) left out.
 */
export function personMessage(what: string, message: string): string {
  const method = leadingMethod(message);
  const reason = (method === null ? message : message.slice(method.length + 1).trimStart())
    .replace(/\bparams\.([A-Za-z.]+)/g, (_, path: string) => path.split('.').at(-1) ?? path)
    .trim();
  return `${what} did not happen: ${reason || 'no reason given'}`;
}

/** Why every action is unavailable on a past rollout opened from History. */
export const PAST_ROLLOUT_WHY = 'this is a past rollout, open to read only';
