/**
 * One connection attempt over a host's whole hop chain (bastions, then the host): identity
 * files are unlocked first (prompts must not eat the handshake timeout), then each hop is
 * handshaken over a stream forwarded by the previous one, holding a handshake slot.
 */
import type { Duplex } from 'node:stream';
import type { Client, ParsedKey } from 'ssh2';
import type { Host } from '../../core/model/host';
import { proxyCommandStream } from './proxy-command';
import { connectHop } from './connect';
import type { IdentityStore } from './identities';
import { fingerprintOf } from './known-hosts';
import type { KnownHostsStore } from './known-hosts-store';
import type { Semaphore } from './semaphore';
import type { HopSpec } from './target';
import type { Endpoint, ExecResult } from './types';

/** A connect failure: every ExecResult kind that can happen before a command runs. */
export type ConnectFailure = Exclude<
  ExecResult,
  { kind: 'ok' | 'failed' | 'timeout' | 'cancelled' }
>;

/** What the chain needs from the executor. */
export interface ChainDeps {
  readonly identities: IdentityStore;
  readonly knownHosts: KnownHostsStore;
  readonly handshakeSlots: Semaphore;
  readonly agent?: string;
  readonly trustOnFirstUse: boolean;
  readonly connectTimeoutMs: number;
  readonly keepaliveMs: number;
  /** Remember a key a hop offered and known_hosts does not have, for a later approval. */
  readonly onUnknownKey: (host: Host, fingerprint: string, endpoint: Endpoint, key: Buffer) => void;
}

/** The connected host, with the bastion connections it runs over (closed with it). */
export interface Chain {
  readonly client: Client;
  readonly bastions: readonly Client[];
  /** Fingerprint of the target host's trusted key (SHA256:...). */
  readonly hostFingerprint: string | null;
}

function forward(via: Client, to: Endpoint): Promise<Duplex | string> {
  return new Promise((resolve) => {
    via.forwardOut('127.0.0.1', 0, to.address, to.port, (err, stream) =>
      resolve(err === undefined ? stream : err.message),
    );
  });
}

async function loadKeys(
  identities: IdentityStore,
  hop: HopSpec,
): Promise<{ keys: ParsedKey[]; skipped: string[]; locked: string[] }> {
  const keys: ParsedKey[] = [];
  const skipped: string[] = [];
  const locked: string[] = [];
  for (const file of hop.identityFiles) {
    const r = await identities.load(file);
    if (r.kind === 'ok') {
      keys.push(r.key);
    } else if (hop.explicitIdentities || r.reason !== 'not found') {
      // Missing default keys (~/.ssh/id_*) are normal; anything else is worth reporting.
      skipped.push(`${file}: ${r.reason}`);
      if (r.locked) {
        locked.push(file);
      }
    }
  }
  return { keys, skipped, locked };
}

/** Connect through every hop; never rejects. */
export async function connectChain(
  host: Host,
  hops: readonly HopSpec[],
  deps: ChainDeps,
): Promise<Chain | ConnectFailure> {
  const prepared = [];
  for (const hop of hops) {
    prepared.push({ hop, ...(await loadKeys(deps.identities, hop)) });
  }
  const clients: Client[] = [];
  let hostKey: Buffer | undefined;
  const fail = (r: ConnectFailure): ConnectFailure => {
    for (const c of clients) {
      c.end();
    }
    return r;
  };
  await deps.handshakeSlots.acquire();
  try {
    for (const { hop, keys, skipped, locked } of prepared) {
      let stream: Duplex | undefined;
      const via = clients[clients.length - 1];
      if (via !== undefined) {
        const s = await forward(via, hop.endpoint);
        if (typeof s === 'string') {
          return fail({
            kind: 'unreachable',
            reason: `via bastion: cannot reach ${hop.endpoint.address}:${hop.endpoint.port}: ${s}`,
            endpoint: hop.endpoint,
            attempts: 1,
          });
        }
        stream = s;
      } else if (hop.proxyCommand !== undefined) {
        // ProxyCommand: the first hop's bytes go through the command, as in OpenSSH.
        stream = proxyCommandStream(hop.proxyCommand).stream;
      }
      const r = await connectHop({
        endpoint: hop.endpoint,
        username: hop.username,
        ...(stream !== undefined ? { stream } : {}),
        ...(deps.agent !== undefined ? { agent: deps.agent } : {}),
        keys,
        skippedKeys: skipped,
        knownHosts: () => deps.knownHosts.current(),
        acceptUnknown: deps.trustOnFirstUse,
        onAcceptedUnknown: (endpoint, key) => {
          // The key stays trusted in memory for this process even if the file write fails.
          deps.knownHosts.record(endpoint.address, endpoint.port, key).catch(() => undefined);
        },
        timeoutMs: deps.connectTimeoutMs,
        keepaliveMs: deps.keepaliveMs,
      });
      if (r.kind === 'failed') {
        if (r.result.kind === 'host-key-unknown' && r.offeredKey !== undefined) {
          deps.onUnknownKey(host, r.result.fingerprint, hop.endpoint, r.offeredKey);
        }
        const lockedKey = locked[0];
        // Refused while a key stayed locked: a person may yet unlock it, so the host is not
        // judged (it waits for the passphrase rather than failing).
        if (r.result.kind === 'auth-failed' && lockedKey !== undefined) {
          return fail({
            kind: 'passphrase-needed',
            keyPath: lockedKey,
            reason: r.result.reason,
            endpoint: r.result.endpoint,
          });
        }
        return fail(r.result);
      }
      clients.push(r.client);
      hostKey = r.hostKey;
    }
  } finally {
    deps.handshakeSlots.release();
  }
  const client = clients.pop();
  if (client === undefined) {
    return fail({ kind: 'bad-input', reason: `host ${host.name}: no hop to connect to` });
  }
  return {
    client,
    bastions: clients,
    hostFingerprint: hostKey === undefined ? null : fingerprintOf(hostKey),
  };
}
