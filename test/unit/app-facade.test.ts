/**
 * The app facade against the real engine and the in-process simulated fleet (no mocks):
 * refusals come back as errors carrying the core's sentence, one journal per rollout, and
 * the Prometheus "test connection" makes a real HTTP query.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { untilSnapshot } from '../helpers/snapshot-wait';
import { freePort, startPrometheus, type RunningPrometheus } from '../helpers/prometheus';
import { osUserName } from '../../src-main/app/settings-port';

let dir: string;
let app: RingsideApp;
const snapshots: ConsoleSnapshot[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-app-'));
  app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot: join(dir, 'journals'),
    bakeMs: 60_000,
    demo: { latencyScale: 0.2 },
  });
  app.onSnapshot((s) => snapshots.push(s));
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = (what: string, ok: (s: ConsoleSnapshot) => boolean) => untilSnapshot(app, what, ok);

describe('createRingsideApp on the demo workspace', () => {
  it('opens the demo with both releases offered and nothing started', async () => {
    const s = await app.getSnapshot();
    expect(s.workspace?.name).toBe('demo');
    expect(s.workspace?.releases?.map((r) => r.version)).toEqual(['2.4.0', '2.4.1-bad']);
    expect(s.workspace?.running).toBe('2.3.9');
    expect(s.hosts).toHaveLength(60);
    expect(s.rollout.status).toBe('notStarted');
    await expect(app.promote({})).rejects.toThrow('promote: no rollout has been started');
  });

  it('starts a rollout in its own journal and refuses what the core refuses, in its words', async () => {
    await app.start({ release: '2.4.0' });
    const baking = await until('the canary to bake', (s) => s.rings[0]?.status === 'baking');
    expect(baking.workspace?.release).toEqual({ name: 'web', version: '2.4.0', previous: '2.3.9' });
    await expect(app.promote({})).rejects.toThrow(/^promote: cannot promote ring canary: its bake/);
    await expect(app.start({ release: '2.4.1-bad' })).rejects.toThrow(
      /^start: the rollout of 2\.4\.0 is baking; finish, roll back or abort it first/,
    );
    await app.abort({ reason: 'test over' });
    const aborted = await until('the abort', (s) => s.rollout.status === 'aborted');
    expect(aborted.timeline.at(-1)).toMatchObject({
      kind: 'Aborted',
      by: osUserName() ?? 'operator',
    });
    const journals = readdirSync(join(dir, 'journals'));
    expect(journals).toHaveLength(1);
    expect(journals[0]).toMatch(/-web-2\.4\.0$/);
    expect(existsSync(join(dir, 'journals', journals[0] ?? '', 'journal.jsonl'))).toBe(true);
  });

  it('pushes throttled snapshots with increasing revisions', () => {
    const revisions = snapshots.map((s) => s.revision);
    expect(revisions.length).toBeGreaterThan(3);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
  });

  it('exports the aborted rollout in every format', async () => {
    expect(await app.exportTimeline({ format: 'md' })).toContain('# Rollout of web 2.4.0');
    expect(JSON.parse(await app.exportTimeline({ format: 'json' })).status).toBe('aborted');
    expect((await app.exportTimeline({ format: 'csv' })).split('\r\n')[0]).toBe(
      'seq,time,who,ring,host,kind,severity,event,text',
    );
    expect(await app.exportTimeline({ format: 'html' })).toContain('<h2>Telemetry</h2>');
  });

  it('refuses a plan with errors, naming the file and line, and keeps the demo open', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'release: { name: x }\n');
    app.allowPlan(bad); // as the open dialog does
    await expect(app.openWorkspace({ planPath: bad })).rejects.toThrow(/bad\.yaml:1:\d+: /);
    expect((await app.getSnapshot()).workspace?.source).toEqual({ kind: 'demo' });
  });
});

describe('testPrometheus', () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus({ targets: [], scrapeInterval: 1 });
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it('queries a real Prometheus and reports its version', async () => {
    const r = await app.testPrometheus({ url: prom.url });
    expect(r).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('says which URL could not be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await app.testPrometheus({ url });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(`${url}: cannot reach the Prometheus API`);
  });
});
