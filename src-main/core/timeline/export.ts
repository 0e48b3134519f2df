import { eventKindWord } from '../words/state-words';
import type { TimelineDocument } from './document';
import type { TimelineEntry } from './project';

/** Export formats of the timeline. */
export type TimelineFormat = 'md' | 'json' | 'csv' | 'html';

export const timelineFormats: readonly TimelineFormat[] = ['md', 'json', 'csv', 'html'];

/** Renders the document in one format (pure; returns the file's text). */
export function exportTimeline(doc: TimelineDocument, format: TimelineFormat): string {
  switch (format) {
    case 'md':
      return toMarkdown(doc);
    case 'json':
      return toJson(doc);
    case 'csv':
      return toCsv(doc.entries);
    case 'html':
      return toHtml(doc);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** Markdown table cells: pipes escaped, line breaks flattened. */
function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Postmortem-ready Markdown: title, halt summary first, summary, table of events. */
export function toMarkdown(doc: TimelineDocument): string {
  const lines: string[] = [`# ${doc.title}`, ''];
  for (const h of doc.halts) {
    lines.push(`> **Halt — ring ${h.ring}${h.gate ? `, gate ${h.gate}` : ''}:** ${h.reason}`);
    if (h.summary) {
      lines.push('>', `> ${h.summary.replace(/\r?\n/g, ' ')}`);
    }
    lines.push('');
  }
  lines.push('## Summary', '', ...doc.summary.map((s) => `- ${s}`), '', '## Timeline', '');
  lines.push('| Time (UTC) | Who | Ring | Kind | What |', '| --- | --- | --- | --- | --- |');
  for (const e of doc.entries) {
    lines.push(
      `| ${e.time} | ${mdCell(e.who)} | ${mdCell(e.ring ?? '')} | ${eventKindWord(e.kind)} | ${mdCell(e.text)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The whole document as JSON (two-space indented). */
export function toJson(doc: TimelineDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

const csvColumns = [
  'seq',
  'time',
  'who',
  'ring',
  'host',
  'kind',
  'severity',
  'event',
  'text',
] as const;

/** RFC 4180: fields with comma, quote, CR or LF are quoted, quotes doubled; CRLF line ends. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Entries as RFC 4180 CSV with a header row. */
export function toCsv(entries: readonly TimelineEntry[]): string {
  const rows = [csvColumns.join(',')];
  for (const e of entries) {
    rows.push(csvColumns.map((c) => csvField(String(e[c] ?? ''))).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Where callers put inline SVG charts (ring vs baseline) later: replace this comment. */
export const HTML_CHART_SLOT = '<!-- ringside:charts -->';

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.critical td{background:#ffebe9}.warning td{background:#fff8c5}
.halt{border-left:4px solid #cf222e;background:#ffebe9;padding:.5rem 1rem;margin:1rem 0}
time{font-variant-numeric:tabular-nums;white-space:nowrap}`;

/** Self-contained HTML (inline style, no script, everything escaped), with a chart slot. */
export function toHtml(doc: TimelineDocument): string {
  const halts = doc.halts
    .map(
      (h) =>
        `<section class="halt"><strong>Halt — ring ${escapeHtml(h.ring)}${h.gate ? `, gate ${escapeHtml(h.gate)}` : ''}:</strong> ${escapeHtml(h.reason)}${h.summary ? `<p>${escapeHtml(h.summary)}</p>` : ''}</section>`,
    )
    .join('\n');
  const rows = doc.entries.map((e: TimelineEntry) => {
    const cells = [
      `<time datetime="${e.time}">${e.time}</time>`,
      escapeHtml(e.who),
      escapeHtml(e.ring ?? ''),
      escapeHtml(eventKindWord(e.kind)),
      escapeHtml(e.text),
    ];
    return `<tr class="${e.severity}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(doc.title)}</title><style>${style}</style></head>
<body><h1>${escapeHtml(doc.title)}</h1>
${halts}
<h2>Summary</h2><ul>${doc.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${HTML_CHART_SLOT}
<h2>Timeline</h2>
<table><thead><tr><th>Time (UTC)</th><th>Who</th><th>Ring</th><th>Kind</th><th>What</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}

/**
 * The file an export downloads as: `RELEASE-VERSION-DATE.ext` (`web-2.4.1-bad-2026-11-29.md`),
 * dated by the rollout's start (UTC), or by `now` before any start. Characters a file system
 * may refuse become `_`.
 */
export function exportFileName(
  release: { readonly name: string; readonly version: string } | null,
  startedAt: number | null,
  now: number,
  format: TimelineFormat,
): string {
  const date = new Date(startedAt ?? now).toISOString().slice(0, 10);
  const base = release ? `${release.name}-${release.version}-${date}` : `rollout-${date}`;
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
}
