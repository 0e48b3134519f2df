/**
 * Log signals: follows `journalctl -f` / `tail -F` over SSH on a few sampled hosts of the
 * ring and of the baseline, counting error lines and grouping them into signatures with
 * trace ids. Each followed host's counts are offered as samples (`log_lines_total`,
 * `log_error_lines_total`) so a log metric can be gated like any counter; the signatures
 * go into the halt summary.
 */
import type { SummarySignature } from '../../core/halt-summary';
import type { SourceDoc } from '../../core/plan/schema-telemetry';
import { topSignatures, type LogTally } from '../../core/telemetry/log-signature';
import type { PromSample } from '../../core/telemetry/prom-text';
import {
  followLogs,
  type LogFollower,
  type LogSource,
  type StreamExecFn,
} from '../../adapters/telemetry/logs';
import type { RoundFetcher } from './host-rounds';

/** At most this many hosts are followed at once (each holds an SSH channel open). */
const MAX_FOLLOWED = 12;

/** Follows logs of the hosts it is asked about, lazily, up to MAX_FOLLOWED. */
export class LogWatch {
  private readonly followers = new Map<string, LogFollower>();
  private readonly problems = new Map<string, string>();

  constructor(
    private readonly source: Extract<SourceDoc, { kind: 'logs' }>,
    private readonly exec: StreamExecFn,
    private readonly clock: () => number,
  ) {}

  private follow(host: string): LogFollower | null {
    const have = this.followers.get(host);
    if (have) {
      return have;
    }
    if (this.followers.size >= MAX_FOLLOWED || this.problems.has(host)) {
      return null;
    }
    const src: LogSource =
      this.source.unit !== undefined
        ? { kind: 'journal', unit: this.source.unit }
        : { kind: 'file', path: this.source.file ?? '/var/log/syslog' };
    const f = followLogs({
      rings: { [host]: [host] },
      source: src,
      signal: {
        errorPatterns: this.source.patterns,
        ...(this.source.traceId !== undefined ? { traceIdPattern: this.source.traceId } : {}),
      },
      exec: this.exec,
      clock: this.clock,
    });
    if (!f.ok) {
      this.problems.set(host, `logs ${this.source.name}: ${f.message}`);
      return null;
    }
    this.followers.set(host, f);
    return f;
  }

  /** Per-host counters from the followed logs; a host not (yet) followed has no data. */
  fetcher(): RoundFetcher {
    return async (hosts) => {
      const atMs = this.clock();
      const samples = new Map<string, readonly PromSample[]>();
      const errors = new Map<string, string>();
      for (const h of hosts) {
        const started = this.followers.has(h);
        const f = this.follow(h);
        const ended = f?.ended()[h];
        if (f === null) {
          errors.set(
            h,
            this.problems.get(h) ?? `${h}: log not followed (sample of ${MAX_FOLLOWED} hosts)`,
          );
        } else if (ended !== undefined) {
          errors.set(h, `${h}: ${ended}`);
        } else if (!started) {
          errors.set(h, `${h}: log follow just started`);
        } else {
          const t = f.tally(h);
          samples.set(h, [
            { name: 'log_lines_total', labels: {}, value: t.lines },
            { name: 'log_error_lines_total', labels: {}, value: t.errorLines },
          ]);
        }
      }
      return { atMs, samples, errors };
    };
  }

  /** Ring signatures (flagged when the baseline has them too) and trace ids seen in the ring. */
  signatures(
    ringHosts: readonly string[],
    baselineHosts: readonly string[],
  ): { signatures: SummarySignature[]; traceIds: string[] } {
    const tallies = (hosts: readonly string[]): LogTally[] =>
      hosts.flatMap((h) => {
        const f = this.followers.get(h);
        return f ? [f.tally(h)] : [];
      });
    const baseline = new Set(tallies(baselineHosts).flatMap((t) => Object.keys(t.signatures)));
    const merged = new Map<string, { count: number; traceIds: string[]; first: number }>();
    for (const t of tallies(ringHosts)) {
      for (const s of topSignatures(t, 20)) {
        const m = merged.get(s.signature) ?? { count: 0, traceIds: [], first: s.firstSeenMs };
        m.count += s.count;
        m.traceIds.push(...s.traceIds);
        m.first = Math.min(m.first, s.firstSeenMs);
        merged.set(s.signature, m);
      }
    }
    const sorted = [...merged.entries()].sort((a, b) => b[1].count - a[1].count);
    return {
      signatures: sorted.map(([signature, m]) => ({
        signature,
        count: m.count,
        inBaseline: baseline.has(signature),
      })),
      traceIds: [...new Set(sorted.flatMap(([, m]) => m.traceIds))].slice(0, 10),
    };
  }

  /** Whether any host is followed (so the summary can say "no new signatures" truthfully). */
  get following(): boolean {
    return this.followers.size > 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.followers.values()].map((f) => f.stop()));
    this.followers.clear();
  }
}
