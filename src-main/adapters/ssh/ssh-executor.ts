/**
 * The ssh2-backed SshExecutor: one reusable connection per host, global caps on open
 * connections and concurrent handshakes, bounded retries with backoff on transport errors.
 */
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'ssh2';
import type { Host } from '../../core/model/host';
import { connectChain, type ChainDeps, type ConnectFailure } from './hop-chain';
import { runCommand, type OutputLimits } from './exec';
import { IdentityStore } from './identities';
import { findOfferedKey, knownHostsName, type OfferedKeyMatch } from './known-hosts';
import { KnownHostsStore } from './known-hosts-store';
import { DEFAULT_RETRY, nextState, type LifecycleEvent, type RetryPolicy } from './lifecycle';
import { Semaphore } from './semaphore';
import type { SshConfig } from './ssh-config';
import { resolveTarget } from './target';
import { sshTargetEnv } from './target-env';
import type {
  ApproveResult,
  Clock,
  ConnectionState,
  Endpoint,
  ExecOptions,
  ExecResult,
  PassphraseProvider,
  SshExecutor,
} from './types';

/** Settings of the ssh2 executor; every field has a default. */
export interface SshExecutorOptions {
  /** The Ringside-owned known_hosts (approvals and TOFU are appended here). */
  readonly ringsideKnownHostsFile?: string;
  /** Read-only known_hosts files; default `~/.ssh/known_hosts`. */
  readonly knownHostsFiles?: readonly string[];
  /** Accept and record unknown host keys (only when the plan opts in). Changed keys are refused regardless. */
  readonly trustOnFirstUse?: boolean;
  /** ssh_config path (default `~/.ssh/config`), parsed config, or null for none. */
  readonly sshConfig?: string | SshConfig | null;
  /** ssh-agent socket; default `SSH_AUTH_SOCK`; null disables the agent. */
  readonly agentSocket?: string | null;
  readonly passphraseProvider?: PassphraseProvider;
  readonly defaultUser?: string;
  readonly home?: string;
  readonly maxConnections?: number;
  readonly maxHandshakes?: number;
  readonly connectTimeoutMs?: number;
  readonly keepaliveMs?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly output?: Partial<OutputLimits>;
}

interface Live {
  readonly client: Client;
  readonly bastions: readonly Client[];
  /** The fingerprint of the key the host presented and known_hosts trusted. */
  readonly hostFingerprint: string | null;
  busy: number;
  lastUsed: number;
}

