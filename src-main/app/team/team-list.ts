/**
 * The team's rollouts as the console lists them. One query reads every rollout's head and
 * lease (adapters/journal-pg/team-index.ts); a rollout's status comes from its events, so each
 * rollout's state is kept here and only the records after the last one read are fetched and
 * replayed: the first listing reads each journal once, later ones read what is new.
 */
import {
  readRollout,
  readTeamHeads,
  type Queryable,
  type TeamUrl,
} from '../../adapters/journal-pg';
import type { TeamRolloutSummary } from '../../core/contract';
import {
  parseRolloutEvent,
  replayStart,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../../core/rollout';
import { rolloutStatusWord, viewRolloutStatus } from '../../core/words';

/** A journal in the team database that does not verify: its own words, not a driver error. */
export class TeamReadError extends Error {}

interface Known {
  seq: number;
  hash: string;
  /** Owned by this cache: replayed in place, never handed out. */
  state: RolloutState;
  createdBy: string;
}

/** Lists the team's rollouts; `openRollout` names the one this console shows. */
export interface TeamLister {
  list(db: Queryable, openRollout: string | null): Promise<TeamRolloutSummary[]>;
}

/** Creates a lister with an empty cache. */
export function createTeamLister(url: TeamUrl): TeamLister {
  const known = new Map<string, Known>();
  const catchUp = async (db: Queryable, rollout: string, lastSeq: number): Promise<Known> => {
    const k = known.get(rollout);
    if (k !== undefined && k.seq >= lastSeq) {
      return k;
    }
    const read = await readRollout<RolloutEvent>(
      db,
      url,
      rollout,
      parseRolloutEvent,
      k?.seq,
      k?.hash,
    );
    if (!read.ok) {
      throw new TeamReadError(read.message);
    }
    const next: Known = k ?? { seq: 0, hash: '', state: replayStart(), createdBy: '?' };
    for (const r of read.records) {
      next.state = replayStep(next.state, r.event);
      if (r.event.type === 'RolloutCreated') {
        next.createdBy = r.event.by;
      }
      next.seq = r.seq;
      next.hash = r.hash;
    }
    known.set(rollout, next);
    return next;
  };
  return {
    list: async (db, openRollout) => {
      const heads = await readTeamHeads(db);
      const out: TeamRolloutSummary[] = [];
      for (const h of heads) {
        const k = await catchUp(db, h.rollout, h.lastSeq);
        const release = k.state.plan?.release ?? { name: '?', version: '?' };
        out.push({
          rollout: h.rollout,
          release: { name: release.name, version: release.version },
          status: viewRolloutStatus(k.state.status),
          outcome: rolloutStatusWord(k.state.status),
          createdBy: k.createdBy,
          driver: h.driver,
          lastEventAt: h.lastAt,
          open: h.rollout === openRollout,
        });
      }
      // Live (a driver holds the lease) first, then the most recent.
      return out.sort(
        (a, b) =>
          Number(b.driver !== null) - Number(a.driver !== null) || b.lastEventAt - a.lastEventAt,
      );
    },
  };
}
