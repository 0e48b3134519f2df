/**
 * The simulated AWS account behind `ringside run PLAN --sim` when the plan's fleet is an aws
 * inventory. The rehearsal's SSH fleet is built from the plan's hosts, so the account comes
 * first: six running instances in every region the simulator knows (two per zone a, b, c),
 * plus one stopped instance per region, tagged app=shop, env=prod, tier=web|api|worker and
 * with the Auto Scaling group tag shop-TIER-REGION. Deterministic, so a resumed rehearsal
 * reads the same fleet and its journal's plan identity holds.
 */
import { SIM_REGIONS, simAccountInstances, type SimInstance } from './account';
import { startSimAws, type SimAws } from './server';

/** Running instances per region of the rehearsal account. */
export const REHEARSAL_INSTANCES_PER_REGION = 6;

export function rehearsalAccountInstances(): SimInstance[] {
  return simAccountInstances({
    count: REHEARSAL_INSTANCES_PER_REGION * SIM_REGIONS.length,
    regions: SIM_REGIONS,
  });
}

/** Starts the rehearsal account on 127.0.0.1 (ephemeral port). */
export function startRehearsalAccount(): Promise<SimAws> {
  return startSimAws({ instances: rehearsalAccountInstances() });
}
