import { reachOf, sshTargetEnv, type HostReach } from '../adapters/ssh';
import { Exit, parseVerbArgs, type CliIo, type Verb } from './args';
import { loadPlanForVerb } from './verb-validate';

const usage = `Usage: ringside hosts PLAN [--json]

Prints every host of the plan exactly as Ringside will reach it, after the inventories,
fleet.defaults and ~/.ssh/config: name, address (the HostName it connects to), port, user,
identity files (expanded), jump chain or proxy command, labels, and where it was declared.
ringside run resolves hosts with the same code, so this is where it connects.

  --json    {"hosts":[{"name","address","port","user","identityFiles":[],"proxyJump":[],
            "proxyCommand":null,"labels":{},"origin":"FILE:LINE"}]}

Exit 0, or 2 with FILE:LINE:COL errors when the plan or an inventory is invalid or a host
cannot be resolved.`;

/** Control characters shown as escapes, so a hostile inventory value cannot move the cursor. */
function shown(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (c) => {
    const code = c.charCodeAt(0);
    return code === 10 ? '\\n' : code === 9 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function table(reaches: readonly HostReach[]): string[] {
  const head = ['NAME', 'ADDRESS', 'PORT', 'USER', 'VIA', 'IDENTITY', 'ORIGIN', 'LABELS'];
  const rows = reaches.map((r) => [
    r.name,
    r.address,
    String(r.port),
    r.user,
    r.proxyCommand !== null
      ? `ProxyCommand ${r.proxyCommand}`
      : r.proxyJump.length > 0
        ? r.proxyJump.join(' -> ')
        : '-',
    r.identityFiles.length > 0 ? r.identityFiles.join(',') : '-',
    r.origin,
    Object.entries(r.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]);
  const all = [head, ...rows].map((row) => row.map(shown));
  const widths = head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export const hostsVerb: Verb = {
  name: 'hosts',
  summary: 'every host as Ringside will reach it (address, port, user, keys, jumps)',
  usage,
  run: async (argv, io: CliIo) => {
    const { values, positionals } = parseVerbArgs('hosts', argv, {
      json: { type: 'boolean' },
    });
    const loaded = await loadPlanForVerb('hosts', positionals, io);
    if (!loaded.ok) {
      return loaded.code;
    }
    // The same environment createSshExecutor builds for `ringside run` (HOME from the
    // environment the verb runs in).
    const env = sshTargetEnv(io.env.HOME ? { home: io.env.HOME } : {});
    const reaches: HostReach[] = [];
    let failed = false;
    for (const h of loaded.built.plan.hosts) {
      const r = reachOf(h, env);
      if (r.ok) {
        reaches.push(r.reach);
      } else {
        io.err(`${h.origin ?? loaded.file}: ${shown(r.reason)}`);
        failed = true;
      }
    }
    if (failed) {
      return Exit.badInput;
    }
    if (values.json === true) {
      io.out(JSON.stringify({ hosts: reaches }));
    } else {
      table(reaches).forEach((l) => io.out(l));
    }
    return Exit.ok;
  },
};
