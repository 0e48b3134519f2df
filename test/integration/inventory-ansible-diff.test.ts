/**
 * Differential test: generated Ansible inventories (INI and YAML renderings of one model)
 * read by Ringside and by Ansible 2.14 itself, compared host by host: the host set, address,
 * port, user, identity file, groups and every other variable (Ringside's labels).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnsibleIni, parseAnsibleYaml } from '../../src-main/adapters/inventory';
import type { InventoryHost } from '../../src-main/core/plan';
import {
  ansibleBatch,
  ansibleInventoryList,
  requireAnsible,
  type AnsibleHostView,
  type AnsibleView,
} from '../helpers/ansible';
import { inventoryArb, toIni, toYaml } from '../helpers/ansible-inventory-gen';

const CASES = 320;
const dir = mkdtempSync(join(tmpdir(), 'ringside-ansible-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What Ringside reaches for one host, in the oracle's terms. */
interface HostFacts {
  address: string;
  port: number | null;
  user: string | null;
  identityFile: string | null;
  groups: string[];
  labels: Record<string, string>;
}

const last = (vars: Record<string, unknown>, names: string[]): unknown =>
  names.reduce<unknown>((v, n) => (vars[n] !== undefined ? vars[n] : v), undefined);

/** Ansible's view reduced to the facts Ringside uses; the ssh plugin reads the last spelling set. */
function ansibleFacts(name: string, h: AnsibleHostView): HostFacts {
  const v = h.vars;
  const port = last(v, ['ansible_port', 'ansible_ssh_port']);
  const user = last(v, ['ansible_user', 'ansible_ssh_user']);
  const key = last(v, ['ansible_private_key_file', 'ansible_ssh_private_key_file']);
  return {
    address: String(last(v, ['ansible_host', 'ansible_ssh_host']) ?? name),
    port: port === undefined ? null : Number(port),
    user: user === undefined ? null : String(user),
    identityFile: key === undefined ? null : String(key),
    groups: h.groups.filter((g) => g !== 'ungrouped').sort(),
    labels: Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !k.startsWith('ansible_'))
        .map(([k, x]) => [k, String(x)]),
    ),
  };
}

function ringsideFacts(h: InventoryHost): HostFacts {
  const labels: Record<string, string> = {};
  const groups: string[] = [];
  for (const [k, v] of Object.entries(h.labels)) {
    if (k.startsWith('group.')) {
      groups.push(k.slice(6));
    } else {
      labels[k] = v;
    }
  }
  return {
    address: h.address ?? h.name,
    port: h.port ?? null,
    user: h.user ?? null,
    identityFile: h.identityFile ?? null,
    groups: groups.sort(),
    labels,
  };
}

/** Every disagreement between the two readings of one file, one line each. */
function compare(file: string, ours: InventoryHost[] | string, theirs: AnsibleView): string[] {
  if ('error' in theirs) {
    return typeof ours === 'string'
      ? []
      : [`${file}: Ansible refuses (${theirs.error.split('\n')[0]}), Ringside accepts`];
  }
  if (typeof ours === 'string') {
    // Deliberate: a host named like a group is refused (Ansible mixes their variables). The
    // group may have no hosts of its own (only vars or children), so the clash is checked by
    // the host Ringside names, which Ansible must have read.
    const named = /host '([^']+)' has the same name as group '([^']+)'/.exec(ours);
    return named !== null && named[1] === named[2] && named[1]! in theirs.hosts
      ? []
      : [`${file}: Ringside refuses (${ours}), Ansible accepts`];
  }
  const out: string[] = [];
  const mine = new Map(ours.map((h) => [h.name, ringsideFacts(h)]));
  for (const [name, h] of Object.entries(theirs.hosts)) {
    const want = ansibleFacts(name, h);
    const got = mine.get(name);
    if (!got) {
      out.push(`${file}: host ${name} missing in Ringside`);
    } else if (JSON.stringify(got) !== JSON.stringify(want)) {
      out.push(
        `${file}: host ${name}: Ringside ${JSON.stringify(got)} vs Ansible ${JSON.stringify(want)}`,
      );
    }
  }
  for (const name of mine.keys()) {
    if (!(name in theirs.hosts)) {
      out.push(`${file}: host ${name} invented by Ringside`);
    }
  }
  return out;
}

function readOurs(file: string, text: string): InventoryHost[] | string {
  const r = file.endsWith('.ini') ? parseAnsibleIni(text, file) : parseAnsibleYaml(text, file);
  return r.ok ? r.value : r.error.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ');
}

describe('Ansible inventories: Ringside reads what ansible-inventory --list reads', () => {
  it(`agrees host by host on ${CASES} generated inventories, each as INI and as YAML`, () => {
    requireAnsible();
    const seed = Number(process.env.RINGSIDE_DIFF_SEED ?? Date.now() % 1_000_000);
    const cases = fc.sample(inventoryArb, { numRuns: CASES, seed });
    const files: { file: string; text: string }[] = [];
    cases.forEach((inv, i) => {
      files.push({ file: join(dir, `case${i}.ini`), text: toIni(inv) });
      files.push({ file: join(dir, `case${i}.yaml`), text: toYaml(inv) });
    });
    files.forEach((f) => writeFileSync(f.file, f.text));
    const oracle = ansibleBatch(files.map((f) => f.file));
    const problems: string[] = [];
    let hosts = 0;
    for (const f of files) {
      const theirs = oracle.get(f.file) ?? { error: 'no answer' };
      hosts += 'hosts' in theirs ? Object.keys(theirs.hosts).length : 0;
      problems.push(...compare(f.file, readOurs(f.file, f.text), theirs));
    }
    console.log(
      `ansible differential: seed=${seed} files=${files.length} hosts=${hosts} disagreements=${problems.length}`,
    );
    const firstBad = files.find((f) => problems.some((p) => p.startsWith(`${f.file}:`)));
    expect(
      problems.slice(0, 5),
      `seed ${seed} (RINGSIDE_DIFF_SEED=${seed} replays it); first file:\n${firstBad?.text ?? ''}`,
    ).toEqual([]);
    expect(hosts).toBeGreaterThan(CASES);
  }, 180_000);

  it('the batch driver answers exactly as the ansible-inventory --list command', () => {
    requireAnsible();
    const cases = fc.sample(inventoryArb, { numRuns: 4, seed: 42 });
    const files = cases.flatMap((inv, i) => {
      const ini = join(dir, `cli${i}.ini`);
      const yaml = join(dir, `cli${i}.yaml`);
      writeFileSync(ini, toIni(inv));
      writeFileSync(yaml, toYaml(inv));
      return [ini, yaml];
    });
    const batch = ansibleBatch(files);
    for (const f of files) {
      expect(ansibleInventoryList(f), f).toEqual(batch.get(f));
    }
  }, 120_000);
});
