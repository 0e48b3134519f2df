import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimFleet } from './fleet';
import { inventoryJson, inventoryYaml } from './inventory';

/** Where `ringside sim` puts the files that sit beside its inventory. */
export interface InventoryPaths {
  /** The JSON inventory, or null when it goes to stdout. */
  readonly json: string | null;
  readonly yaml: string;
  readonly knownHosts: string;
  readonly identity: string;
}

/**
 * Paths for an inventory written to `out` (`fleet.json` -> `fleet.hosts.yaml`,
 * `fleet.known_hosts`, `fleet.id_ed25519`), or into a fresh temp dir when `out` is absent.
 */
export async function inventoryPaths(out: string | undefined): Promise<InventoryPaths> {
  if (out === undefined) {
    const dir = await mkdtemp(path.join(tmpdir(), 'ringside-sim-inventory-'));
    return {
      json: null,
      yaml: path.join(dir, 'hosts.yaml'),
      knownHosts: path.join(dir, 'known_hosts'),
      identity: path.join(dir, 'id_ed25519'),
    };
  }
  const abs = path.resolve(out);
  const base = abs.replace(/\.json$/i, '');
  return {
    json: abs,
    yaml: `${base}.hosts.yaml`,
    knownHosts: `${base}.known_hosts`,
    identity: `${base}.id_ed25519`,
  };
}

/** Writes the YAML host list, known_hosts and (if `paths.json`) the JSON inventory; returns the JSON. */
export async function writeInventory(fleet: SimFleet, paths: InventoryPaths): Promise<string> {
  const json = inventoryJson(fleet, {
    identityFile: paths.identity,
    knownHostsFile: paths.knownHosts,
    yamlFile: paths.yaml,
  });
  await writeFile(paths.yaml, inventoryYaml(fleet));
  await writeFile(paths.knownHosts, fleet.knownHosts);
  if (paths.json !== null) {
    await writeFile(paths.json, json);
  }
  return json;
}
