/** Deterministic telemetry fixtures (series and log lines) for tests and the UI bench. */
import { seededRandom } from './fixtures';
import type { ChartHistory, Series } from './methods';
import type { LogLine } from './pushes';

export interface SeriesFixtureOptions {
  readonly now: number;
  /** How far back the series reach, ms. */
  readonly spanMs: number;
  /** Spacing of points, ms (1 Hz = 1000). */
  readonly stepMs: number;
  readonly metrics?: readonly string[];
  readonly rings?: readonly string[];
  readonly seed?: number;
}

/** One series per metric x (ring + baseline): a slow wave plus noise, ring slightly worse. */
export function makeFixtureSeries(options: SeriesFixtureOptions): Series[] {
  const metrics = options.metrics ?? ['error_rate', 'p99_latency'];
  const rings = options.rings ?? ['canary'];
  const rnd = seededRandom(options.seed ?? 11);
  const out: Series[] = [];
  for (const metric of metrics) {
    const base = metric === 'p99_latency' ? 210 : 0.5;
    for (const ring of ['baseline', ...rings]) {
      const lift = ring === 'baseline' ? 1 : 1.05;
      const points = [];
      for (let t = options.now - options.spanMs; t <= options.now; t += options.stepMs) {
        const wave = 1 + 0.1 * Math.sin(t / 60_000);
        points.push({ t, v: base * lift * wave * (0.95 + 0.1 * rnd()) });
      }
      out.push({ metric, ring, points });
    }
  }
  return out;
}

/**
 * An earlier rollout for the charts' history: samples of canary and early from 40 to 25
 * minutes ago (before the live rollout's 15 minutes), its deploys and the canary's promotion.
 */
export function fixtureChartHistory(now: number): ChartHistory {
  const end = now - 25 * 60_000;
  const start = end - 15 * 60_000;
  return {
    series: makeFixtureSeries({
      now: end,
      spanMs: end - start,
      stepMs: 5_000,
      rings: ['canary', 'early'],
      seed: 23,
    }),
    markers: [
      { t: start, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
      { t: start + 6 * 60_000, kind: 'promote', ring: 'canary', label: 'promote canary (alice)' },
      { t: start + 6 * 60_000, kind: 'deploy', ring: 'early', label: 'deploy early' },
    ],
  };
}

const samples = [
  'GET /api/orders 200 12ms',
  'upstream timeout after 5003 ms (trace=4bf92f3577b34da6)',
  'GET /healthz 200 1ms',
  'connection reset by peer 10.0.3.17:443',
  'POST /api/cart 201 33ms',
] as const;

/** `count` log lines, newest last; error lines carry a masked signature. */
export function makeFixtureLogLines(now: number, count: number, seed = 5): LogLine[] {
  const rnd = seededRandom(seed);
  const lines: LogLine[] = [];
  for (let i = 0; i < count; i += 1) {
    const pick = Math.floor(rnd() * samples.length);
    const line = samples[pick] ?? samples[0];
    const signature = line.startsWith('upstream timeout')
      ? 'upstream timeout after <n> ms'
      : line.startsWith('connection reset')
        ? 'connection reset by peer <ip>'
        : null;
    lines.push({
      at: now - (count - i) * 250,
      ring: i % 3 === 0 ? 'canary' : 'baseline',
      host: `web-${String(1 + (i % 9)).padStart(2, '0')}`,
      line,
      signature,
    });
  }
  return lines;
}
