/**
 * The facade's halt and resolveInDoubt against the real engine and the in-process simulated
 * fleet (no mocks): the halt is journaled in the person's words, the Halt action then says
 * why it is disabled, and an in-doubt resolution the core refuses comes back as its sentence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { untilSnapshot } from '../helpers/snapshot-wait';
import { osUserName } from '../../src-main/app/settings-port';

let dir: string;
let app: RingsideApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-halt-'));
  app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot: join(dir, 'journals'),
    bakeMs: 60_000,
    demo: { latencyScale: 0.2 },
  });
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = (what: string, ok: (s: ConsoleSnapshot) => boolean) => untilSnapshot(app, what, ok);

describe('console halt and resolveInDoubt', () => {
  it('Halt is disabled with a why before any rollout', async () => {
    const s = await app.getSnapshot();
    expect(s.actions.find((a) => a.id === 'halt')).toMatchObject({
      enabled: false,
      why: 'no rollout has been started',
    });
    await expect(app.halt({ reason: 'x' })).rejects.toThrow(/^halt: /);
  });

  it('halts the active ring with the reason, then says there is nothing to halt', async () => {
    await app.start({ release: '2.4.0' });
    const live = await until('the canary to deploy or bake', (s) =>
      ['deploying', 'baking'].includes(s.rings[0]?.status ?? ''),
    );
    expect(live.actions.find((a) => a.id === 'halt')).toMatchObject({ enabled: true });
    await app.halt({ reason: 'error spike on the dashboards' });
    const halted = await until('the halt', (s) => s.rollout.status === 'halted');
    expect(JSON.stringify(halted.timeline)).toContain(
      `halted by ${osUserName() ?? 'operator'}: error spike on the dashboards`,
    );
    expect(halted.timeline.some((e) => e.kind === 'RollbackStarted')).toBe(false);
    expect(halted.actions.find((a) => a.id === 'halt')).toMatchObject({
      enabled: false,
      why: 'nothing to halt: the rollout is halted',
    });
    await expect(app.halt({ reason: 'again' })).rejects.toThrow(
      'halt: nothing to halt: the rollout is halted',
    );
  });

  it('refuses to resolve a host that is not in doubt, in the core words', async () => {
    const s = await app.getSnapshot();
    const host = s.hosts[0]?.name ?? '?';
    await expect(
      app.resolveInDoubt({ host, as: 'done', reason: 'checked by hand' }),
    ).rejects.toThrow(new RegExp(`^resolveInDoubt: host ${host} is not in doubt`));
    await expect(
      app.resolveInDoubt({ host: 'nope', as: 'failed', reason: 'checked' }),
    ).rejects.toThrow('resolveInDoubt: host nope is not in this rollout');
  });
});
