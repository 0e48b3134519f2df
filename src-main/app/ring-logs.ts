/**
 * The Logs view's stream: a follow command (`journalctl -f` / `tail -F`) over SSH on one host
 * per ring (the first reachable host of its first update domain), each line tagged with its
 * ring and, for error lines, its masked signature — what the Logs view counts and
 * highlights. The demo follows its simulated hosts' `app` unit; a plan workspace follows its
 * telemetry `logs` source with that source's error patterns.
 */
import type { LogLine } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import type { SourceDoc } from '../core/plan/schema-telemetry';
import { compileLogSignal, logSignature } from '../core/telemetry/log-signature';
import type { SshExecutor } from '../adapters/ssh';
import { followCommand, type LogSource } from '../adapters/telemetry/logs';

/** A follow runs until stopped; a day is "forever" for a console session. */
const FOLLOW_TIMEOUT_MS = 24 * 3600_000;

/** What to follow on each host and how to tell an error line (its signature, or null). */
export interface RingLogSpec {
  readonly source: LogSource;
  readonly signature: (line: string) => string | null;
}

/** The demo's hosts log to the `app` unit; ERROR lines are signed without their prefix. */
export const demoLogSpec: RingLogSpec = {
  source: { kind: 'journal', unit: 'app' },
  signature: (line) =>
    /\bERROR\b/.test(line) ? logSignature(line.replace(/^.*?\bERROR\b\s*/, '')) : null,
};

/**
 * The spec of a plan's first `logs` telemetry source; null when the plan has none, or a
 * one-line problem naming the source when its patterns do not compile.
 */
export function planLogSpec(
  sources: readonly SourceDoc[] | undefined,
): { ok: true; spec: RingLogSpec | null } | { ok: false; message: string } {
  const src = sources?.find((s): s is Extract<SourceDoc, { kind: 'logs' }> => s.kind === 'logs');
  if (!src) {
    return { ok: true, spec: null };
  }
  const compiled = compileLogSignal({ errorPatterns: src.patterns });
  if (!compiled.ok) {
    return { ok: false, message: `telemetry source ${src.name}: ${compiled.message}` };
  }
  const errors = compiled.errors;
  return {
    ok: true,
    spec: {
      source:
        src.unit !== undefined
          ? { kind: 'journal', unit: src.unit }
          : { kind: 'file', path: src.file ?? '/var/log/syslog' },
      signature: (line) => (errors.some((re) => re.test(line)) ? logSignature(line) : null),
    },
  };
}

/** Starts following; returns the function that stops every stream. */
export function followRingLogs(
  plan: RolloutPlan,
  executor: SshExecutor,
  spec: RingLogSpec,
  reachable: (host: string) => boolean,
  clock: () => number,
  onLine: (line: LogLine) => void,
): () => Promise<void> {
  const abort = new AbortController();
  const hosts = new Map(plan.hosts.map((h) => [h.name, h]));
  const command = followCommand(spec.source);
  const runs = plan.rings.flatMap((ring) => {
    const name = ring.domains.flatMap((d) => d.hosts).find(reachable);
    const host = name === undefined ? undefined : hosts.get(name);
    if (!host) {
      return [];
    }
    return [
      executor
        .exec(host, command, {
          timeoutMs: FOLLOW_TIMEOUT_MS,
          signal: abort.signal,
          onLine: (_stream, line) => {
            if (line.trim() === '') {
              return;
            }
            onLine({
              at: clock(),
              ring: ring.name,
              host: host.name,
              line,
              signature: spec.signature(line),
            });
          },
        })
        // A host that cannot be reached (key not yet approved, down) has no stream: the view
        // shows the other rings; the rollout itself reports the host.
        .catch(() => undefined),
    ];
  });
  return async () => {
    abort.abort();
    await Promise.all(runs);
  };
}
