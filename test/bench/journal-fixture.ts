/**
 * The 1,000,000-event journal of the journal and scale benchmarks: one whole rollout of a
 * ~100,000-host plan (4 rings, update domains by zone, 5 steps a host), written with the
 * journal's own encoder.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeRecord, GENESIS_HASH } from '../../src-main/adapters/journal';
import type { Host } from '../../src-main/core/model/host';
import type { RolloutPlan } from '../../src-main/core/model/plan';
import { writeCheckpoint } from '../../src-main/adapters/journal/checkpoint';
import {
  STATE_FORMAT,
  encodeState,
  replayStart,
  replayStep,
  type RolloutEvent,
} from '../../src-main/core/rollout';

export const EVENTS = 1_000_000;
export const STEPS = ['fetch', 'stop', 'install', 'start', 'health'] as const;
/** 5 steps x (started + succeeded) per host, plus ring/domain events: ~100k hosts = 1M events. */
export const HOSTS = Math.ceil(EVENTS / (STEPS.length * 2));
const ZONES = 10;
const BASE_AT = Date.UTC(2026, 0, 1);

/** A plan of `count` hosts (~100k by default) in 4 rings, update domains by zone. */
export function benchPlan(count = HOSTS): RolloutPlan {
  const hosts: Host[] = [];
  for (let i = 0; i < count; i += 1) {
    hosts.push({
      name: `web-${String(i).padStart(6, '0')}`,
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      port: 22,
      user: 'deploy',
      labels: { region: `r${i % 3}`, zone: `zone-${i % ZONES}`, env: 'prod' },
    });
  }
  const cuts: [string, number][] = [
    ['canary', 0.01],
    ['early', 0.09],
    ['broad', 0.4],
    ['global', 0.5],
  ];
  let from = 0;
  const rings = cuts.map(([name, share], ri) => {
    const to = ri === cuts.length - 1 ? count : from + Math.round(count * share);
    const ringHosts = hosts.slice(from, to);
    from = to;
    const domains = Array.from({ length: ZONES }, (_, z) => ({
      name: `zone-${z}`,
      hosts: ringHosts.filter((h) => h.labels.zone === `zone-${z}`).map((h) => h.name),
    })).filter((d) => d.hosts.length > 0);
    return {
      name,
      domains,
      bakeMs: 600_000,
      gates: [],
      promotion: 'manual' as const,
      maxFailedHosts: 5,
      maxFailedHostsPerDomain: 2,
      rollbackOnHalt: true,
    };
  });
  const step = (name: string) => ({
    name,
    command: `deploy ${name} {{version}}`,
    timeoutMs: 60_000,
    idempotent: name !== 'install',
  });
  return {
    planHash: 'b'.repeat(64),
    release: { name: 'app', version: '2.4.1', previous: '2.4.0' },
    hosts,
    rings,
    deploy: {
      steps: STEPS.map(step),
      rollback: [step('rollback')],
      concurrency: 50,
      parallelDomains: 1,
      onHalt: 'finish',
    },
  };
}

/** The events of one whole rollout of that plan, in the order the engine would write them. */
export function* rolloutEvents(plan: RolloutPlan): Generator<RolloutEvent> {
  let at = BASE_AT;
  yield { type: 'RolloutCreated', at, plan, planHash: plan.planHash, by: 'bench' };
  yield { type: 'RolloutStarted', at: (at += 5), by: 'bench' };
  for (const ring of plan.rings) {
    yield { type: 'RingStarted', at: (at += 5), ring: ring.name };
    for (const d of ring.domains) {
      yield { type: 'DomainStarted', at: (at += 5), ring: ring.name, domain: d.name };
      for (const host of d.hosts) {
        for (const step of STEPS) {
          const ref = { ring: ring.name, domain: d.name, host, step, phase: 'deploy' as const };
          yield { type: 'HostStepStarted', at: (at += 3), attempt: 1, ...ref };
          const durationMs = 200 + ((at * 7) % 1500);
          yield {
            type: 'HostStepSucceeded',
            at: (at += durationMs),
            attempt: 1,
            exitCode: 0,
            durationMs,
            tail: [`${step} ok: app 2.4.1`],
            ...ref,
          };
        }
      }
      yield {
        type: 'DomainCompleted',
        at: (at += 5),
        ring: ring.name,
        domain: d.name,
        succeeded: d.hosts.length,
        failed: 0,
      };
    }
    yield { type: 'BakeStarted', at: (at += 5), ring: ring.name, endsAt: at + ring.bakeMs };
    yield { type: 'BakeElapsed', at: (at += ring.bakeMs), ring: ring.name };
    yield { type: 'RingHealthy', at: (at += 5), ring: ring.name };
  }
}

/** Writes the journal directly with the journal's own encoder (no fsync per line needed). */
export function generateJournal(file: string): number {
  return writeJournalFile(file, null, HOSTS).count;
}

/**
 * The same journal with the checkpoint an engine would leave at record `checkpointSeq`
 * (STATE_FORMAT, written with the journal's own checkpoint writer); `hosts` makes a
 * smaller rollout of the same shape (about 10 events a host).
 */
export async function generateCheckpointedJournal(
  file: string,
  checkpointSeq: number,
  hosts = HOSTS,
): Promise<number> {
  const w = writeJournalFile(file, checkpointSeq, hosts);
  if (w.checkpoint === null) {
    throw new Error(`the journal has fewer than ${checkpointSeq} records`);
  }
  await writeCheckpoint(file, w.checkpoint.header, w.checkpoint.stateJson);
  return w.count;
}

function writeJournalFile(
  file: string,
  checkpointSeq: number | null,
  hosts: number,
): {
  count: number;
  checkpoint: {
    header: {
      stateFormat: string;
      seq: number;
      hash: string;
      offset: number;
      carried: string[];
    };
    stateJson: string;
  } | null;
} {
  const fd = openSync(file, 'w');
  let prev = GENESIS_HASH;
  let seq = 0;
  let bytes = 0;
  let state = checkpointSeq === null ? null : replayStart();
  let checkpoint: ReturnType<typeof writeJournalFile>['checkpoint'] = null;
  let batch: string[] = [];
  const flush = (): void => {
    writeSync(fd, batch.join(''));
    batch = [];
  };
  for (const event of rolloutEvents(benchPlan(hosts))) {
    seq += 1;
    const { record, line } = encodeRecord(seq, prev, event);
    prev = record.hash;
    batch.push(line);
    bytes += Buffer.byteLength(line);
    if (state !== null) {
      state = replayStep(state, event);
      if (seq === checkpointSeq) {
        checkpoint = {
          header: { stateFormat: STATE_FORMAT, seq, hash: record.hash, offset: bytes, carried: [] },
          stateJson: encodeState(state),
        };
        state = null;
      }
    }
    if (batch.length >= 10_000) {
      flush();
    }
  }
  flush();
  closeSync(fd);
  return { count: seq, checkpoint };
}
