import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  buildRolloutPlan,
  fail,
  parsePlanText,
  sortPlanErrors,
  type BuiltPlan,
  type InventoryHosts,
  type PlanError,
  type Result,
} from '../../core/plan';
import type { TextHasher } from '../../core/hash';
import { detectFormat, parseInventory } from './parse-inventory';
import { readUtf8File } from './read-text';
import { loadCloudInventory, type CloudAccess } from './cloud-inventory';
import { loadAwsInventory, type AwsAccess } from '../cloud-aws';

/**
 * Reads a plan file and the inventories it names (relative to the plan's directory),
 * validates everything and resolves the rollout plan. Every problem comes back as a
 * positioned {@link PlanError}; nothing throws for bad input. Messages name files as `path`
 * was given (joined with inventory paths); relative paths are read from `options.cwd`.
 */
export async function loadPlanFromFile(
  path: string,
  options: {
    readonly cwd?: string;
    /** The dress rehearsal's simulated Azure; real accounts go through the default chain. */
    readonly clouds?: CloudAccess;
    /**
     * The dress rehearsal's simulated AWS, started only when the plan has an aws inventory;
     * real accounts go through the SDK's own chain.
     */
    readonly aws?: () => Promise<AwsAccess>;
  } = {},
): Promise<Result<BuiltPlan, PlanError[]>> {
  const cwd = options.cwd ?? process.cwd();
  const text = await readUtf8File(resolve(cwd, path), path);
  if (!text.ok) {
    return fail([
      'cannotRead' in text.error
        ? { file: path, line: 1, col: 1, message: `cannot read the plan: ${text.error.cannotRead}` }
        : text.error,
    ]);
  }
  const parsed = parsePlanText(text.value, path);
  if (!parsed.ok) {
    return parsed;
  }
  const { document, locate } = parsed.value;
  const errors: PlanError[] = [];
  const inventories: InventoryHosts[] = [];
  const entries = document.fleet.inventories ?? [];
  // One simulated account for every aws entry, asked for only when there is one.
  let awsAccess: Promise<AwsAccess> | null = null;
  const aws = options.aws;
  const awsFor = aws ? () => (awsAccess ??= aws()) : null;
  await Promise.all(
    entries.map(async (entry, index) => {
      if (entry.aws !== undefined) {
        const pos = locate(['fleet', 'inventories', index, 'aws']);
        const found = await loadAwsInventory(
          path,
          index,
          entry.aws,
          pos,
          awsFor ? await awsFor() : undefined,
        );
        return found.ok ? void inventories.push(found.value) : void errors.push(...found.errors);
      }
      if (entry.path === undefined) {
        const cloud = await loadCloudInventory(entry, index, path, locate, options.clouds);
        if (cloud.ok) {
          inventories.push(cloud.value);
        } else {
          errors.push(cloud.error);
        }
        return;
      }
      const entryPath = entry.path;
      const file = isAbsolute(entryPath) ? entryPath : join(dirname(path), entryPath);
      const at = (message: string) => {
        const p = locate(['fleet', 'inventories', index, 'path']);
        errors.push({ file: path, ...p, message });
      };
      const unsupported = await unsupportedInventory(resolve(cwd, file), entry.format);
      if (unsupported !== undefined) {
        at(`inventory '${entryPath}': ${unsupported}`);
        return;
      }
      const inv = await readUtf8File(resolve(cwd, file), file);
      if (!inv.ok) {
        if ('cannotRead' in inv.error) {
          at(`cannot read inventory '${entryPath}' (looked for ${file}): ${inv.error.cannotRead}`);
        } else {
          errors.push(inv.error);
        }
        return;
      }
      const format = entry.format ?? detectFormat(file, inv.value);
      if (format === undefined) {
        at(
          `cannot tell the format of inventory '${entryPath}' (expected format: yaml, json, csv, ansible-ini, ansible-yaml or ssh-config)`,
        );
        return;
      }
      if (inv.value.startsWith('#!')) {
        errors.push({
          file,
          line: 1,
          col: 1,
          message: `${scriptRefusal(file)} (it starts with #!)`,
        });
        return;
      }
      if (format === 'ansible-ini' || format === 'ansible-yaml') {
        const beside = await ansibleVarDirs(dirname(resolve(cwd, file)));
        if (beside.length > 0) {
          at(
            `inventory '${entryPath}': Ansible would also read ${beside.join(' and ')} beside it, which Ringside does not: move those variables into the inventory file`,
          );
          return;
        }
      }
      const hosts = parseInventory(inv.value, file, format);
      if (!hosts.ok) {
        errors.push(...hosts.error);
        return;
      }
      inventories.push({ index, file, hosts: hosts.value });
    }),
  );
  if (errors.length > 0) {
    return fail(sortPlanErrors(errors));
  }
  return buildRolloutPlan(parsed.value, inventories, nodeSha256);
}

/** node:crypto's SHA-256: the digest core's pure one computes, some 20 times faster. */
function nodeSha256(): TextHasher {
  const h = createHash('sha256');
  return { update: (t) => void h.update(t, 'utf8'), hex: () => h.digest('hex') };
}

function scriptRefusal(file: string): string {
  return `inventory scripts are not run by Ringside (Ansible would execute ${file} as a dynamic inventory): save its output once with 'ansible-inventory -i ${file} --list --yaml > hosts.yaml' and name that file`;
}

/** Executable files are dynamic inventories to Ansible; Ringside refuses rather than read them as text. */
async function unsupportedInventory(
  path: string,
  format: string | undefined,
): Promise<string | undefined> {
  try {
    const st = await stat(path);
    if (st.isFile() && (st.mode & 0o111) !== 0 && format !== 'csv' && format !== 'ssh-config') {
      return `${scriptRefusal(path)} (the file is executable; chmod -x it if it is a static inventory)`;
    }
  } catch {
    // A missing file is reported by the read that follows, with its own words.
  }
  return undefined;
}

async function ansibleVarDirs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const d of ['group_vars', 'host_vars']) {
    try {
      if ((await stat(join(dir, d))).isDirectory()) {
        found.push(`${d}/`);
      }
    } catch {
      // absent: nothing Ansible would add
    }
  }
  return found;
}
