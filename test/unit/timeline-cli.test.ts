import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import { runCli } from '../../src-main/cli/main';
import { captureCliIo } from '../helpers/cli-io';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import type { RolloutEvent } from '../../src-main/core/rollout';

describe('ringside timeline', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringside-timeline-'));
    file = join(dir, 'rollout.jsonl');
    const h = new Harness(Date.UTC(2026, 10, 26, 9, 0, 0));
    h.must({
      type: 'create',
      plan: buildPlan([
        { name: 'canary', domains: [2] },
        { name: 'global', domains: [2, 2] },
      ]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle((host) => (host === 'r0-d0-h1' ? 7 : 0));
    const opened = await openJournal<RolloutEvent>(file);
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    await opened.journal.append(h.journal);
    await opened.journal.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the Markdown postmortem of a real journal, halt first', async () => {
    const t = captureCliIo({ cwd: dir });
    expect(await runCli(['timeline', 'rollout.jsonl'], t.io)).toBe(0);
    const md = t.out.join('\n');
    expect(md.split('\n')[0]).toBe('# Rollout of shop 2.0.0');
    expect(md).toMatch(
      /Halt — ring canary:\*\* update domain ud0 of ring canary has 1 failed host, more than its budget of 0/,
    );
    expect(md).toContain('r0-d0-h1: deploy step install failed after 1.0 s: exit code 7 (exit 7).');
  });

  it('writes CSV to --out, filtered by kind', async () => {
    const t = captureCliIo({ cwd: dir });
    expect(
      await runCli(
        ['timeline', file, '--format', 'csv', '--out', 'tl.csv', '--kind', 'halt'],
        t.io,
      ),
    ).toBe(0);
    const csv = await readFile(join(dir, 'tl.csv'), 'utf8');
    expect(csv.split('\r\n')).toEqual([
      'seq,time,who,ring,host,kind,severity,event,text',
      expect.stringMatching(
        /^\d+,2026-11-26T09:00:0\d\.000Z,ringside,canary,,halt,critical,RingHalted,"Ring canary halted: update domain ud0 .*\."$/,
      ),
      '',
    ]);
    expect(t.err).toEqual([`ringside timeline: wrote 1 entries (csv) to ${join(dir, 'tl.csv')}`]);
  });

  it('refuses bad input with one line and exit 2', async () => {
    const t = captureCliIo({ cwd: dir });
    expect(await runCli(['timeline', 'missing.jsonl'], t.io)).toBe(2);
    expect(await runCli(['timeline', file, '--format', 'pdf'], t.io)).toBe(2);
    expect(await runCli(['timeline'], t.io)).toBe(2);
    expect(t.err).toHaveLength(3);
    expect(t.err[0]).toMatch(/missing\.jsonl.*cannot read journal/);
    expect(t.err[1]).toBe('ringside timeline: --format pdf is not one of md, json, csv, html');
  });

  it('names the line of a damaged journal', async () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = (lines[2] ?? '').replace('"RingStarted"', '"RingStartedX"');
    await writeFile(bad, lines.join('\n'));
    const t = captureCliIo({ cwd: dir });
    expect(await runCli(['timeline', bad], t.io)).toBe(2);
    expect(t.err[0]).toMatch(/bad\.jsonl:3:/);
    // a line whose hash is right but whose event this core does not know
    const records = (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: Record<string, unknown> });
    const events = records.map((r) => r.event);
    events[3] = { ...events[3], ring: 42 };
    const odd = join(dir, 'odd.jsonl');
    const opened = await openJournal(odd);
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    await opened.journal.append(events as unknown as { type: string }[]);
    await opened.journal.close();
    const t2 = captureCliIo({ cwd: dir });
    expect(await runCli(['timeline', odd], t2.io)).toBe(2);
    expect(t2.err[0]).toMatch(/odd\.jsonl:4: .*DomainStarted event: ring: /);
  });

  it('drops a torn last line with a warning', async () => {
    const torn = join(dir, 'torn.jsonl');
    await writeFile(torn, await readFile(file, 'utf8'));
    await appendFile(torn, '{"seq":999,"prev"');
    const t = captureCliIo({ cwd: dir });
    expect(await runCli(['timeline', torn, '--format', 'json'], t.io)).toBe(0);
    expect(t.err.join('\n')).toMatch(/warning/);
    expect(JSON.parse(t.out.join('\n'))).toMatchObject({
      status: 'halted',
      halts: [{ ring: 'canary' }],
    });
  });
});
