/**
 * Reaching the in-process simulated fleet over real SSH: a plan whose hosts point at their
 * simulated twins, and an executor that trusts the simulator's host keys. Shared by the
 * `run --sim` rehearsal and the console's demo workspace, so both connect the same way.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import { createSshExecutor, type SshExecutor } from '../adapters/ssh';
import type { SimFleet } from '../sim';

/**
 * `plan` with every host's address, port, user and key taken from its simulated twin (the
 * hash-relevant parts stay). A ProxyJump is dropped: the simulator is reached directly.
 */
export function pointPlanAtSim(plan: RolloutPlan, fleet: SimFleet): RolloutPlan {
  return {
    ...plan,
    hosts: plan.hosts.map((h) => {
      const sim = fleet.host(h.name);
      const { proxyJump: _jump, ...rest } = h;
      return {
        ...rest,
        address: sim?.address ?? h.address,
        port: sim?.sshPort ?? h.port,
        user: fleet.user,
        identityFile: fleet.clientKey.path,
      };
    }),
  };
}

/**
 * Writes known_hosts for the fleet into `dir` (leaving out `untrusted` hosts, whose keys then
 * wait for an operator's approval) and returns an executor that uses only that file and the
 * simulator's client key: no ~/.ssh config, no agent. The caller closes it and removes `dir`.
 */
export async function createSimExecutor(
  fleet: SimFleet,
  dir: string,
  untrusted: ReadonlySet<string> = new Set(),
): Promise<SshExecutor> {
  const knownHosts = path.join(dir, 'known_hosts');
  const lines = fleet.hosts.filter((h) => !untrusted.has(h.name)).map((h) => h.knownHostsLine);
  await writeFile(knownHosts, lines.join('\n') + '\n', { mode: 0o600 });
  return createSshExecutor({
    knownHostsFiles: [knownHosts],
    ringsideKnownHostsFile: path.join(dir, 'ringside_known_hosts'),
    sshConfig: null,
    agentSocket: null,
    defaultUser: fleet.user,
    // The executor's own cap (256 open connections, idle ones evicted oldest first), as on a
    // real fleet: a cap that grew with the fleet held two sockets per host in this process
    // (client and simulated server) and a 5,000-host rehearsal halted on EMFILE.
  });
}
