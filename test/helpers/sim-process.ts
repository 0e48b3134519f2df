/**
 * A simulated fleet in its own process (`ringside sim --out FILE`), as a real fleet lives
 * elsewhere: benchmarks use it so the fleet's SSH handshakes do not take the measured
 * process's CPU. Stop it with `stop()` (SIGTERM, then wait).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Host } from '../../src-main/core/model/host';
import { spawnRingside, waitFor } from './ringside-cli';

export interface SimProcess {
  readonly hosts: readonly Host[];
  readonly knownHostsFile: string;
  readonly identityFile: string;
  stop(): Promise<void>;
}

/** Starts `ringside sim --hosts N --latency-scale X --out DIR/sim-inventory.json`. */
export async function startSimProcess(
  hosts: number,
  dir: string,
  latencyScale = 0,
): Promise<SimProcess> {
  const out = path.join(dir, 'sim-inventory.json');
  const sim = spawnRingside([
    'sim',
    '--hosts',
    String(hosts),
    '--latency-scale',
    String(latencyScale),
    '--out',
    out,
  ]);
  let ended = false;
  void sim.done.then(() => (ended = true));
  const stop = async (): Promise<void> => {
    sim.child.kill('SIGTERM');
    await sim.done;
  };
  try {
    // It prints one line when every host listens and the inventory is written.
    await waitFor(
      () => sim.stdout().includes('\n'),
      'ringside sim to be ready',
      120_000,
      () => ended,
    );
    const inv = JSON.parse(readFileSync(out, 'utf8')) as {
      user: string;
      identityFile: string;
      knownHostsFile: string;
      hosts: { name: string; address: string; port: number; labels: Record<string, string> }[];
    };
    return {
      hosts: inv.hosts.map((h) => ({
        name: h.name,
        address: h.address,
        port: h.port,
        user: inv.user,
        identityFile: inv.identityFile,
        labels: h.labels,
      })),
      knownHostsFile: inv.knownHostsFile,
      identityFile: inv.identityFile,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
