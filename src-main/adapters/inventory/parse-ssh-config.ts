import {
  fail,
  ok,
  type InventoryHost,
  type PlanError,
  type Result,
  type SourcePos,
} from '../../core/plan';
import { splitArgs } from '../ssh/ssh-config';

interface Block {
  readonly patterns: string[];
  readonly pos: SourcePos;
  readonly settings: Map<string, string>;
  readonly labels: Record<string, string>;
}

/**
 * An OpenSSH client config: every `Host` alias without wildcards becomes a host; HostName,
 * User, Port, IdentityFile and ProxyJump are taken first-match-wins over the blocks that
 * match it (wildcard blocks included), as ssh(1) does. Labels ride in comments inside a
 * block: `# ringside-labels: region=us-east zone=a`. Match and Include are refused with a
 * position rather than half-understood.
 */
export function parseSshConfig(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const errors: PlanError[] = [];
  const blocks: Block[] = [
    { patterns: ['*'], pos: { line: 1, col: 1 }, settings: new Map(), labels: {} },
  ];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    const current = blocks[blocks.length - 1];
    const labelComment = /^#\s*ringside-labels:\s*(.*)$/.exec(trimmed);
    if (labelComment) {
      for (const kv of (labelComment[1] ?? '').split(/\s+/).filter((w) => w !== '')) {
        const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(kv);
        if (!m || m[1] === undefined) {
          errors.push({
            file,
            line,
            col,
            message: `ringside-labels: expected key=value, got '${kv}'`,
          });
        } else if (current) {
          current.labels[m[1]] = m[2] ?? '';
        }
      }
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) {
      return;
    }
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed);
    if (!m || m[1] === undefined) {
      errors.push({ file, line, col, message: `expected 'Keyword value', got '${trimmed}'` });
      return;
    }
    const keyword = m[1].toLowerCase();
    // Arguments as ssh splits them: quotes, and a `#` word ends the line (`Host a # note`
    // is the host a, not the hosts a, #, note).
    const split = splitArgs(m[2] ?? '');
    if (!split.ok) {
      errors.push({ file, line, col, message: `${m[1]}: ${split.message}` });
      return;
    }
    const value = split.args[0] ?? '';
    if (keyword === 'proxycommand' || keyword === 'certificatefile') {
      errors.push({
        file,
        line,
        col,
        message: `'${m[1]}' is not carried by ssh_config inventories (put it in ~/.ssh/config, which Ringside reads when it connects)`,
      });
      return;
    }
    if (keyword === 'host') {
      blocks.push({
        patterns: split.args,
        pos: { line, col },
        settings: new Map(),
        labels: {},
      });
    } else if (keyword === 'match' || keyword === 'include') {
      errors.push({
        file,
        line,
        col,
        message: `'${m[1]}' is not supported in ssh_config inventories (expected Host blocks only)`,
      });
    } else if (current && !current.settings.has(keyword)) {
      current.settings.set(keyword, value);
    }
  });
  const hosts: InventoryHost[] = [];
  const seen = new Set<string>();
  for (const block of blocks.slice(1)) {
    for (const alias of block.patterns) {
      if (/[*?!]/.test(alias) || seen.has(alias)) {
        continue;
      }
      seen.add(alias);
      const get = (k: string) =>
        blocks.find((b) => matches(b.patterns, alias) && b.settings.has(k))?.settings.get(k);
      const labels = Object.assign(
        {},
        ...blocks
          .filter((b) => matches(b.patterns, alias))
          .reverse()
          .map((b) => b.labels),
      ) as Record<string, string>;
      const portText = get('port');
      const port = portText === undefined ? undefined : Number(portText);
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
        errors.push({
          file,
          ...block.pos,
          message: `host '${alias}': invalid Port '${portText ?? ''}' (expected 1-65535)`,
        });
        continue;
      }
      const address = get('hostname')?.replace(/%h/g, alias);
      const user = get('user');
      const identityFile = get('identityfile');
      const proxyJump = get('proxyjump');
      hosts.push({
        name: alias,
        ...(address !== undefined ? { address } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(user !== undefined ? { user } : {}),
        labels,
        ...(identityFile !== undefined ? { identityFile } : {}),
        ...(proxyJump !== undefined && proxyJump.toLowerCase() !== 'none' ? { proxyJump } : {}),
        pos: block.pos,
      });
    }
  }
  return errors.length > 0 ? fail(errors) : ok(hosts);
}

/** ssh_config pattern list semantics: any positive match and no negated match. */
function matches(patterns: readonly string[], alias: string): boolean {
  let hit = false;
  for (const p of patterns) {
    const neg = p.startsWith('!');
    if (glob(neg ? p.slice(1) : p, alias)) {
      if (neg) {
        return false;
      }
      hit = true;
    }
  }
  return hit;
}

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(text);
}
