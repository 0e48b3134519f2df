/**
 * The driver's side of team samples against a real PostgreSQL: points folded into 5 s buckets
 * (their mean), written per batch; with the database gone a batch warns once and is kept,
 * and the next batch after it returns writes it, folded with what came meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { readTeamSamples } from '../../src-main/adapters/journal-pg';
import { createSeriesStore } from '../../src-main/runtime/series/series-store';
import { shareSamples } from '../../src-main/runtime/series/share-samples';
import { initTeamSchema, teamUrl, usePostgres } from '../helpers/postgres';
import { connectTeam } from '../../src-main/adapters/journal-pg';

const pg = usePostgres();

describe('sharing samples', () => {
  it('writes bucket means per batch; a failed batch warns once and is written by a later one', async () => {
    const db = await pg().database();
    expect(await initTeamSchema(db, pg().env)).toMatchObject({ ok: true });
    const store = createSeriesStore({ clock: () => 0, maxPoints: 1000 });
    const warned: string[] = [];
    const share = shareSamples(store, {
      url: teamUrl(db),
      env: pg().env,
      rollout: 'r',
      warn: (l) => warned.push(l),
    });
    const read = async () => {
      const c = await connectTeam(teamUrl(db), pg().env);
      if (!c.ok) {
        throw new Error(c.message);
      }
      try {
        return await readTeamSamples(c.client, 'r');
      } finally {
        await c.client.end();
      }
    };
    store.append('error_rate', 'canary', [
      { t: 10_000, v: 1 },
      { t: 12_000, v: 3 },
      { t: 15_000, v: 7 },
    ]);
    await share.flush();
    expect(await read()).toEqual([
      { metric: 'error_rate', scope: 'canary', t: 10_000, v: 2, n: 2 },
      { metric: 'error_rate', scope: 'canary', t: 15_000, v: 7, n: 1 },
    ]);

    await pg().pause();
    store.append('error_rate', 'canary', [{ t: 16_000, v: 9 }]);
    await share.flush();
    store.append('error_rate', 'baseline:canary', [{ t: 16_000, v: 0.5 }]);
    await share.flush();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^telemetry samples of r not written to the team database/);

    await pg().start();
    store.append('error_rate', 'canary', [{ t: 17_000, v: 5 }]);
    await share.close();
    expect(await read()).toEqual([
      { metric: 'error_rate', scope: 'canary', t: 10_000, v: 2, n: 2 },
      { metric: 'error_rate', scope: 'baseline:canary', t: 15_000, v: 0.5, n: 1 },
      { metric: 'error_rate', scope: 'canary', t: 15_000, v: 7, n: 3 },
    ]);
    expect(warned.at(-1)).toBe('telemetry samples of r reach the team database again');
  });
});
