/**
 * The simulated fleet: N SSH hosts (ssh2 `Server`, one port and host key each) with
 * Prometheus metrics endpoints whose traffic follows each host's installed version.
 * Used as the embedded demo default, by `ringside sim`, `ringside run --sim`, tests and drills.
 */
export { startSimFleet } from './fleet';
export type {
  SimFleet,
  SimFleetOptions,
  SimHostInfo,
  SimHostSnapshot,
  SimHostCounters,
} from './fleet';
export type { SimHostSpec } from './host-names';
export { generatedHosts } from './host-names';
export type { SimFault } from './faults';
export { badProfile, goodProfile, profileForVersion } from './profiles';
export type { BadKind, HealthProfile, LatencyProfile, ProfileOptions } from './profiles';
export { simInventoryHosts, inventoryJson, inventoryYaml } from './inventory';
export { checkCommand, SUPPORTED as SIM_SUPPORTED_COMMANDS } from './interpreter';
export { execOnSimHost } from './sim-client';
export type { SimExecOptions, SimExecResult, SimIdentity } from './sim-client';
export type { ExecRecord } from './sim-host';
export type { AddressingOptions } from './addressing';
