/**
 * Generated Ansible inventories for differential tests: one model rendered both as INI and
 * as YAML, with every range form, host:port and [v6]:port, vars at every level (connection
 * variables in both spellings), children, group priorities and comments where Ansible allows
 * them.
 */
import fc from 'fast-check';

export type Vars = ReadonlyArray<readonly [string, string | number]>;

export interface GenHostLine {
  readonly pattern: string;
  readonly vars: Vars;
  readonly comment: boolean;
}

export interface GenGroup {
  readonly name: string;
  readonly hosts: readonly GenHostLine[];
  readonly vars: Vars;
  readonly children: readonly string[];
  readonly comment: boolean;
}

export interface GenInventory {
  readonly ungrouped: readonly GenHostLine[];
  readonly allVars: Vars;
  readonly groups: readonly GenGroup[];
}

const groupNames = ['web', 'db', 'edge', 'cache', 'batch_jobs'];

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const varValue = fc.oneof(word, fc.integer({ min: 1, max: 999 }));
const connectionVar = fc.oneof(
  fc.tuple(
    fc.constantFrom('ansible_host', 'ansible_ssh_host'),
    fc.oneof(
      word.map((w) => `${w}.example.test`),
      fc.constant('10.1.2.3'),
    ),
  ),
  fc.tuple(fc.constantFrom('ansible_port', 'ansible_ssh_port'), fc.integer({ min: 1, max: 65535 })),
  fc.tuple(fc.constantFrom('ansible_user', 'ansible_ssh_user'), word),
  fc.tuple(
    fc.constantFrom('ansible_ssh_private_key_file', 'ansible_private_key_file'),
    word.map((w) => `/keys/${w}`),
  ),
);
const labelVar = fc.tuple(fc.constantFrom('zone', 'rack', 'tier', 'owner'), varValue);
const varsArb = fc.array(fc.oneof(connectionVar, labelVar), { maxLength: 3 });

