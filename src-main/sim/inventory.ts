import type { Host } from '../core/model/host';
import { hostListYaml } from '../core/plan';
import type { SimFleet } from './fleet';

/** The fleet as plan hosts (core/model/host.ts), so the engine can build a plan's fleet from it. */
export function simInventoryHosts(fleet: SimFleet): Host[] {
  return fleet.hosts.map((h) => ({
    name: h.name,
    address: h.address,
    port: h.sshPort,
    user: fleet.user,
    labels: { ...h.labels },
    identityFile: fleet.clientKey.path,
    origin: `sim:${h.name}`,
  }));
}

/** Paths the inventory JSON refers to. */
export interface InventoryFiles {
  readonly knownHostsFile: string;
  readonly identityFile: string;
  readonly yamlFile?: string;
}

/** The inventory `ringside sim` writes: everything a client needs to reach and scrape the fleet. */
export function inventoryJson(fleet: SimFleet, files: InventoryFiles): string {
  return (
    JSON.stringify(
      {
        kind: 'ringside-sim-inventory',
        user: fleet.user,
        identityFile: files.identityFile,
        knownHostsFile: files.knownHostsFile,
        ...(files.yamlFile ? { yamlFile: files.yamlFile } : {}),
        hosts: fleet.hosts.map((h) => ({
          name: h.name,
          address: h.address,
          port: h.sshPort,
          labels: h.labels,
          metricsUrl: h.metricsUrl,
          hostKey: h.hostKey,
          hostKeyFingerprint: h.hostKeyFingerprint,
          knownHostsLine: h.knownHostsLine,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

/** A YAML host list (`hosts: [{name, address, port, user, identityFile, labels}]`) for plan inventories. */
export function inventoryYaml(fleet: SimFleet): string {
  return hostListYaml(simInventoryHosts(fleet));
}
