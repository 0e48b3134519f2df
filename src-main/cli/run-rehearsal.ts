/**
 * What `ringside run` stands on before it drives: the plan, read from simulated clouds in a
 * dress rehearsal, and the transport its steps go through — the simulated fleet (SSH, or
 * SSM through the simulated Run Command, with simulated CloudWatch when the plan reads it),
 * or real hosts over SSH, or real instances through SSM.
 */
import type { AwsAccess } from '../adapters/cloud-aws';
import { createSsmExecutor } from '../adapters/cloud-aws';
import type { CloudAccess } from '../adapters/inventory/cloud-inventory';
import { createSshExecutor, type SshExecutor } from '../adapters/ssh';
import type { RolloutPlan } from '../core/model/plan';
import type { BuiltPlan } from '../core/plan/build';
import { simAzureClouds } from '../runtime/sim-azure';
import {
  plansCloudWatch,
  startCloudWatchRehearsal,
  type CloudWatchRehearsal,
} from '../runtime/sim-cloudwatch';
import { startRehearsal, type Rehearsal } from '../runtime/sim-rehearsal';
import { startSsmRehearsal, type SsmRehearsal } from '../runtime/sim-ssm';
import type { SimFleet } from '../sim';
import { startRehearsalAccount } from '../sim/cloud-aws';
import type { CliIo } from './args';
import { createTerminalPassphraseProvider } from './passphrase-prompt';
import { loadPlanForVerb } from './verb-validate';

/**
 * The plan of `ringside run PLAN`. A rehearsal reads its cloud inventories from simulated
 * clouds it starts itself, each only when the plan has such an inventory; the inventory is
 * read once, so they stop as soon as the plan is loaded.
 */
export async function loadRunPlan(
  positionals: readonly string[],
  io: CliIo,
  sim: boolean,
): ReturnType<typeof loadPlanForVerb> {
  if (!sim) {
    return loadPlanForVerb('run', positionals, io);
  }
  const clouds = simAzureClouds();
  return loadFromSimAccount(positionals, io, clouds.access).finally(() => clouds.stop());
}

/**
 * aws inventories are read from the simulated account (sim/cloud-aws/rehearsal-account.ts)
 * with its test credentials, nothing to export; it serves only the inventory.
 */
async function loadFromSimAccount(
  positionals: readonly string[],
  io: CliIo,
  clouds: CloudAccess,
): ReturnType<typeof loadPlanForVerb> {
  const started: { account: Awaited<ReturnType<typeof startRehearsalAccount>> | null } = {
    account: null,
  };
  try {
    return await loadPlanForVerb('run', positionals, io, {
      aws: async () => {
        const account = await startRehearsalAccount();
        started.account = account;
        return { endpoint: account.endpoint, credentials: account.credentials };
      },
      clouds,
    });
  } finally {
    await started.account?.stop();
  }
}

/** Where a run's steps go, and what it stops when the run ends. */
export interface RunTransport {
  /** The plan as driven (a rehearsal's hosts are the simulated fleet's addresses). */
  readonly plan: RolloutPlan;
  readonly executor: SshExecutor;
  /** The simulated fleet of a dress rehearsal, or null for real hosts. */
  readonly fleet: SimFleet | null;
  /** The simulated CloudWatch's access for the plan's telemetry, or null (the SDK's chain). */
  readonly aws: AwsAccess | null;
  stop(): Promise<void>;
}

/** Starts the simulated fleet and clouds of a rehearsal, or the executor for real hosts. */
export async function startRunTransport(
  built: BuiltPlan,
  sim: boolean,
  o: { readonly trustOnFirstUse: boolean; readonly io: CliIo },
): Promise<RunTransport> {
  const original = built.plan;
  const { io } = o;
  if (sim) {
    // One metrics listener for the whole fleet: N + 1 listening sockets, not 2N.
    const rehearsal: Rehearsal = await startRehearsal(original, { routedMetrics: true });
    const plan = rehearsal.plan;
    const cloudwatch: CloudWatchRehearsal | null = plansCloudWatch(built.document)
      ? await startCloudWatchRehearsal(plan, rehearsal.fleet)
      : null;
    const ssm: SsmRehearsal | null =
      original.deploy.via === 'ssm' ? await startSsmRehearsal(plan, rehearsal.fleet) : null;
    return {
      plan,
      executor: ssm?.executor ?? rehearsal.executor,
      fleet: rehearsal.fleet,
      aws: cloudwatch?.access ?? null,
      stop: async () => {
        await ssm?.stop();
        await cloudwatch?.stop();
        await rehearsal.stop();
      },
    };
  }
  const executor =
    original.deploy.via === 'ssm'
      ? // Credentials from the SDK's default chain (AWS_PROFILE, SSO, environment, instance
        // role), or the profile the host's aws inventory entry names.
        createSsmExecutor()
      : createSshExecutor({
          trustOnFirstUse: o.trustOnFirstUse,
          // Encrypted keys are asked for on the terminal (echo off, memory only), or skipped
          // with a one-line reason when there is none.
          passphraseProvider: createTerminalPassphraseProvider({
            warn: (line) => io.err(`ringside run: ${line}`),
            ...(io.env.HOME ? { home: io.env.HOME } : {}),
          }),
          // The same HOME `ringside approve` records approved keys under.
          ...(io.env.HOME ? { home: io.env.HOME } : {}),
        });
  return { plan: original, executor, fleet: null, aws: null, stop: () => executor.close() };
}
