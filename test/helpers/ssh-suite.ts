/**
 * Vitest setup shared by the rollout tests over real sshd: a fleet of sshd on 127.0.0.x
 * started once per file, a client key they accept and a stranger key they do not, and
 * per-test workspaces removed at the end. Any `ringside` child left running is killed.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { killAllRingside } from './ringside-cli';
import { rolloutWorkspace, type RolloutWorkspace } from './ssh-rollout';
import {
  generateKeyPair,
  makeTempDir,
  startSshdFleet,
  stopAll,
  type KeyPair,
  type Sshd,
} from './sshd';

export interface SshSuite {
  /** Accepted by every sshd of the fleet. */
  clientKey(): KeyPair;
  /** Accepted by none. */
  strangerKey(): KeyPair;
  fleet(): readonly Sshd[];
  /** The i-th sshd (127.0.0.(firstOctet + i)). */
  at(i: number): Sshd;
  /** A fresh workspace, removed after the file's tests. */
  workspace(): RolloutWorkspace;
}

/** Registers beforeAll/afterAll starting `n` sshd from 127.0.0.`firstOctet`. */
export function useSshFleet(n: number, firstOctet: number): SshSuite {
  let keyDir = '';
  let client: KeyPair | null = null;
  let stranger: KeyPair | null = null;
  let fleet: Sshd[] = [];
  const workspaces: RolloutWorkspace[] = [];

  beforeAll(async () => {
    keyDir = makeTempDir('ringside-rollout-keys-');
    client = generateKeyPair(keyDir, 'client');
    stranger = generateKeyPair(keyDir, 'stranger');
    fleet = await startSshdFleet(n, { firstOctet, authorizedKeys: [client.publicKey] });
  });

  afterAll(async () => {
    killAllRingside();
    await stopAll(fleet);
    for (const w of workspaces) {
      w.remove();
    }
    rmSync(keyDir, { recursive: true, force: true });
  });

  const need = <T>(v: T | null, what: string): T => {
    if (v === null) {
      throw new Error(`ssh suite: ${what} is not ready (used outside a test?)`);
    }
    return v;
  };
  return {
    clientKey: () => need(client, 'the client key'),
    strangerKey: () => need(stranger, 'the stranger key'),
    fleet: () => fleet,
    at(i) {
      const s = fleet[i];
      if (s === undefined) {
        throw new Error(`ssh suite: no sshd #${i} (the fleet has ${fleet.length})`);
      }
      return s;
    },
    workspace() {
      const w = rolloutWorkspace(need(client, 'the client key'));
      workspaces.push(w);
      return w;
    },
  };
}
