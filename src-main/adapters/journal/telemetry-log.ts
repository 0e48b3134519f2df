/**
 * Telemetry persisted beside the journal, so charts survive a restart and every export (CLI
 * or console, live or finished) has the same charts. One compact JSON line per batch of
 * points (`{"m":metric,"s":scope,"p":[[t,v],...]}`), appended as points are collected and
 * flushed once a second. Bounded: past `maxPointsPerSeries` a series keeps one point in ten,
 * and the file stops growing at `maxBytes` (a warning says so). Telemetry is evidence for
 * people, not state: it is not fsynced, and a torn or damaged line is skipped on load.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { resolveJournalPath } from './paths';

/** One persisted series: a metric in one scope (a ring, a baseline scope or the platform). */
export interface PersistedSeries {
  readonly metric: string;
  readonly scope: string;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

/** The telemetry file beside a journal (`journal.jsonl` -> `journal.telemetry.jsonl`). */
export function telemetryPathFor(journal: string): string {
  const file = resolveJournalPath(journal).file;
  const name = basename(file);
  const stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  return join(dirname(file), `${stem}.telemetry.jsonl`);
}

/** Reads the persisted series of a journal; a missing file is no telemetry, not an error. */
export async function loadTelemetry(journal: string): Promise<PersistedSeries[]> {
  let text: string;
  try {
    text = await readFile(telemetryPathFor(journal), 'utf8');
  } catch {
    return [];
  }
  const byKey = new Map<
    string,
    { metric: string; scope: string; points: { t: number; v: number }[] }
  >();
  for (const line of text.split('\n')) {
    const batch = parseLine(line);
    if (batch === null) {
      continue;
    }
    const key = `${batch.m}\u0000${batch.s}`;
    let s = byKey.get(key);
    if (s === undefined) {
      s = { metric: batch.m, scope: batch.s, points: [] };
      byKey.set(key, s);
    }
    for (const [t, v] of batch.p) {
      s.points.push({ t, v });
    }
  }
  for (const s of byKey.values()) {
    s.points.sort((a, b) => a.t - b.t);
  }
  return [...byKey.values()];
}

function parseLine(line: string): { m: string; s: string; p: [number, number][] } | null {
  if (line.trim() === '') {
    return null;
  }
  try {
    const o = JSON.parse(line) as unknown;
    if (typeof o !== 'object' || o === null) {
      return null;
    }
    const { m, s, p } = o as { m?: unknown; s?: unknown; p?: unknown };
    if (typeof m !== 'string' || typeof s !== 'string' || !Array.isArray(p)) {
      return null;
    }
    const points = p.filter(
      (x): x is [number, number] =>
        Array.isArray(x) && typeof x[0] === 'number' && typeof x[1] === 'number',
    );
    return { m, s, p: points };
  } catch {
    return null; // a torn last line after a crash, or damage: the rest still charts
  }
}

/** Limits of the writer. */
export interface TelemetryLogOptions {
  /** Points per series written in full before thinning to one in ten (default 36,000: 10 h at 1 Hz). */
  readonly maxPointsPerSeries?: number;
  /** The file stops growing past this size (default 64 MiB). */
  readonly maxBytes?: number;
  /** Milliseconds between flushes (default 1,000). */
  readonly flushMs?: number;
  readonly warn: (message: string) => void;
}

/** Appends collected points to the telemetry file beside the journal. */
export interface TelemetryLog {
  /** Queues points of one series; written at the next flush. */
  add(metric: string, scope: string, points: readonly { t: number; v: number }[]): void;
  /** Writes what is queued now. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

/**
 * Opens the writer for a journal. `existing` are the points already on file (from
 * {@link loadTelemetry}), so the per-series bound counts them.
 */
export function openTelemetryLog(
  journal: string,
  existing: readonly PersistedSeries[],
  o: TelemetryLogOptions,
): TelemetryLog {
  const file = telemetryPathFor(journal);
  const maxPoints = o.maxPointsPerSeries ?? 36_000;
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  const counts = new Map<string, number>(
    existing.map((s) => [`${s.metric}\u0000${s.scope}`, s.points.length]),
  );
  let bytes = existing.reduce((n, s) => n + 24 * s.points.length, 0);
  let queued: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let full = false;
  const flush = (): Promise<void> => {
    if (queued.length === 0) {
      return writing;
    }
    const text = queued.join('');
    queued = [];
    writing = writing
      .then(() => appendFile(file, text, 'utf8'))
      .catch((e: unknown) => {
        o.warn(`telemetry not persisted to ${file}: ${e instanceof Error ? e.message : String(e)}`);
      });
    return writing;
  };
  const timer = setInterval(() => void flush(), o.flushMs ?? 1000);
  timer.unref();
  return {
    add(metric, scope, points) {
      if (full || points.length === 0) {
        return;
      }
      const key = `${metric}\u0000${scope}`;
      let n = counts.get(key) ?? 0;
      const kept: [number, number][] = [];
      for (const p of points) {
        n += 1;
        if (Number.isFinite(p.v) && (n <= maxPoints || n % 10 === 0)) {
          kept.push([p.t, p.v]);
        }
      }
      counts.set(key, n);
      if (kept.length === 0) {
        return;
      }
      const line = `${JSON.stringify({ m: metric, s: scope, p: kept })}\n`;
      bytes += line.length;
      if (bytes > maxBytes) {
        full = true;
        o.warn(`telemetry file ${file} reached ${maxBytes} bytes: later samples are not persisted`);
        return;
      }
      queued.push(line);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
