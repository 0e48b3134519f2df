/**
 * The demo's log stream: `journalctl -f` over SSH on one host per ring (the first trusted
 * host of its first update domain), each line tagged with its ring and, for ERROR lines,
 * its masked signature — what the Logs view counts and highlights.
 */
import type { LogLine } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import { logSignature } from '../core/telemetry/log-signature';
import type { SshExecutor } from '../adapters/ssh';
import { followCommand } from '../adapters/telemetry/logs';

/** A follow runs until stopped; a day is "forever" for a demo. */
const FOLLOW_TIMEOUT_MS = 24 * 3600_000;

/** Starts following; returns the function that stops every stream. */
export function followDemoLogs(
  plan: RolloutPlan,
  executor: SshExecutor,
  trusted: (host: string) => boolean,
  clock: () => number,
  onLine: (line: LogLine) => void,
): () => Promise<void> {
  const abort = new AbortController();
  const hosts = new Map(plan.hosts.map((h) => [h.name, h]));
  const command = followCommand({ kind: 'journal', unit: 'app' });
  const runs = plan.rings.flatMap((ring) => {
    const name = ring.domains.flatMap((d) => d.hosts).find(trusted);
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
              signature: /\bERROR\b/.test(line)
                ? logSignature(line.replace(/^.*?\bERROR\b\s*/, ''))
                : null,
            });
          },
        })
        .catch(() => undefined),
    ];
  });
  return async () => {
    abort.abort();
    await Promise.all(runs);
  };
}
