import net from 'node:net';
import type http from 'node:http';
import type ssh2 from 'ssh2';
import { generateEd25519, type SshKeyPair } from './keys';
import { createSshServer, serverHostKey, type AcceptedKeys, type HostKey } from './ssh-server';
import type { SimHostState } from './sim-host';
import type { SimFault } from './faults';

/**
 * The network face of one simulated host: its own SSH port and (unless the fleet routes every
 * host's metrics through one listener) its own metrics port. Sockets are accepted here and
 * handed to ssh2 / the shared HTTP server, so network faults (refuse, drop, blackhole, slow,
 * host key change) act before either protocol sees a byte. With one routed metrics listener,
 * the HTTP server applies the same faults per request (see host-http.ts).
 */

/** Listen backlog: a rollout opens many connections at once; the default (511) drops some. */
const BACKLOG = 4096;

function listen(server: net.Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void =>
      reject(new Error(`sim host: cannot listen on ${address}:${port}: ${e.message}`));
    server.once('error', onError);
    server.listen({ host: address, port, backlog: BACKLOG }, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

export class HostEndpoint {
  sshPort = 0;
  metricsPort = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly sshListener: net.Server;
  /** null when the fleet serves every host's metrics through one routed listener. */
  private readonly metricsListener: net.Server | null;
  /**
   * The ssh2 server presenting `hostKey`, built when an SSH socket arrives and dropped when
   * the host's last one closes. Each holds its own net.Server, parsed key and small buffers
   * (ident, key-exchange offer) that pin pooled 8 KB slabs: built for every host up front, an
   * idle 10,000-host fleet took 275 MB of RSS, 165 MB without them; a rollout has at most
   * its connection cap of hosts connected at once.
   */
  private sshServer: ssh2.Server | null = null;
  private sshSockets = 0;
  /** `hostKey` with its signing key built: the costly part, done once. */
  private readonly sshKey: HostKey;
  private altKey: SshKeyPair | null = null;
  private altServer: ssh2.Server | null = null;
  private refusing = false;

  constructor(
    readonly state: SimHostState,
    readonly hostKey: SshKeyPair,
    private readonly accepted: AcceptedKeys,
    readonly address: string,
    private readonly httpServer: http.Server,
    private readonly socketHosts: WeakMap<net.Socket, HostEndpoint>,
    ownMetricsListener: boolean,
  ) {
    this.sshKey = serverHostKey(hostKey.privateKey);
    this.sshListener = net.createServer((s) => this.accept(s, 'ssh'));
    this.metricsListener = ownMetricsListener
      ? net.createServer((s) => this.accept(s, 'metrics'))
      : null;
    this.sshListener.on('error', () => undefined);
    this.metricsListener?.on('error', () => undefined);
  }

  /**
   * Starts listening; port 0 picks an ephemeral port. Without a metrics listener of its own,
   * `metricsPort` is the fleet's routed listener's port, recorded as is.
   */
  async start(sshPort: number, metricsPort: number): Promise<void> {
    this.sshPort = await listen(this.sshListener, this.address, sshPort);
    this.metricsPort = this.metricsListener
      ? await listen(this.metricsListener, this.address, metricsPort)
      : metricsPort;
  }

  /** The host key presented right now (differs from `hostKey` under a host-key-change fault). */
  currentHostKey(): SshKeyPair {
    return this.state.fault?.kind === 'host-key-change' && this.altKey ? this.altKey : this.hostKey;
  }

  private accept(socket: net.Socket, kind: 'ssh' | 'metrics'): void {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const fault = this.state.fault;
    if (fault?.kind === 'unreachable') {
      if (fault.mode === 'blackhole') {
        socket.pause();
      } else {
        socket.destroy();
      }
      return;
    }
    const hand = (): void => {
      if (socket.destroyed) {
        return;
      }
      if (kind === 'metrics') {
        this.socketHosts.set(socket, this);
        this.httpServer.emit('connection', socket);
      } else if (this.state.fault?.kind === 'host-key-change' && this.altServer) {
        this.altServer.injectSocket(socket);
      } else {
        this.sshSockets++;
        socket.once('close', () => {
          this.sshSockets--;
          if (this.sshSockets === 0) {
            this.sshServer = null;
          }
        });
        this.sshServer ??= createSshServer(this.state, this.sshKey, this.accepted);
        this.sshServer.injectSocket(socket);
      }
    };
    if (fault?.kind === 'slow') {
      setTimeout(hand, fault.delayMs);
    } else {
      hand();
    }
  }

  /** Puts the host into `fault` (or clears it): the state keeps it, the network side acts on it. */
  async setFault(fault: SimFault | null, spare?: net.Socket): Promise<void> {
    this.state.setFault(fault);
    await this.applyFault(fault, spare);
  }

  private async applyFault(fault: SimFault | null, spare?: net.Socket): Promise<void> {
    if (fault?.kind === 'host-key-change') {
      // A new key each time the fault is set, so a client that trusted the last one fails too.
      this.altKey = generateEd25519(`${this.state.name}-changed`);
      this.altServer = createSshServer(
        this.state,
        serverHostKey(this.altKey.privateKey),
        this.accepted,
      );
    }
    if (fault?.kind === 'unreachable' || fault?.kind === 'host-key-change') {
      // Established connections die with the network or must re-handshake with the new key.
      for (const s of this.sockets) {
        if (s !== spare) {
          s.destroy();
        }
      }
    }
    const refuse = fault?.kind === 'unreachable' && (fault.mode ?? 'refuse') === 'refuse';
    if (refuse && !this.refusing) {
      this.refusing = true;
      // Stop accepting at once; close() would wait for connections a controller keeps open.
      this.sshListener.close();
      this.metricsListener?.close();
    } else if (!refuse && this.refusing) {
      this.refusing = false;
      await this.start(this.sshPort, this.metricsPort);
    }
  }

  async stop(): Promise<void> {
    const closing = Promise.all([
      close(this.sshListener),
      this.metricsListener ? close(this.metricsListener) : undefined,
    ]);
    for (const s of this.sockets) {
      s.destroy();
    }
    await closing;
  }
}
