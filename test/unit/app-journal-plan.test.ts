/**
 * Which journal a console resumes: the variant of the workspace's plan a journal was written
 * for is rebuilt from the workspace (current host addresses) only when the hashes match, and
 * a damaged journal is reported, never resumed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRingsideApp, DEMO_PLAN_YAML, noTelemetry } from '../../src-main/app';
import { readWorkspaceHistory } from '../../src-main/app/rollout-history';
import { findUnfinishedRollout, journalPlan } from '../../src-main/app/journal-resume';
import { planVariant } from '../../src-main/app/plan-variant';
import { planFromText } from '../../src-main/core/plan';

const parsed = planFromText(DEMO_PLAN_YAML, 'demo.yaml');
if (!parsed.ok) {
  throw new Error('the demo plan does not parse');
}
const base = parsed.value.plan;
const dir = mkdtempSync(join(tmpdir(), 'ringside-journal-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('journalPlan', () => {
  const journaled = planVariant(base, { version: '2.4.1-bad', previous: '2.4.0', bakeMs: 5000 });
  // The journal carries the hosts where they were then (e.g. a previous simulated fleet).
  const written = {
    ...journaled,
    hosts: journaled.hosts.map((h) => ({ ...h, address: '127.0.0.99', port: 2222 })),
  };

  it("rebuilds the journal's variant from the workspace, with the workspace's hosts", () => {
    for (const bake of [undefined, 5000, 1000]) {
      const plan = journalPlan(base, bake)(written, written.planHash);
      expect(plan?.planHash).toBe(journaled.planHash);
      expect(plan?.release).toEqual({ ...base.release, version: '2.4.1-bad', previous: '2.4.0' });
      expect(plan?.hosts).toEqual(base.hosts);
    }
    expect(journalPlan(base, undefined)(base, base.planHash)).toBe(base);
  });

  it("refuses another plan's journal", () => {
    const other = { ...base, planHash: 'f'.repeat(64) };
    const foreign = planVariant(other, { version: '2.4.0', previous: '2.3.9', bakeMs: 5000 });
    expect(journalPlan(base, 5000)(foreign, foreign.planHash)).toBeNull();
    expect(journalPlan(base, undefined)(other, other.planHash)).toBeNull();
  });
});

describe('findUnfinishedRollout', () => {
  it('reports a damaged journal once, by file and line, and resumes nothing', async () => {
    const root = join(dir, 'journals');
    const journal = join(root, '2026-01-01T00-00-00-000Z-web-2.4.0');
    mkdirSync(journal, { recursive: true });
    writeFileSync(join(journal, 'journal.jsonl'), 'not json\nnot json either\n');
    mkdirSync(join(root, 'empty-dir'));
    const logs: string[] = [];
    const history = await readWorkspaceHistory(root, journalPlan(base, undefined), (l) =>
      logs.push(l),
    );
    const found = await findUnfinishedRollout(history.rollouts, (l) => logs.push(l));
    expect(found).toBeNull();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^journal not listed: .*web-2\.4\.0\/journal\.jsonl:1: invalid JSON/);
  });

  it('finds nothing when the workspace has no journal', async () => {
    expect(await findUnfinishedRollout([], () => {})).toBeNull();
  });

  it('a console opening on a damaged journal says so once (every journal is read once on open)', async () => {
    const root = join(dir, 'console-journals');
    const journal = join(root, '2026-01-01T00-00-00-000Z-web-2.4.0');
    mkdirSync(journal, { recursive: true });
    writeFileSync(join(journal, 'journal.jsonl'), 'not json\n');
    const logs: string[] = [];
    const app = await createRingsideApp({
      workspace: { demo: true },
      journalRoot: root,
      telemetry: noTelemetry,
      log: (l) => logs.push(l),
    });
    try {
      expect(logs.filter((l) => l.includes('web-2.4.0'))).toEqual([
        expect.stringMatching(/^journal not listed: .*journal\.jsonl:1: invalid JSON/),
      ]);
    } finally {
      await app.close();
    }
  });
});
