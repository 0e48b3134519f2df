import type { StopSignal } from './stop-signal';
import type { Prng } from './prng';
import type { SimFault } from './faults';
import { profileForVersion, type ProfileOptions } from './profiles';
import { accrue, createTraffic, restartProcess, switchVersion, type HostTraffic } from './traffic';
import { renderMetrics } from './metrics-text';
import { logLine } from './log-lines';
import { exponential } from './sampling';
import type { HostActions } from './interpreter';

/**
 * The state of one simulated host, independent of how it is reached (SSH, HTTP, in-process):
 * its version and traffic, what ran on it, its fault, and the actions `appctl` performs.
 */

/** One exec request as the host saw it. */
export interface ExecRecord {
  readonly command: string;
  readonly user: string;
  readonly startedMs: number;
  /** null while running, or when the channel closed before the command finished. */
  exitCode: number | null;
  endedMs: number | null;
}

/** Settings shared by every host of a fleet. */
export interface HostSettings {
  readonly now: () => number;
  readonly profiles: ProfileOptions;
  /** Default requests per second of a host. */
  readonly rps: number;
  /** Multiplies every simulated latency (install, restart, sleep); 0 makes them immediate. */
  readonly latencyScale: number;
  /** Told whenever a host starts running a version (install, rollback, setVersion). */
  readonly onVersionChange?: (host: string, version: string, atMs: number) => void;
}

/** A read-only snapshot of one host's state, for tests and drills. */
export interface SimHostSnapshot {
  readonly name: string;
  readonly version: string;
  readonly previousVersion: string | null;
  /** Process starts after the first (installs, rollbacks, restarts, crashes). */
  readonly restarts: number;
  readonly crashes: number;
  readonly processStartMs: number;
  /** How many times each exact command line was received. */
  readonly execCounts: ReadonlyMap<string, number>;
  /** The last 200 exec requests. */
  readonly execLog: readonly ExecRecord[];
  readonly fault: SimFault | null;
}

const EXEC_LOG_LIMIT = 200;