interface Entry {
  state: ConnectionState;
  live: Live | null;
  connecting: Promise<Live | ConnectFailure> | null;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Create the real SSH executor. */
export function createSshExecutor(options: SshExecutorOptions = {}): SshExecutor {
  const home = options.home ?? os.homedir();
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const retry = options.retry ?? DEFAULT_RETRY;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const keepaliveMs = options.keepaliveMs ?? 15_000;
  const limits: OutputLimits = {
    maxLineChars: options.output?.maxLineChars ?? 4096,
    tailLines: options.output?.tailLines ?? 50,
  };
  const agent =
    options.agentSocket === null ? undefined : (options.agentSocket ?? process.env.SSH_AUTH_SOCK);
  // The same resolver environment `ringside hosts` prints from.
  const env = sshTargetEnv({
    home,
    ...(options.sshConfig !== undefined ? { sshConfig: options.sshConfig } : {}),
    ...(options.defaultUser !== undefined ? { defaultUser: options.defaultUser } : {}),
  });
  const knownHosts = new KnownHostsStore(
    options.knownHostsFiles ?? [path.join(home, '.ssh', 'known_hosts')],
    options.ringsideKnownHostsFile ?? path.join(home, '.config', 'ringside', 'known_hosts'),
  );
  const identities = new IdentityStore(options.passphraseProvider);
  const entries = new Map<string, Entry>();
  const listeners = new Set<(hostName: string, state: ConnectionState) => void>();
  /** Keys offered by hosts that came back `host-key-unknown`, by `name\nfingerprint`. */
  const offered = new Map<string, { endpoint: Endpoint; key: Buffer }>();
  let closed = false;

  /**
   * Connections already told to end, whose slot comes back on 'close'. Without this, N
   * waiters arriving together all picked the same oldest connection, one slot came back,
   * and the other N-1 waited forever (a 1,000-host rollout hung past 256 hosts).
   */
  const evicting = new WeakSet<Live>();
  const evictIdle = (): void => {
    let oldest: Live | null = null;
    for (const e of entries.values()) {
      if (
        e.live !== null &&
        e.live.busy === 0 &&
        !evicting.has(e.live) &&
        (oldest === null || e.live.lastUsed < oldest.lastUsed)
      ) {
        oldest = e.live;
      }
    }
    if (oldest !== null) {
      evicting.add(oldest);
      oldest.client.end();
    }
  };
  const connectionSlots = new Semaphore(options.maxConnections ?? 256, evictIdle);
  const handshakeSlots = new Semaphore(options.maxHandshakes ?? 32);

  const entryOf = (name: string): Entry => {
    let e = entries.get(name);
    if (e === undefined) {
      e = { state: { kind: 'idle' }, live: null, connecting: null };
      entries.set(name, e);
    }
    return e;
  };
  const transition = (name: string, event: LifecycleEvent): ConnectionState => {
    const e = entryOf(name);
    const next = nextState(e.state, event, retry, random());
    if (next !== e.state) {
      e.state = next;
      for (const l of listeners) {
        l(name, next);
      }
    }
    return next;
  };

  const chain: ChainDeps = {
    identities,
    knownHosts,
    handshakeSlots,
    ...(agent !== undefined ? { agent } : {}),
    trustOnFirstUse: options.trustOnFirstUse === true,
    connectTimeoutMs,
    keepaliveMs,
    onUnknownKey: (host, fingerprint, endpoint, key) =>
      offered.set(`${host.name}\n${fingerprint}`, { endpoint, key }),
  };

  const connect = async (host: Host): Promise<Live | ConnectFailure> => {
    const loadError = await knownHosts.load();
    if (loadError !== null) {
      return { kind: 'bad-input', reason: loadError };
    }
    const target = resolveTarget(host, env);
    if (!target.ok) {
      return { kind: 'bad-input', reason: target.reason };
    }
    const e = entryOf(host.name);
    let state = transition(host.name, { type: 'connect', now: clock.now() });
    for (;;) {
      await connectionSlots.acquire();
      const r = closed
        ? ({ kind: 'bad-input', reason: 'executor closed' } as const)
        : await connectChain(host, target.hops, chain);
      if ('client' in r) {
        const live: Live = {
          client: r.client,
          bastions: r.bastions,
          hostFingerprint: r.hostFingerprint,
          busy: 0,
          lastUsed: clock.now(),
        };
        e.live = live;
        r.client.once('close', () => {
          for (const b of r.bastions) {
            b.end();
          }
          if (e.live === live) {
            e.live = null;
          }
          connectionSlots.release();
          transition(host.name, { type: 'closed', now: clock.now() });
        });
        transition(host.name, { type: 'connected', now: clock.now() });
        return live;
      }
      connectionSlots.release();
      state = transition(host.name, {
        type: 'failed',
        now: clock.now(),
        reason: 'reason' in r ? r.reason : r.kind,
        result: r.kind,
      });
      if (state.kind !== 'backing-off' || closed) {
        return r.kind === 'unreachable' && state.kind === 'given-up'
          ? { ...r, attempts: 'attempt' in e.state ? e.state.attempt : retry.maxAttempts }
          : r;
      }
      await clock.sleep(Math.max(0, state.retryAt - clock.now()));
      state = transition(host.name, { type: 'retry', now: clock.now() });
    }
  };

  const connection = (host: Host): Promise<Live | ConnectFailure> => {
    const e = entryOf(host.name);
    if (e.live !== null) {
      return Promise.resolve(e.live);
    }
    if (e.connecting === null) {
      e.connecting = connect(host).finally(() => {
        e.connecting = null;
      });
    }
    return e.connecting;
  };

  const executor: SshExecutor = {
    async exec(host: Host, command: string, opts: ExecOptions): Promise<ExecResult> {
      // A reused connection may have died silently; one fresh connection is worth a try.
      for (let round = 0; round < 2; round++) {
        const live = await connection(host);
        if (!('client' in live)) {
          return live;
        }
        live.busy++;
        const r = await runCommand(live.client, command, opts, limits);
        live.busy--;
        live.lastUsed = clock.now();
        if (r.kind !== 'channel-failed') {
          return r;
        }
        live.client.end();
        entryOf(host.name).live = null;
      }
      return {
        kind: 'unreachable',
        reason: `host ${host.name}: could not open a session channel`,
        endpoint: { address: host.address, port: host.port, role: 'host' },
        attempts: 2,
      };
    },

    // SSH keeps no record of commands: a step is a plain exec, and a step in doubt is left
    // to the plan (verify, or an idempotent re-run).
    async execStep(host, command, _step, _batch, opts) {
      return { result: await executor.exec(host, command, opts), ssmCommandId: null };
    },

    recover: async () => ({ kind: 'unrecorded' }),

    async approveHostKey(host: Host, fingerprint: string): Promise<ApproveResult> {
      let pending = offered.get(`${host.name}\n${fingerprint}`);
      if (pending === undefined) {
        // Approval may come from another process than the one that saw the key (CLI run,
        // then the console): ask the host for its key now and compare fingerprints.
        const live = await connection(host);
        pending = offered.get(`${host.name}\n${fingerprint}`);
        if (pending === undefined && 'client' in live && live.hostFingerprint === fingerprint) {
          // Trusted meanwhile (someone ran ssh-keyscan >> known_hosts): the approval only
          // settles the host; nothing is recorded twice.
          return { ok: true, knownHostsFile: null, line: null };
        }
      }
      if (pending === undefined) {
        return {
          ok: false,
          reason: `host ${host.name}: no key with fingerprint ${fingerprint} is offered now (it offers another key, or is already trusted); approve the fingerprint a host-key-unknown result shows`,
        };
      }
      await knownHosts.load();
      const line = await knownHosts.record(
        pending.endpoint.address,
        pending.endpoint.port,
        pending.key,
      );
      offered.delete(`${host.name}\n${fingerprint}`);
      return { ok: true, knownHostsFile: knownHosts.ownFile, line };
    },

    askPassphraseAgain(keyPath: string): void {
      identities.askAgain(keyPath);
    },

    async knownOfferedKey(host: Host, fingerprint: string): Promise<OfferedKeyMatch> {
      // The endpoint a connection checks its key against (ssh_config HostName and Port).
      const target = resolveTarget(host, env);
      const last = target.ok ? target.hops[target.hops.length - 1] : undefined;
      if (last === undefined || (await knownHosts.load()) !== null) {
        return { kind: 'none' };
      }
      const { address, port } = last.endpoint;
      const atEndpoint = findOfferedKey(
        knownHosts.current(),
        [knownHostsName(address, port)],
        fingerprint,
      );
      if (atEndpoint.kind !== 'none') {
        return atEndpoint;
      }
      const byName = findOfferedKey(
        knownHosts.current(),
        [knownHostsName(host.name, host.port)],
        fingerprint,
      );
      if (byName.kind === 'match') {
        // known_hosts names the host, the connection checks its address: record the key
        // there too, or the host would ask for approval again.
        await knownHosts.record(address, port, Buffer.from(byName.entry.keyBase64, 'base64'));
      }
      return byName;
    },

    onConnectionState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    connectionState(hostName: string): ConnectionState {
      return entries.get(hostName)?.state ?? { kind: 'idle' };
    },

    async close(): Promise<void> {
      closed = true;
      const waits: Array<Promise<void>> = [];
      for (const e of entries.values()) {
        const live = e.live;
        if (live !== null) {
          waits.push(new Promise((r) => live.client.once('close', () => r())));
          live.client.end();
        }
      }
      await Promise.all(waits);
    },
  };
  return executor;
}
