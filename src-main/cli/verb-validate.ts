import { loadPlanFromFile } from '../adapters/inventory';
import type { AwsAccess } from '../adapters/cloud-aws';
import type { CloudAccess } from '../adapters/inventory/cloud-inventory';
import { formatPlanError, type BuiltPlan, type PlanError } from '../core/plan';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';

const usage = `Usage: ringside validate FILE

Checks a plan (YAML) and the inventories it names: syntax, schema (unknown keys are
errors), references (gates, metrics, sources, template variables), and the segmentation
(duplicate hosts, hosts in two rings, empty rings, uncovered hosts).

Exit 0 with a one-line summary when valid; exit 2 with one error per line on stderr as
FILE:LINE:COL: message. Warnings are printed on stderr as FILE:LINE:COL: warning: message.`;

/** Loads the plan named by the verb's single positional argument, or prints why not. */
export async function loadPlanForVerb(
  verb: string,
  positionals: readonly string[],
  io: CliIo,
  /** A dress rehearsal's simulated clouds (aws and azure inventories read from them). */
  options: { readonly aws?: () => Promise<AwsAccess>; readonly clouds?: CloudAccess } = {},
): Promise<{ ok: true; file: string; built: BuiltPlan } | { ok: false; code: number }> {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(
      `ringside ${verb}: expected exactly one plan FILE, got ${positionals.length} (see ringside ${verb} --help)`,
    );
  }
  const file = positionals[0];
  const result = await loadPlanFromFile(file, { cwd: io.cwd, ...options });
  if (!result.ok) {
    printErrors(verb, file, result.error, io);
    return { ok: false, code: Exit.badInput };
  }
  for (const w of result.value.warnings) {
    io.err(`${w.file}:${w.line}:${w.col}: warning: ${w.message}`);
  }
  return { ok: true, file, built: result.value };
}

function printErrors(verb: string, file: string, errors: readonly PlanError[], io: CliIo): void {
  const first = errors[0];
  // A plan that cannot be read has no line to point at: say so in the CLI's own voice.
  if (
    errors.length === 1 &&
    first &&
    first.file === file &&
    first.message.startsWith('cannot read the plan')
  ) {
    io.err(
      `ringside ${verb}: cannot read '${file}': ${first.message.replace(/^cannot read the plan: /, '')}`,
    );
    return;
  }
  for (const e of errors) {
    io.err(formatPlanError(e));
  }
}

export const validateVerb: Verb = {
  name: 'validate',
  summary: 'check a plan and its inventories; FILE:LINE:COL errors',
  usage,
  run: async (argv, io) => {
    const { positionals } = parseVerbArgs('validate', argv, {});
    const loaded = await loadPlanForVerb('validate', positionals, io);
    if (!loaded.ok) {
      return loaded.code;
    }
    const { plan } = loaded.built;
    const domains = plan.rings.reduce((n, r) => n + r.domains.length, 0);
    io.out(
      `${loaded.file}: valid — release ${plan.release.name} ${plan.release.version}, ${plan.hosts.length} hosts, ` +
        `${plan.rings.length} rings (${plan.rings.map((r) => r.name).join(', ')}), ${domains} update domains, ` +
        `plan ${plan.planHash.slice(0, 12)}`,
    );
    return Exit.ok;
  },
};
