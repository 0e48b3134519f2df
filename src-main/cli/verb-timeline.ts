import { safeDocument } from '../adapters/secrets/held-secrets';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isTeamUrl } from '../adapters/journal-pg';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import { loadTelemetry } from '../adapters/journal/telemetry-log';
import { chartsSection } from '../core/timeline/chart-svg';
import { chartRing } from '../app/telemetry-port';
import {
  HTML_CHART_SLOT,
  chartMarkers,
  exportTimeline,
  timelineDocument,
  timelineFormats,
  timelineKinds,
  type TimelineFormat,
  type TimelineKind,
} from '../core/timeline';
import { Exit, parseVerbArgs, UsageError, type Verb } from './args';

const usage = `ringside timeline JOURNAL [options] — the rollout's incident timeline

JOURNAL is a journal file or a --journal directory, or a team journal's URL
(postgres://HOST[:PORT]/DB?rollout=NAME).

Options:
  --format md|json|csv|html   output format (default md: postmortem-ready Markdown)
  --out FILE                  write to FILE instead of standard output
  --ring NAME                 only entries of this ring (repeatable)
  --kind KIND                 only entries of this kind (repeatable): ${timelineKinds.join(', ')}
  --operator NAME             only entries by this person (repeatable)
  --problems                  drop per-host step lines that went well
  -h, --help                  this help

Exit codes: 0 written, 2 bad input (missing or damaged journal, bad flag).`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`ringside timeline: ${flag} ${value} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export const timelineVerb: Verb = {
  name: 'timeline',
  summary: 'export the incident timeline of a journal (md, json, csv, html)',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('timeline', argv, {
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
      ring: { type: 'string', multiple: true },
      kind: { type: 'string', multiple: true },
      operator: { type: 'string', multiple: true },
      problems: { type: 'boolean', default: false },
    });
    const [journalArg, ...extra] = positionals;
    if (journalArg === undefined || extra.length > 0) {
      throw new UsageError(
        'ringside timeline: expected exactly one JOURNAL (see ringside timeline --help)',
      );
    }
    const format: TimelineFormat = oneOf('--format', values.format, timelineFormats);
    const kinds: TimelineKind[] = (values.kind ?? []).map((k) => oneOf('--kind', k, timelineKinds));
    const team = isTeamUrl(journalArg);
    const path = team ? journalArg : resolve(io.cwd, journalArg);
    const loaded = await loadRolloutEvents(path, io.env);
    if (!loaded.ok) {
      io.err(`ringside timeline: ${loaded.error.message}`);
      return Exit.badInput;
    }
    for (const w of loaded.warnings) {
      io.err(`ringside timeline: warning: ${w}`);
    }
    const doc = timelineDocument(loaded.events, {
      ...(values.ring ? { rings: values.ring } : {}),
      ...(kinds.length > 0 ? { kinds } : {}),
      ...(values.operator ? { operators: values.operator } : {}),
      problemsOnly: values.problems,
    });
    const events = loaded.events;
    let text = safeDocument(exportTimeline(doc, format));
    if (format === 'html') {
      // The same charts as the console's export: persisted telemetry, labelled markers.
      // A team journal keeps no telemetry files beside it (yet): the timeline without charts.
      const persisted = team ? [] : await loadTelemetry(path);
      const series = persisted.map((s) => ({
        metric: s.metric,
        ring: chartRing(s.scope),
        points: s.points.map((p) => ({ t: p.t, v: p.v })),
      }));
      const metrics = [...new Set(series.map((s) => s.metric))].map((name) => ({
        name,
        unit: '',
        thresholds: [],
      }));
      text = text.replace(
        HTML_CHART_SLOT,
        safeDocument(chartsSection(metrics, series, chartMarkers(events))),
      );
    }
    if (values.out !== undefined) {
      const out = resolve(io.cwd, values.out);
      await writeFile(out, text, 'utf8');
      io.err(`ringside timeline: wrote ${doc.entries.length} entries (${format}) to ${out}`);
    } else {
      io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
    }
    return Exit.ok;
  },
};
