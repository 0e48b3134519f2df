/**
 * One SSH hop: TCP (or a forwarded stream from a bastion) -> handshake -> host key check ->
 * auth. Every failure becomes a typed result naming the endpoint.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS without static named exports: Node's ESM loader only gives the default.
import ssh2, {
  type AnyAuthMethod,
  type Client,
  type ParsedKey,
  type ServerHostKeyAlgorithm,
} from 'ssh2';
import {
  checkHostKey,
  knownKeyTypes,
  type HostKeyCheck,
  type KnownHostsIndex,
} from './known-hosts';
import type { Endpoint, ExecResult } from './types';

/** A connected hop, or the failure that stopped it. */
export type HopResult =
  /** `hostKey`: the key the server presented and known_hosts (or first use) trusted. */
  | { readonly kind: 'ok'; readonly client: Client; readonly hostKey: Buffer | undefined }
  | {
      readonly kind: 'failed';
      readonly result: Exclude<ExecResult, { kind: 'ok' | 'failed' | 'timeout' | 'cancelled' }>;
      /** The raw key offered when the failure is an unknown key (for approval). */
      readonly offeredKey?: Buffer;
    };

export interface HopOptions {
  readonly endpoint: Endpoint;
  readonly username: string;
  /** Existing stream to run over (ProxyJump); otherwise a TCP socket is opened. */
  readonly stream?: Duplex;
  readonly agent?: string;
  readonly keys: readonly ParsedKey[];
  readonly knownHosts: () => KnownHostsIndex;
  /** Accept and report unknown keys instead of refusing them (trust on first use). */
  readonly acceptUnknown: boolean;
  readonly onAcceptedUnknown: (endpoint: Endpoint, key: Buffer) => void;
  readonly timeoutMs: number;
  readonly keepaliveMs: number;
  /** Explains skipped identity files in an auth failure. */
  readonly skippedKeys: readonly string[];
}

function tcpConnect(endpoint: Endpoint, timeoutMs: number): Promise<net.Socket | string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: endpoint.address, port: endpoint.port });
    // Nagle roughly doubles handshake time on these small packets (ENVIRONMENT.md).
    sock.setNoDelay(true);
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(`TCP connect timed out after ${timeoutMs} ms`);
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
}

const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Ask first for the key types known_hosts already has for this endpoint, as OpenSSH does:
 * otherwise a host whose recorded key is ECDSA would offer its ed25519 key and look unknown.
 */
export function hostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] {
  const preferred = HOST_KEY_ALGORITHMS.filter((a) =>
    knownTypes.some((t) => t === a || (t === 'ssh-rsa' && a.startsWith('rsa-sha2-'))),
  );
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}

/** Connect one hop. Resolves; never rejects. */
export async function connectHop(opts: HopOptions): Promise<HopResult> {
  const { endpoint } = opts;
  const where = `${opts.username}@${endpoint.address}:${endpoint.port}`;
  const started = Date.now();
  let sock: Duplex;
  if (opts.stream !== undefined) {
    sock = opts.stream;
  } else {
    const tcp = await tcpConnect(endpoint, opts.timeoutMs);
    if (typeof tcp === 'string') {
      return {
        kind: 'failed',
        result: { kind: 'unreachable', reason: `${where}: ${tcp}`, endpoint, attempts: 1 },
      };
    }
    sock = tcp;
  }
  const methods: AnyAuthMethod[] = [];
  if (opts.agent !== undefined) {
    methods.push({ type: 'agent', username: opts.username, agent: opts.agent });
  }
  for (const key of opts.keys) {
    methods.push({ type: 'publickey', username: opts.username, key });
  }
  let check: HostKeyCheck | undefined;
  let offered: Buffer | undefined;
  const client = new ssh2.Client();
  return new Promise<HopResult>((resolve) => {
    let settled = false;
    const settle = (r: HopResult): void => {
      if (!settled) {
        settled = true;
        if (r.kind === 'failed') {
          client.end();
          sock.destroy();
        }
        resolve(r);
      }
    };
    client.once('ready', () => {
      client.removeAllListeners('error');
      // Late errors (keepalive timeout, reset) surface as 'close' to the pool.
      client.on('error', () => undefined);
      settle({ kind: 'ok', client, hostKey: offered });
    });
    // 'on', not 'once': ssh2 can emit a second error (e.g. 'Connection lost before handshake'
    // after a timeout) and an unheard 'error' would crash the whole process.
    client.on('error', (err: Error & { level?: string }) => {
      if (
        check !== undefined &&
        check.kind !== 'verified' &&
        !(check.kind === 'unknown' && opts.acceptUnknown)
      ) {
        switch (check.kind) {
          case 'unknown':
            return settle({
              kind: 'failed',
              result: {
                kind: 'host-key-unknown',
                endpoint,
                keyType: check.keyType,
                fingerprint: check.fingerprint,
                ...(check.note !== undefined ? { note: check.note } : {}),
              },
              offeredKey: offered,
            });
          case 'changed':
            return settle({
              kind: 'failed',
              result: {
                kind: 'host-key-changed',
                endpoint,
                keyType: check.keyType,
                fingerprint: check.fingerprint,
                knownFingerprint: check.knownFingerprint,
                knownAt: `${check.file}:${check.line}`,
              },
            });
          case 'revoked':
            return settle({
              kind: 'failed',
              result: {
                kind: 'host-key-revoked',
                endpoint,
                fingerprint: check.fingerprint,
                knownAt: `${check.file}:${check.line}`,
              },
            });
          default: {
            const never: never = check;
            return never;
          }
        }
      }
      if (err.level === 'client-authentication') {
        const skipped =
          opts.skippedKeys.length > 0 ? `; skipped keys: ${opts.skippedKeys.join('; ')}` : '';
        const tried =
          methods.length === 0
            ? 'no agent and no usable identity file'
            : `tried ${methods.map((m) => m.type).join(', ')}`;
        return settle({
          kind: 'failed',
          result: {
            kind: 'auth-failed',
            reason: `${where}: authentication refused (${tried})${skipped}`,
            endpoint,
          },
        });
      }
      const reason =
        err.level === 'client-timeout'
          ? `handshake timed out after ${Date.now() - started} ms`
          : err.message;
      return settle({
        kind: 'failed',
        result: { kind: 'unreachable', reason: `${where}: ${reason}`, endpoint, attempts: 1 },
      });
    });
    client.once('close', () => {
      settle({
        kind: 'failed',
        result: {
          kind: 'unreachable',
          reason: `${where}: connection closed during handshake`,
          endpoint,
          attempts: 1,
        },
      });
    });
    client.connect({
      sock,
      username: opts.username,
      authHandler: methods.length > 0 ? methods : ['none'],
      readyTimeout: Math.max(1, opts.timeoutMs - (Date.now() - started)),
      algorithms: {
        serverHostKey: hostKeyAlgorithms(
          knownKeyTypes(opts.knownHosts(), endpoint.address, endpoint.port),
        ),
      },
      keepaliveInterval: opts.keepaliveMs,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer): boolean => {
        offered = Buffer.from(key);
        check = checkHostKey(opts.knownHosts(), endpoint.address, endpoint.port, key);
        if (check.kind === 'verified') {
          return true;
        }
        if (check.kind === 'unknown' && opts.acceptUnknown) {
          opts.onAcceptedUnknown(endpoint, offered);
          return true;
        }
        return false;
      },
    });
  });
}
