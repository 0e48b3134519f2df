/**
 * The driver's side of team samples against a real PostgreSQL: points folded into 5 s buckets
 * (their mean), written per batch; with the database gone a batch warns once and is kept,
 * and the next batch after it returns writes it, folded with what came meanwhile. Batches
 * are fenced by the lease epoch, as events are: once another driver took the lease over,
 * the old driver's batches write nothing, it says so once and shares no more.
 */
import { describe, expect, it } from 'vitest';
import {
  acquireLease,
  readTeamSamples,
  writeTeamSamples,
} from '../../src-main/adapters/journal-pg';
import { samplesFencedWords } from '../../src-main/core/words';
import { createSeriesStore } from '../../src-main/runtime/series/series-store';
import { shareSamples } from '../../src-main/runtime/series/share-samples';
import { teamUrl } from '../helpers/postgres';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-samples-share' });

/** Acquires (or, `take`, takes over) the lease of `rollout` as `holder`; its epoch. */
async function lease(db: string, rollout: string, holder: string, mode: 'free' | 'take') {
  const got = await rig.withClient(db, (c) =>
    acquireLease(c, rollout, { holder, machine: 'test', pid: 1 }, 60_000, mode),
  );
  if (!got.ok) {
    throw new Error(`lease of ${rollout} held by ${got.held.holder}`);
  }
  return got.lease.epoch;
}

describe('sharing samples', () => {
  it('writes bucket means per batch; a failed batch warns once and is written by a later one', async () => {
    const db = (await rig.teamDb()).url;
    const store = createSeriesStore({ clock: () => 0, maxPoints: 1000 });
    const warned: string[] = [];
    const share = shareSamples(store, {
      url: teamUrl(db),
      env: rig.env,
      rollout: 'r',
      epoch: await lease(db, 'r', 'alice', 'free'),
      warn: (l) => warned.push(l),
    });
    const read = () => rig.withClient(db, (c) => readTeamSamples(c, 'r'));
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

    await rig.pg.pause();
    store.append('error_rate', 'canary', [{ t: 16_000, v: 9 }]);
    await share.flush();
    store.append('error_rate', 'baseline:canary', [{ t: 16_000, v: 0.5 }]);
    await share.flush();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^telemetry samples of r not written to the team database/);

    await rig.pg.start();
    store.append('error_rate', 'canary', [{ t: 17_000, v: 5 }]);
    await share.close();
    expect(await read()).toEqual([
      { metric: 'error_rate', scope: 'canary', t: 10_000, v: 2, n: 2 },
      { metric: 'error_rate', scope: 'baseline:canary', t: 15_000, v: 0.5, n: 1 },
      { metric: 'error_rate', scope: 'canary', t: 15_000, v: 7, n: 3 },
    ]);
    expect(warned.at(-1)).toBe('telemetry samples of r reach the team database again');
  });

  it('a driver whose lease was taken over writes no samples afterwards, says so once', async () => {
    const db = (await rig.teamDb()).url;
    const store = createSeriesStore({ clock: () => 0, maxPoints: 1000 });
    const warned: string[] = [];
    const first = await lease(db, 'r', 'alice', 'free');
    const share = shareSamples(store, {
      url: teamUrl(db),
      env: rig.env,
      rollout: 'r',
      epoch: first,
      warn: (l) => warned.push(l),
    });
    const read = () => rig.withClient(db, (c) => readTeamSamples(c, 'r'));
    store.append('error_rate', 'canary', [{ t: 10_000, v: 1 }]);
    await share.flush();
    expect(await read()).toEqual([
      { metric: 'error_rate', scope: 'canary', t: 10_000, v: 1, n: 1 },
    ]);

    // bob takes the rollout over (as `ringside takeover` does): alice's epoch is stale now.
    const second = await lease(db, 'r', 'bob', 'take');
    expect(second).toBe(first + 1);
    store.append('error_rate', 'canary', [{ t: 11_000, v: 100 }]);
    await share.flush();
    store.append('error_rate', 'canary', [{ t: 20_000, v: 100 }]);
    await share.flush();
    await share.close();
    expect(await read()).toEqual([
      { metric: 'error_rate', scope: 'canary', t: 10_000, v: 1, n: 1 },
    ]);
    expect(warned).toEqual([samplesFencedWords('r', first)]);

    // The new holder writes under its own epoch; the old one's, straight to the adapter, nothing.
    const sample = { metric: 'error_rate', scope: 'canary', t: 15_000, v: 2, n: 1 };
    expect(await rig.withClient(db, (c) => writeTeamSamples(c, 'r', first, [sample]))).toBe(
      'stale',
    );
    expect(await rig.withClient(db, (c) => writeTeamSamples(c, 'r', second, [sample]))).toBe(
      'written',
    );
    expect((await read()).map((x) => x.t)).toEqual([10_000, 15_000]);
    // An expired lease (its epoch still current) writes nothing either, and may come back.
    await rig.pg.sql(
      new URL(db).pathname.slice(1),
      "UPDATE ringside_leases SET expires_at = now() - interval '1 second' WHERE rollout = 'r'",
    );
    const later = { ...sample, t: 25_000 };
    expect(await rig.withClient(db, (c) => writeTeamSamples(c, 'r', second, [later]))).toBe(
      'expired',
    );
    expect((await read()).map((x) => x.t)).toEqual([10_000, 15_000]);
  });
});
