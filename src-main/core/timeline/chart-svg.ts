/**
 * Inline SVG line charts for the HTML timeline export: one chart per metric, one polyline
 * per ring (and the baseline), threshold gates as dashed lines. Pure string building, no
 * script and no external reference, so the export's strict CSP holds.
 */
import type { MetricView, Series } from '../contract';
import type { ChartMarker } from './chart-markers';
import { FAILING_COLOUR, MARKER_COLOURS, ringColour } from './chart-style';
import { splitAtGaps } from './line-gaps';
import { escapeHtml } from './export';

const W = 640;
const H = 180;
const PAD = { left: 56, right: 12, top: 12, bottom: 24 };

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/**
 * Each ring's colour as the console draws it: rings in the order they were deployed, red
 * only for a ring that halted.
 */
function colourOf(markers: readonly ChartMarker[]): (ring: string) => string {
  const order = markers.filter((m) => m.kind === 'deploy').map((m) => m.ring);
  const halted = new Set(markers.filter((m) => m.kind === 'halt').map((m) => m.ring));
  return (ring) => ringColour(ring, order, halted.has(ring));
}

/**
 * One metric's chart as an `<figure>` holding an SVG; `series` are that metric's series,
 * `markers` the labelled moments (deploy, promote, override, halt, rollback) within its span.
 */
export function metricChartSvg(
  metric: MetricView,
  series: readonly Series[],
  markers: readonly ChartMarker[],
): string {
  const pts = series.flatMap((s) => s.points);
  const title = `<figcaption>${escapeHtml(metric.name)}${metric.unit ? ` (${escapeHtml(metric.unit)})` : ''}</figcaption>`;
  if (pts.length === 0) {
    return `<figure class="chart">${title}<p>No samples were recorded for this metric.</p></figure>`;
  }
  // The time axis spans the samples and the rollout's own moments (a deploy starts before
  // its first sample), so every marker of the rollout has its place.
  const t0 = Math.min(...pts.map((p) => p.t), ...markers.map((m) => m.t));
  const t1 = Math.max(...pts.map((p) => p.t), ...markers.map((m) => m.t));
  const limits = metric.thresholds.map((x) => x.value);
  const v0 = Math.min(0, ...pts.map((p) => p.v));
  const v1 = Math.max(...pts.map((p) => p.v), ...limits) || 1;
  const x = (t: number) =>
    PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) =>
    H - PAD.bottom - ((v - v0) / Math.max(1e-12, v1 - v0)) * (H - PAD.top - PAD.bottom);
  const colour = colourOf(markers);
  // One polyline per stretch: no straight line across a silence (a rollout resumed later).
  const lines = series.flatMap((s) =>
    splitAtGaps(s.points).map((stretch) => {
      const d = stretch.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
      const dash = s.ring === 'baseline' ? ' stroke-dasharray="5 3"' : '';
      return `<polyline fill="none" stroke="${colour(s.ring)}"${dash} stroke-width="1.5" points="${d}"><title>${escapeHtml(s.ring)}</title></polyline>`;
    }),
  );
  const refs = metric.thresholds.map(
    (th) =>
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(th.value).toFixed(1)}" y2="${y(th.value).toFixed(1)}" stroke="${FAILING_COLOUR}" stroke-dasharray="4 3"><title>${escapeHtml(th.gate)} limit ${fmt(th.value)}</title></line>`,
  );
  const marks = markers.map((m, i) => {
    const mx = x(m.t).toFixed(1);
    const markColour = MARKER_COLOURS[m.kind];
    // Labels alternate between two rows so close markers stay readable.
    const ly = PAD.top + 10 + (i % 2) * 11;
    return `<line x1="${mx}" x2="${mx}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${markColour}" stroke-dasharray="2 2"><title>${escapeHtml(m.label)} at ${new Date(m.t).toISOString().slice(11, 19)} UTC</title></line><text x="${(Number(mx) + 2).toFixed(1)}" y="${ly}" font-size="9" fill="${markColour}">${escapeHtml(m.label)}</text>`;
  });
  const axis = [
    `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end" font-size="10">${fmt(v1)}</text>`,
    `<text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end" font-size="10">${fmt(v0)}</text>`,
    `<text x="${PAD.left}" y="${H - 6}" font-size="10">${new Date(t0).toISOString().slice(11, 19)}</text>`,
    `<text x="${W - PAD.right}" y="${H - 6}" text-anchor="end" font-size="10">${new Date(t1).toISOString().slice(11, 19)} UTC</text>`,
  ];
  const legend = series
    .map((s) => `<span style="color:${colour(s.ring)}">■ ${escapeHtml(s.ring)}</span>`)
    .join(' ');
  return `<figure class="chart">${title}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(metric.name)} by ring">
<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#d0d7de"/>
${[...refs, ...marks, ...lines, ...axis].join('\n')}
</svg><div>${legend}</div></figure>`;
}

/** Every metric's chart under one heading, ready to replace HTML_CHART_SLOT. */
export function chartsSection(
  metrics: readonly MetricView[],
  series: readonly Series[],
  markers: readonly ChartMarker[],
): string {
  if (metrics.length === 0) {
    return '';
  }
  const charts = metrics.map((m) =>
    metricChartSvg(
      m,
      series.filter((s) => s.metric === m.name),
      markers,
    ),
  );
  return `<h2>Telemetry</h2>\n${charts.join('\n')}`;
}
