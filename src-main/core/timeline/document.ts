import { replay } from '../rollout/evolve';
import { ringStatusWord, rolloutStatusWord } from '../words/state-words';
import type { RolloutEvent } from '../rollout/event';
import { filterTimeline, toTimeline, type TimelineEntry, type TimelineFilter } from './project';

/** A ring's halt, for the top of a postmortem. */
export interface HaltNote {
  readonly ring: string;
  readonly reason: string;
  readonly gate: string | null;
  /** The plain-language paragraph, when one was written. */
  readonly summary: string | null;
}

/** Everything an exporter prints: title, summary lines, halts, entries. */
export interface TimelineDocument {
  readonly title: string;
  readonly release: {
    readonly name: string;
    readonly version: string;
    readonly previous: string;
  } | null;
  readonly status: string;
  /** Short facts, one per line: status, span, rings, operators, overrides. */
  readonly summary: readonly string[];
  readonly halts: readonly HaltNote[];
  readonly entries: readonly TimelineEntry[];
  /** The filter applied to `entries` (the summary always covers the whole journal). */
  readonly filter: TimelineFilter;
}

function span(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** Builds the document from a journal's events (the state comes from `replay`). */
export function timelineDocument(
  events: readonly RolloutEvent[],
  filter: TimelineFilter = {},
): TimelineDocument {
  const state = replay(events);
  const release = state.plan?.release ?? null;
  const title = release
    ? `Rollout of ${release.name} ${release.version}`
    : 'Rollout (no RolloutCreated event)';
  const first = events[0]?.at;
  const last = events[events.length - 1]?.at;
  const summary: string[] = [`Status: ${rolloutStatusWord(state.status)}.`];
  if (release) {
    summary.push(
      `Release ${release.name} ${release.previous} -> ${release.version}, ${Object.keys(state.hosts).length} hosts.`,
    );
    if (release.digest !== undefined) {
      summary.push(`Pinned digest ${release.digest}: every ring deploys these bits.`);
    }
  }
  if (first !== undefined && last !== undefined) {
    summary.push(
      `From ${new Date(first).toISOString()} to ${new Date(last).toISOString()} (${span(last - first)}), ${events.length} events.`,
    );
  }
  const rolledBack = new Map<number, number>();
  for (const h of Object.values(state.hosts)) {
    if (h.status === 'rolled-back') {
      rolledBack.set(h.ring, (rolledBack.get(h.ring) ?? 0) + 1);
    }
  }
  state.rings.forEach((r, ri) => {
    const back = rolledBack.get(ri);
    summary.push(
      `Ring ${r.name}: ${ringStatusWord(r.status)}${r.override ? ' with override' : ''}, ${r.done} of ${r.total} hosts updated, ${r.failed} failed${back ? `, ${back} rolled back` : ''}.`,
    );
  });
  const overrides = events.flatMap((e) =>
    e.type === 'Promoted' && e.override ? [`${e.ring} by ${e.by}: ${e.override.reason}`] : [],
  );
  if (overrides.length > 0) {
    summary.push(`Promotions with an override: ${overrides.join('; ')}.`);
  }
  const operators = [...new Set(state.actions.map((a) => a.by))].sort();
  if (operators.length > 0) {
    summary.push(`Operators: ${operators.join(', ')}.`);
  }
  const halts: HaltNote[] = state.rings.flatMap((r) =>
    r.halt
      ? [
          {
            ring: r.name,
            reason: r.halt.reason,
            gate: r.halt.gate ?? null,
            summary: r.halt.summary ?? null,
          },
        ]
      : [],
  );
  // A ring rolled back after its halt keeps its halt: read it from the events.
  for (const e of events) {
    if (e.type === 'RingHalted' && !halts.some((h) => h.ring === e.ring)) {
      halts.push({
        ring: e.ring,
        reason: e.reason,
        gate: e.gate ?? null,
        summary: e.summary ?? null,
      });
    }
  }
  return {
    title,
    release,
    status: state.status,
    summary,
    halts,
    entries: filterTimeline(toTimeline(events), filter),
    filter,
  };
}
