/**
 * Team journal benchmark on a private PostgreSQL 15 (test/helpers/postgres.ts): one driver
 * appends 10,000 events (up to 64 appends in flight, as an engine's concurrent decisions
 * are; group commit batches them per transaction) while five followers, each on its own
 * connection, wake on LISTEN/NOTIFY and read what was committed. Then a driver process is
 * killed with SIGKILL and another takes over once its lease expires. Prints figures only.
 *
 *   npm run bench:team            (tsx test/bench/team.bench.ts)
 *
 * Last line: `team appends_per_s=X follower_lag_ms_p50=Y follower_lag_ms_p99=Z takeover_s=W
 * lease_s=L`; lag is from the driver's append call to a follower holding the record;
 * takeover from the kill to the new driver's first committed event. The cluster runs with
 * fsync off (as the tests' does): figures for the engine's side, not for a disk.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENESIS_HASH } from '../../src-main/adapters/journal';
import {
  connectTeam,
  followRollout,
  initSchema,
  openPgJournal,
  parseTeamUrl,
  type Follow,
} from '../../src-main/adapters/journal-pg';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { startPostgres } from '../helpers/postgres';

const EVENTS = 10_000;
const FOLLOWERS = 5;
const IN_FLIGHT = 64;
const LEASE_MS = 3_000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const cluster = await startPostgres();
try {
  const db = await cluster.database('bench');
  const url = parseTeamUrl(db);
  if (typeof url === 'string') {
    throw new Error(url);
  }
  const admin = await connectTeam(url, cluster.env);
  if (!admin.ok) {
    throw new Error(admin.message);
  }
  await initSchema(admin.client, url.shown);
  await admin.client.end();

  // 1. Appends and follower lag.
  const opened = await openPgJournal<RolloutEvent>(`${db}?rollout=bench`, {
    env: cluster.env,
    leaseMs: 15_000,
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const journal = opened.journal;
  const calledAt = new Float64Array(EVENTS + 1);
  const lags: number[] = [];
  const follows: Follow[] = [];
  let caughtUp = 0;
  let allCaughtUp: () => void = () => undefined;
  const done = new Promise<void>((r) => (allCaughtUp = r));
  for (let f = 0; f < FOLLOWERS; f++) {
    const started = await followRollout(url, {
      onSamples: null,
      env: cluster.env,
      rollout: 'bench',
      after: { seq: 0, hash: GENESIS_HASH },
      parseEvent: parseRolloutEvent,
      onRecords: (records) => {
        const now = performance.now();
        for (const r of records) {
          lags.push(now - (calledAt[r.seq] ?? now));
        }
        if (records.at(-1)?.seq === EVENTS && ++caughtUp === FOLLOWERS) {
          allCaughtUp();
        }
      },
      onError: (line) => console.error(`follower ${f}: ${line}`),
    });
    if (!started.ok) {
      throw new Error(started.message);
    }
    follows.push(started.follow);
  }
  const t0 = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 1; i <= EVENTS; i++) {
    calledAt[i] = performance.now();
    const p = journal.append([
      { type: 'OperatorNote', at: Date.now(), by: journal.login, text: `event ${i}` },
    ]);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= IN_FLIGHT) {
      await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  const appendS = (performance.now() - t0) / 1000;
  await done;
  await Promise.all(follows.map((f) => f.stop()));
  await journal.close();
  const appendsPerS = Math.round(EVENTS / appendS);
  lags.sort((a, b) => a - b);
  console.log(
    `appends: ${EVENTS} in ${appendS.toFixed(2)} s (${journal.syncs} transactions), ${appendsPerS}/s; ${lags.length} follower deliveries`,
  );

  // 2. Takeover after kill -9 of a driver process.
  const driverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'team-driver.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', driverScript, `${db}?rollout=crash`, String(LEASE_MS)],
    {
      env: { ...process.env, ...cluster.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('driving')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`driver exited with ${String(code)}`)));
  });
  // Let it append (and renew) for a while, then kill it mid-lease.
  await new Promise((r) => setTimeout(r, 1_500));
  const killedAt = performance.now();
  child.kill('SIGKILL');
  const next = await openPgJournal<RolloutEvent>(`${db}?rollout=crash`, {
    env: cluster.env,
    leaseMs: LEASE_MS,
    waitForLease: true,
  });
  if (!next.ok) {
    throw new Error(next.error.message);
  }
  await next.journal.append([
    { type: 'OperatorNote', at: Date.now(), by: next.journal.login, text: 'took over' },
  ]);
  const takeoverS = (performance.now() - killedAt) / 1000;
  await next.journal.close();
  console.log(
    `team appends_per_s=${appendsPerS} follower_lag_ms_p50=${quantile(lags, 0.5).toFixed(1)} follower_lag_ms_p99=${quantile(lags, 0.99).toFixed(1)} takeover_s=${takeoverS.toFixed(2)} lease_s=${LEASE_MS / 1000}`,
  );
} finally {
  await cluster.stop();
}
