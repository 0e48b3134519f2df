/**
 * The simulated fleet of `npm run bench:scale`, in its own process so the engine's and the
 * fleet's CPU are measured apart: N hosts with one routed metrics listener, the plan's
 * inventory and known_hosts written into DIR, then "ready" on stdout until SIGTERM.
 *
 *   tsx test/bench/scale-sim.ts N DIR LATENCY_SCALE
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inventoryYaml, startSimFleet } from '../../src-main/sim';

const [hostsArg, dir, latencyArg] = process.argv.slice(2);
const fleet = await startSimFleet({
  hosts: Number(hostsArg),
  latencyScale: Number(latencyArg ?? '0.05'),
  seed: 1,
  routedMetrics: true,
  keyFile: path.join(dir ?? '.', 'id_ed25519'),
});
mkdirSync(path.join(dir ?? '.', 'home', '.ssh'), { recursive: true, mode: 0o700 });
writeFileSync(path.join(dir ?? '.', 'home', '.ssh', 'known_hosts'), fleet.knownHosts);
writeFileSync(path.join(dir ?? '.', 'inventory.yaml'), inventoryYaml(fleet));
process.stdout.write('ready\n');
const stop = (): void => {
  void fleet.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
