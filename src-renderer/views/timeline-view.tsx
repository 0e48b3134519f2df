import { useMemo, useState } from 'react';
import { exportFormats, type ExportFormat } from '../../src-main/core/contract';
import { exportFileName } from '../../src-main/core/timeline/export';
import { eventKindWord } from '../../src-main/core/words';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { formatClock } from '../components/format';
import { HaltSummaryPanel } from '../components/halt-summary';
import { StateMessage } from '../components/state-message';
import { useAppStore } from '../store/app-store';

const mime: Record<ExportFormat, string> = {
  md: 'text/markdown',
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
};

function Filter(props: {
  label: string;
  value: string | null;
  options: string[];
  /** How an option reads (values stay the journal's). */
  word?: (option: string) => string;
  onChange: (v: string | null) => void;
}) {
  const id = `filter-${props.label}`;
  return (
    <span>
      <label htmlFor={id}>{props.label} </label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value || null)}
      >
        <option value="">all</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.word ? props.word(o) : o}
          </option>
        ))}
      </select>
    </span>
  );
}

/**
 * Saves `content` as a file at once (no preview that could go stale with the next rollout):
 * a Blob URL on a transient link, revoked after the click has started the download.
 */
function download(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Every event with time, who and what; filters, notes and exports. */
export function TimelineView() {
  const entries = useAppStore((s) => s.snapshot?.timeline);
  const filter = useAppStore((s) => s.timelineFilter);
  const [note, setNote] = useState('');
  const options = useMemo(() => {
    const uniq = (xs: (string | null)[]) =>
      [...new Set(xs.filter((x): x is string => x !== null))].sort();
    return {
      ring: uniq((entries ?? []).map((e) => e.ring)),
      kind: uniq((entries ?? []).map((e) => e.kind)),
      by: uniq((entries ?? []).map((e) => e.by)),
    };
  }, [entries]);
  if (!entries) {
    return <StateMessage>No workspace open.</StateMessage>;
  }
  const setFilter = (patch: Partial<typeof filter>) =>
    useAppStore.setState({ timelineFilter: { ...filter, ...patch } });
  const shown = entries.filter(
    (e) =>
      (filter.ring === null || e.ring === filter.ring) &&
      (filter.kind === null || e.kind === filter.kind) &&
      (filter.by === null || e.by === filter.by),
  );
  const exportAs = async (format: ExportFormat) => {
    // Named from the rollout the export is of, read when the person clicked.
    const s = useAppStore.getState().snapshot;
    const name = exportFileName(
      s?.workspace?.release ?? null,
      s?.rollout.startedAt ?? null,
      Date.now(),
      format,
    );
    const content = await runCommand('Export', () => getApi().exportTimeline({ format }));
    if (content !== null) {
      download(name, content, mime[format]);
    }
  };
  return (
    <div>
      <HaltSummaryPanel />
      <section className="panel row" aria-label="Timeline tools">
        <Filter
          label="ring"
          value={filter.ring}
          options={options.ring}
          onChange={(ring) => setFilter({ ring })}
        />
        <Filter
          label="kind"
          value={filter.kind}
          options={options.kind}
          word={eventKindWord}
          onChange={(kind) => setFilter({ kind })}
        />
        <Filter
          label="operator"
          value={filter.by}
          options={options.by}
          onChange={(by) => setFilter({ by })}
        />
        <span className="spacer" />
        {exportFormats.map((f) => (
          <button key={f} type="button" onClick={() => void exportAs(f)}>
            Export {f.toUpperCase()}
          </button>
        ))}
      </section>
      <form
        className="panel row"
        onSubmit={(e) => {
          e.preventDefault();
          const text = note.trim();
          if (text) {
            void runCommand('Adding the note', () => getApi().addNote({ text })).then(() =>
              setNote(''),
            );
          }
        }}
      >
        <label htmlFor="note-text">Note</label>
        <input
          id="note-text"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          style={{ flex: 1 }}
        />
        <button type="submit" disabled={note.trim() === ''}>
          Add note
        </button>
      </form>
      <section className="panel" aria-label="Timeline">
        {shown.length === 0 ? (
          <p className="muted">No events{entries.length > 0 ? ' match the filters' : ' yet'}.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>time</th>
                <th>who</th>
                <th>kind</th>
                <th>ring</th>
                <th>what</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.seq}>
                  <td>{formatClock(e.at)}</td>
                  <td>{e.by}</td>
                  <td>{eventKindWord(e.kind)}</td>
                  <td>{e.ring ?? ''}</td>
                  <td>{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