const base = fc.constantFrom('app', 'db-', 'node', 'web', 'x');
const rangePart = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
    .map(([a, n]) => `[${a}:${a + n}]`),
  fc
    .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 }))
    .map(([a, n]) => `[0${a}:${String(a + n).padStart(2, '0')}]`),
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }))
    .map(([a, n]) => `[${'abcdefgh'[a]}:${'abcdefgh'[a + n]}]`),
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }))
    .map(([a, s]) => `[${a}:${a + 6}:${s}]`),
  fc.constant('[:2]'),
);
const hostPattern = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(base, rangePart, fc.constantFrom('', '-x', '.example.test'), rangePart)
      .map(([b, r1, mid, r2]) => `${b}${r1}${mid}${r2}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => `10.0.0.[1:${n}]`) },
);
const withPort = fc
  .tuple(hostPattern, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
  .map(([p, port]) => (port === undefined ? p : `${p}:${port}`));
const ipv6 = fc.constantFrom('[2001:db8::12]:2201', '2001:db8::7', '[2001:db8::9]:22');
const hostLine = fc.record({
  pattern: fc.oneof({ weight: 8, arbitrary: withPort }, { weight: 1, arbitrary: ipv6 }),
  vars: varsArb,
  comment: fc.boolean(),
});

/** An inventory of up to five groups whose children only point forward (no cycles). */
export const inventoryArb: fc.Arbitrary<GenInventory> = fc
  .record({
    ungrouped: fc.array(hostLine, { maxLength: 2 }),
    allVars: varsArb,
    groups: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom(...groupNames),
        hosts: fc.array(hostLine, { maxLength: 3 }),
        vars: fc.array(
          fc.oneof(
            connectionVar,
            labelVar,
            fc.tuple(fc.constant('ansible_group_priority'), fc.integer({ min: 1, max: 3 })),
          ),
          { maxLength: 3 },
        ),
        childMask: fc.nat({ max: 31 }),
        comment: fc.boolean(),
      }),
      { maxLength: 5, selector: (g) => g.name },
    ),
  })
  .map(({ ungrouped, allVars, groups }) => ({
    ungrouped,
    allVars,
    groups: groups.map((g, i) => ({
      name: g.name,
      hosts: g.hosts,
      vars: g.vars,
      comment: g.comment,
      children: groups
        .slice(i + 1)
        .filter((_, j) => (g.childMask >> j) & 1)
        .map((c) => c.name),
    })),
  }));

const iniVar = ([k, v]: readonly [string, string | number]) => `${k}=${v}`;

/** The INI rendering (comments on their own lines and after hosts, headers and children). */
export function toIni(inv: GenInventory): string {
  const out: string[] = ['# generated inventory', '; semicolon comment'];
  const host = (h: GenHostLine) =>
    [h.pattern, ...h.vars.map(iniVar)].join(' ') + (h.comment ? '   # a comment' : '');
  out.push(...inv.ungrouped.map(host));
  if (inv.allVars.length > 0) {
    out.push('[all:vars]', ...inv.allVars.map(iniVar));
  }
  for (const g of inv.groups) {
    out.push(`[${g.name}]${g.comment ? ' # group comment' : ''}`, ...g.hosts.map(host));
    if (g.vars.length > 0) {
      out.push(`[${g.name}:vars]`, ...g.vars.map(iniVar));
    }
    if (g.children.length > 0) {
      out.push(
        `[${g.name}:children]`,
        ...g.children.map((c) => (g.comment ? `${c}   # child comment` : c)),
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

const yamlScalar = (v: string | number) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** The YAML rendering: all -> children, anchors and a merge key for shared host vars. */
export function toYaml(inv: GenInventory): string {
  const out: string[] = ['# generated inventory', 'all:'];
  let mergedOnce = false;
  const vars = (indent: string, vs: Vars) => {
    const seen = new Map(vs.map(([k, v]) => [k, v]));
    return [...seen].map(([k, v]) => `${indent}${k}: ${yamlScalar(v)}`);
  };
  const hosts = (indent: string, hs: readonly GenHostLine[]) => {
    const lines: string[] = [];
    // YAML keys are unique: a repeated pattern merges its vars, later lines winning (as INI does).
    const merged = new Map<string, Map<string, string | number>>();
    for (const h of hs) {
      const m = merged.get(h.pattern) ?? new Map();
      h.vars.forEach(([k, v]) => m.set(k, v));
      merged.set(h.pattern, m);
    }
    for (const [p, vs] of merged) {
      lines.push(`${indent}${JSON.stringify(p)}:`);
      if (vs.size > 0 && inv.allVars.length > 0 && !mergedOnce) {
        // A merge key: the all-vars mapping, overridden by the host's own keys.
        lines.push(`${indent}  <<: *allvars`);
        mergedOnce = true;
      }
      lines.push(...vars(`${indent}  `, [...vs]));
    }
    return lines;
  };
  if (inv.allVars.length > 0) {
    out.push('  vars: &allvars', ...vars('    ', inv.allVars));
  }
  if (inv.ungrouped.length > 0) {
    out.push('  hosts:', ...hosts('    ', inv.ungrouped));
  }
  const top = inv.groups.filter((g) => !inv.groups.some((p) => p.children.includes(g.name)));
  const emitted = new Set<string>();
  const group = (g: GenGroup, indent: string) => {
    out.push(`${indent}${g.name}:${g.comment ? '  # group comment' : ''}`);
    if (emitted.has(g.name)) {
      return;
    }
    emitted.add(g.name);
    if (g.hosts.length > 0) {
      out.push(`${indent}  hosts:`, ...hosts(`${indent}    `, g.hosts));
    }
    if (g.vars.length > 0) {
      out.push(`${indent}  vars:`, ...vars(`${indent}    `, g.vars));
    }
    if (g.children.length > 0) {
      out.push(`${indent}  children:`);
      for (const c of g.children) {
        const cg = inv.groups.find((x) => x.name === c);
        if (cg) {
          group(cg, `${indent}    `);
        }
      }
    }
  };
  if (top.length > 0) {
    out.push('  children:');
    top.forEach((g) => group(g, '    '));
  }
  return `${out.join('\n')}\n`;
}
