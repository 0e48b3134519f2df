/**
 * A workspace: the plan the console works on and what it needs to reach the hosts. Either
 * a plan file (real hosts over SSH) or the embedded demo (see demo-workspace.ts).
 */
import type { ConnectionsView, LogLine, WorkspaceView } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import type { RolloutEvent } from '../core/rollout';
import type { BuiltPlan, PlanError } from '../core/plan';
import type { PassphraseProvider, SshExecutor } from '../adapters/ssh';
import { createSshExecutor } from '../adapters/ssh';
import { loadPlanFromFile } from '../adapters/inventory';
import type { SimFleet } from '../sim';
import { isEncryptedKeyFile } from './identity-info';
import { knownHostsForPlan, type KnownHostsFiles } from './plan-known-hosts';
import { followRingLogs, planLogSpec } from './ring-logs';
import { createSsmExecutor } from '../adapters/cloud-aws';
import { cloudAccountsOf } from './cloud-accounts';

/** An opened workspace; `close` stops what it started (simulated fleet, SSH connections). */
export interface Workspace {
  readonly name: string;
  /** Where it came from (never `team`: that kind stands for no local workspace at all). */
  readonly source: Exclude<WorkspaceView['source'], { kind: 'team' }>;
  /** The plan as loaded (for the demo: hosts re-pointed at the simulated fleet). */
  readonly built: BuiltPlan;
  readonly executor: SshExecutor;
  /** The simulated fleet behind the demo; null for a plan file. */
  readonly sim: SimFleet | null;
  /** Releases offered by name (the demo's good and bad one); empty = the plan's own. */
  readonly releases: readonly string[];
  /** The version a new rollout rolls back to. */
  previousVersion(): string;
  /** Key type of a host's current key, when the workspace knows it. */
  keyType(host: string): string;
  connections(prometheusUrls: readonly string[]): ConnectionsView;
  /** Streams log lines for the Logs view (the demo follows its hosts); null when none. */
  readonly followLogs: ((onLine: (line: LogLine) => void) => () => Promise<void>) | null;
  /** Records an approved key for the connections view. */
  trusted(host: string, fingerprint: string): void;
  /**
   * Called before a journaled rollout resumes on this workspace (after a console restart).
   * The demo puts its new simulated fleet back on the versions the journal records; real
   * hosts kept their state, so a plan workspace does nothing.
   */
  resuming(plan: RolloutPlan, events: readonly RolloutEvent[]): void;
  close(): Promise<void>;
}

/** Why a workspace could not be opened: the plan's errors, one line each. */
export class WorkspaceError extends Error {}

/** One line per plan error: `file:line:col: message`. */
export function describePlanErrors(errors: readonly PlanError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join('\n');
}

/** Settings of {@link openPlanWorkspace}. */
export interface PlanWorkspaceOptions extends KnownHostsFiles {
  /** ms since epoch, stamped on log lines (default Date.now). */
  readonly clock?: () => number;
  /** Unlocks encrypted identity files (the console asks the operator); default: skip them. */
  readonly passphraseProvider?: PassphraseProvider;
}

/**
 * Opens a plan file for real hosts; plan errors come back as a typed result. The
 * Connections view lists the known_hosts keys of the plan's hosts (the files the executor
 * checks against), and the Logs view follows the plan's `logs` telemetry source when it has
 * one.
 */
export async function openPlanWorkspace(
  planPath: string,
  options: PlanWorkspaceOptions = {},
): Promise<{ ok: true; workspace: Workspace } | { ok: false; error: string }> {
  const loaded = await loadPlanFromFile(planPath);
  if (!loaded.ok) {
    return {
      ok: false,
      error: `${planPath}: the plan has errors:\n${describePlanErrors(loaded.error)}`,
    };
  }
  const built = loaded.value;
  const logs = planLogSpec(built.document.telemetry?.sources);
  if (!logs.ok) {
    return { ok: false, error: `${planPath}: ${logs.message}` };
  }
  // deploy.via ssm: steps go through Systems Manager with the SDK's default chain (as
  // `ringside run` does), never SSH to the instances.
  const executor =
    built.plan.deploy.via === 'ssm'
      ? createSsmExecutor()
      : createSshExecutor({
          ...(options.knownHostsFiles !== undefined
            ? { knownHostsFiles: options.knownHostsFiles }
            : {}),
          ...(options.ringsideKnownHostsFile !== undefined
            ? { ringsideKnownHostsFile: options.ringsideKnownHostsFile }
            : {}),
          ...(options.sshConfig !== undefined ? { sshConfig: options.sshConfig } : {}),
          ...(options.passphraseProvider ? { passphraseProvider: options.passphraseProvider } : {}),
        });
  const plan: RolloutPlan = built.plan;
  const known = await knownHostsForPlan(plan, options);
  const approved = new Map<string, string>();
  const identities = [
    ...new Set(plan.hosts.flatMap((h) => (h.identityFile ? [h.identityFile] : []))),
  ].map((path) => ({ path, encrypted: isEncryptedKeyFile(path) }));
  const spec = logs.spec;
  return {
    ok: true,
    workspace: {
      name: plan.release.name,
      source: { kind: 'plan', planPath },
      built,
      executor,
      sim: null,
      releases: [],
      followLogs: spec
        ? (onLine) =>
            followRingLogs(plan, executor, spec, () => true, options.clock ?? Date.now, onLine)
        : null,
      previousVersion: () => plan.release.previous,
      keyType: (host) => known.find((k) => k.host === host)?.keyType ?? 'unknown',
      connections: (prometheusUrls) => ({
        identities: identities.map(({ path, encrypted }) => ({
          name: path.split('/').pop() ?? path,
          path,
          encrypted,
        })),
        knownHosts: [
          ...known,
          // Approved in this session: recorded in Ringside's file, read again on next open.
          ...[...approved]
            .filter(([host, fp]) => !known.some((k) => k.host === host && k.fingerprint === fp))
            .map(([host, fingerprint]) => ({ host, keyType: 'approved', fingerprint })),
        ],
        prometheusUrls: [...prometheusUrls],
        cloudAccounts: cloudAccountsOf(built.document),
      }),
      trusted: (host, fingerprint) => {
        approved.set(host, fingerprint);
      },
      resuming: () => {},
      close: () => executor.close(),
    },
  };
}