/** Resolves after `ms` real milliseconds, or at once when aborted. */
export function delay(ms: number, signal?: StopSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cancel?.();
      resolve();
    }, ms);
    const cancel = signal?.whenAborted(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export class SimHostState {
  previousVersion: string | null = null;
  private currentFault: SimFault | null = null;
  /** Requests per second of this host; changeable while running (see setRps). */
  private rps: number;
  /** Commands left before a counted command fault clears itself. */
  private faultBudget: number | null = null;
  readonly execCounts = new Map<string, number>();
  readonly execLog: ExecRecord[] = [];
  readonly traffic: HostTraffic;

  constructor(
    readonly name: string,
    readonly index: number,
    version: string,
    private readonly settings: HostSettings,
    private readonly trafficRng: Prng,
    private readonly jitterRng: Prng,
    private readonly logRng: Prng,
  ) {
    this.rps = settings.rps;
    this.traffic = createTraffic(
      version,
      profileForVersion(version, settings.profiles),
      settings.now(),
      trafficRng,
    );
  }

  get fault(): SimFault | null {
    return this.currentFault;
  }

  setFault(fault: SimFault | null): void {
    this.currentFault = fault;
    this.faultBudget =
      fault &&
      (fault.kind === 'command-fails' || fault.kind === 'command-hangs') &&
      fault.count !== undefined
        ? fault.count
        : null;
    if (this.faultBudget !== null && this.faultBudget <= 0) {
      this.currentFault = null;
    }
  }

  /** Called when a command fault applied; clears a counted fault once it is used up. */
  consumeCommandFault(): void {
    if (this.faultBudget !== null) {
      this.faultBudget--;
      if (this.faultBudget <= 0) {
        this.currentFault = null;
        this.faultBudget = null;
      }
    }
  }

  /** A copy of this host's state with traffic caught up to now. */
  snapshot(): SimHostSnapshot {
    const t = this.catchUp();
    return {
      name: this.name,
      version: t.version,
      previousVersion: this.previousVersion,
      restarts: t.restarts,
      crashes: t.crashes,
      processStartMs: t.processStartMs,
      execCounts: new Map(this.execCounts),
      execLog: this.execLog.map((r) => ({ ...r })),
      fault: this.currentFault,
    };
  }

  /** The fleet's clock (ms since epoch). */
  now(): number {
    return this.settings.now();
  }

  /** Brings the counters up to now; every read of traffic goes through here. */
  catchUp(): HostTraffic {
    accrue(this.traffic, this.settings.now(), this.rps, this.trafficRng);
    return this.traffic;
  }

  metricsText(): string {
    return renderMetrics(this.catchUp());
  }

  /** Changes this host's traffic from now on (traffic so far accrues at the old rate). */
  /** Requests per second this host serves now. */
  get requestsPerSecond(): number {
    return this.rps;
  }

  setRps(rps: number): void {
    this.catchUp();
    this.rps = Math.max(0, rps);
  }

  /** Installs `version` at once (no latency); used by actions and by test/drill setup. */
  setVersion(version: string): void {
    this.catchUp();
    if (version !== this.traffic.version) {
      this.previousVersion = this.traffic.version;
    }
    switchVersion(
      this.traffic,
      version,
      profileForVersion(version, this.settings.profiles),
      this.settings.now(),
      this.rps,
      this.trafficRng,
    );
    this.settings.onVersionChange?.(this.name, version, this.traffic.processStartMs);
  }

  /** Jittered latency of an operation: uniform in [minMs, maxMs] × latencyScale. */
  private jitter(minMs: number, maxMs: number): number {
    return (minMs + this.jitterRng.next() * (maxMs - minMs)) * this.settings.latencyScale;
  }

  private pid(): number {
    return 1000 + ((this.traffic.restarts * 7919 + this.index * 131) % 30000);
  }

  /** Records the start of an exec; returns the record to complete. */
  recordExec(command: string, user: string): ExecRecord {
    this.execCounts.set(command, (this.execCounts.get(command) ?? 0) + 1);
    const rec: ExecRecord = {
      command,
      user,
      startedMs: this.settings.now(),
      exitCode: null,
      endedMs: null,
    };
    this.execLog.push(rec);
    if (this.execLog.length > EXEC_LOG_LIMIT) {
      this.execLog.shift();
    }
    return rec;
  }

  private hostActions: HostActions | null = null;

  /** The interpreter's view of this host (built once: every exec asks for it). */
  actions(): HostActions {
    return (this.hostActions ??= this.buildActions());
  }

  private buildActions(): HostActions {
    return {
      hostName: this.name,
      version: () => this.traffic.version,
      install: async (version) => {
        await delay(this.jitter(150, 600));
        this.setVersion(version);
      },
      rollback: async (version) => {
        const target = version ?? this.previousVersion;
        if (target === null) {
          return `no previous version to roll back to on ${this.name}`;
        }
        await delay(this.jitter(150, 600));
        this.setVersion(target);
        return null;
      },
      restart: async () => {
        await delay(this.jitter(50, 200));
        this.catchUp();
        restartProcess(this.traffic, this.settings.now(), this.trafficRng);
      },
      health: () => {
        const t = this.catchUp();
        const up = Math.round((this.settings.now() - t.processStartMs) / 1000);
        return t.profile.healthCheckPasses
          ? { ok: true, line: `healthy version=${t.version} uptime=${up}s` }
          : { ok: false, line: `unhealthy version=${t.version}: readiness probe failed` };
      },
      sleep: (seconds, signal) =>
        delay(Math.max(0, seconds) * 1000 * this.settings.latencyScale, signal),
      recentLogs: (count) => {
        const t = this.catchUp();
        const now = this.settings.now();
        const gapMs = 1000 / Math.max(t.profile.logLinesPerSecond, 0.001);
        return Array.from({ length: count }, (_, i) =>
          logLine(this.name, this.pid(), t.profile, now - (count - i) * gapMs, this.logRng),
        );
      },
      followLogs: async (out, signal) => {
        while (!signal.aborted) {
          const rate = this.traffic.profile.logLinesPerSecond;
          await delay(Math.min(exponential(this.logRng, rate) * 1000, 60_000), signal);
          if (!signal.aborted && rate > 0) {
            out(
              logLine(
                this.name,
                this.pid(),
                this.traffic.profile,
                this.settings.now(),
                this.logRng,
              ),
            );
          }
        }
      },
    };
  }
}
