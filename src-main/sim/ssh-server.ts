import { Stop } from './stop-signal';
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey, ServerChannel } from 'ssh2';
import { runCommand } from './interpreter';
import { faultMatches } from './faults';
import { delay, type SimHostState } from './sim-host';

/**
 * The SSH face of a simulated host: an ssh2 `Server` that never listens itself (the host's
 * own listener injects accepted sockets, which is where faults act), accepts only the
 * fleet's client keys, and runs exec requests through the interpreter, streaming output
 * line by line.
 */

/** A public key the fleet accepts, with a node KeyObject built once for fast verification. */
export interface AcceptedKey {
  readonly parsed: ParsedKey;
  readonly object: KeyObject;
}

/** Public keys the fleet accepts, parsed once and shared by every host. */
export type AcceptedKeys = readonly AcceptedKey[];

/** Parses `ssh-ed25519 AAAA...` lines; throws on a malformed line (a bug in the caller's setup). */
export function parseAcceptedKeys(lines: readonly string[]): AcceptedKeys {
  return lines.map((line) => {
    const k = ssh2.utils.parseKey(line);
    if (k instanceof Error) {
      throw new Error(
        `sim fleet: cannot parse accepted public key '${line.slice(0, 40)}...': ${k.message}`,
      );
    }
    const first = Array.isArray(k) ? k[0] : k;
    if (!first) {
      throw new Error(`sim fleet: no key in '${line.slice(0, 40)}...'`);
    }
    return { parsed: first, object: createPublicKey(first.getPublicPEM()) };
  });
}

/** A host key as a server presents it: its PEM, and for ed25519 a signing KeyObject. */
export interface HostKey {
  readonly pem: string;
  readonly signer: KeyObject | null;
}

function parseHostKey(pem: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(pem);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) {
    throw new Error(
      `sim host: cannot parse its own host key: ${key instanceof Error ? key.message : 'empty'}`,
    );
  }
  return key;
}

/**
 * ssh2 signs with a PEM string, which node re-parses on every handshake (~0.8 ms, the
 * largest cost of a simulated handshake). Signing with a KeyObject built once removes it;
 * building it costs ~0.5 ms too, so a host builds it once, here, and keeps it (a few hundred
 * bytes) while its ssh2 server comes and goes (see host-endpoint.ts).
 */
export function serverHostKey(pem: string): HostKey {
  const key = parseHostKey(pem);
  return {
    pem,
    signer: key.type === 'ssh-ed25519' ? createPrivateKey(key.getPrivatePEM()) : null,
  };
}

function signatureValid(
  key: AcceptedKey,
  blob: Buffer,
  signature: Buffer,
  hashAlgo: string | undefined,
): boolean {
  if (key.parsed.type === 'ssh-ed25519') {
    return verify(null, blob, key.object, signature);
  }
  return key.parsed.verify(blob, signature, hashAlgo) === true;
}

/**
 * The SSH executor (adapters/ssh/exec.ts) sends this first line so a timeout can kill the
 * remote process group; a simulated host has no processes, so the line is dropped and the
 * exec log records the step's own command.
 */
const PID_ANNOUNCEMENT = `printf '\\036ringside-pid=%s\\n' "$$" >&2\n`;

function runExec(host: SimHostState, channel: ServerChannel, sent: string, user: string): void {
  const command = sent.startsWith(PID_ANNOUNCEMENT) ? sent.slice(PID_ANNOUNCEMENT.length) : sent;
  const rec = host.recordExec(command, user);
  const abort = new Stop();
  channel.on('close', () => abort.abort());
  // Without a reader the client's window would fill and stall long log streams.
  channel.on('data', () => undefined);
  const write = (stream: NodeJS.WritableStream, line: string): void => {
    if (!abort.aborted) {
      stream.write(line.endsWith('\n') ? line : `${line}\n`);
    }
  };
  const finish = (code: number): void => {
    rec.exitCode = code;
    rec.endedMs = host.now();
    if (!abort.aborted) {
      channel.exit(code);
      channel.end();
    }
  };
  const fault = host.fault;
  const run = async (): Promise<number> => {
    if (fault?.kind === 'slow') {
      await delay(fault.delayMs, abort);
    }
    if (
      (fault?.kind === 'command-fails' || fault?.kind === 'command-hangs') &&
      faultMatches(fault, command)
    ) {
      host.consumeCommandFault();
      if (fault.kind === 'command-hangs') {
        await new Promise<void>((resolve) => abort.whenAborted(resolve));
        return 130;
      }
      write(channel.stderr, `ringside-sim: injected failure of '${command}' on ${host.name}`);
      return fault.exitCode ?? 1;
    }
    return runCommand(command, host.actions(), {
      out: (l) => write(channel, l),
      err: (l) => write(channel.stderr, l),
      signal: abort,
    });
  };
  run().then(finish, (e: unknown) => {
    write(
      channel.stderr,
      `ringside-sim: internal error: ${e instanceof Error ? e.message : String(e)}`,
    );
    finish(1);
  });
}

function onClient(host: SimHostState, accepted: AcceptedKeys, client: Connection): void {
  let user = '';
  client.on('error', () => undefined);
  client.on('authentication', (ctx) => {
    user = ctx.username;
    if (host.fault?.kind === 'auth-failure' || ctx.method !== 'publickey') {
      ctx.reject(['publickey']);
      return;
    }
    const key = accepted.find(
      (k) => k.parsed.type === ctx.key.algo && k.parsed.getPublicSSH().equals(ctx.key.data),
    );
    if (!key) {
      ctx.reject(['publickey']);
      return;
    }
    if (ctx.signature && ctx.blob && !signatureValid(key, ctx.blob, ctx.signature, ctx.hashAlgo)) {
      ctx.reject(['publickey']);
      return;
    }
    ctx.accept();
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('pty', (accept) => accept?.());
      session.on('env', (accept) => accept?.());
      session.on('exec', (accept, _reject, info) => runExec(host, accept(), info.command, user));
      session.on('shell', (_accept, reject) => reject());
      session.on('subsystem', (_accept, reject) => reject());
    });
  });
}

/** Creates the (non-listening) ssh2 server of `host` presenting `key` (see {@link serverHostKey}). */
export function createSshServer(
  host: SimHostState,
  key: HostKey,
  accepted: AcceptedKeys,
): ssh2.Server {
  const parsed = parseHostKey(key.pem);
  const signer = key.signer;
  if (signer !== null) {
    parsed.sign = (data: Buffer) => sign(null, data, signer);
  }
  return new ssh2.Server({ hostKeys: [{ key: parsed }], ident: 'ringside-sim' }, (client) =>
    onClient(host, accepted, client),
  );
}
