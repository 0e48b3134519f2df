import { useMemo, useState } from 'react';
import { exportFormats, type ExportFormat } from '../../src-main/core/contract';
import { exportFileName } from '../../src-main/core/timeline/export';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { KindPicker } from '../components/timeline-kind-picker';
import { foldTimeline, ringsInOrder, type TimelineOrder } from '../components/timeline-rows';
import { TimelineTable } from '../components/timeline-table';
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

/**
 * Every event with time, who and what, newest first; gate readings and host steps folded per
 * update domain; filters (ring in ring order, several kinds, operator), notes and exports.
 * A past rollout opened from History shows (and exports) its own journal, without notes.
 */
export function TimelineView() {
  const entries = useAppStore((s) => s.snapshot?.timeline);
  const rings = useAppStore((s) => s.snapshot?.rings);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const shown = useAppStore((s) => s.snapshot?.shown);
  const filter = useAppStore((s) => s.timelineFilter);
  const [note, setNote] = useState('');
  const options = useMemo(() => {
    const uniq = (xs: (string | null)[]) =>
      [...new Set(xs.filter((x): x is string => x !== null))].sort();
    return {
      ring: ringsInOrder(
        (rings ?? []).map((r) => r.name),
        entries ?? [],
      ),
      kind: uniq((entries ?? []).map((e) => e.kind)),
      by: uniq((entries ?? []).map((e) => e.by)),
    };
  }, [entries, rings]);
  const domainOf = useMemo(() => {
    const m = new Map((hosts ?? []).map((h) => [h.name, h.domain]));
    return (host: string) => m.get(host) ?? null;
  }, [hosts]);
  const rows = useMemo(
    () =>
      foldTimeline(
        (entries ?? []).filter(
          (e) =>
            (filter.ring === null || e.ring === filter.ring) &&
            (filter.kinds.length === 0 || filter.kinds.includes(e.kind)) &&
            (filter.by === null || e.by === filter.by),
        ),
        domainOf,
        filter.order,
      ),
    [entries, filter, domainOf],
  );
  if (!entries) {
    return <StateMessage>No workspace open.</StateMessage>;
  }
  const setFilter = (patch: Partial<typeof filter>) =>
    useAppStore.setState({ timelineFilter: { ...filter, ...patch } });
  const readOnly = shown?.readOnly === true;
  const exportAs = async (format: ExportFormat) => {
    // Named from the rollout the export is of, read when the person clicked.
    const s = useAppStore.getState().snapshot;
    const name = exportFileName(
      s?.workspace?.release ?? null,
      s?.rollout.startedAt ?? null,
      Date.now(),
      format,
    );
    const past = s?.shown?.readOnly === true ? { rollout: s.shown.id } : {};
    const content = await runCommand('Export', () => getApi().exportTimeline({ format, ...past }));
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
        <KindPicker
          options={options.kind}
          chosen={filter.kinds}
          onChange={(kinds) => setFilter({ kinds })}
        />
        <Filter
          label="operator"
          value={filter.by}
          options={options.by}
          onChange={(by) => setFilter({ by })}
        />
        <span>
          <label htmlFor="timeline-order">order </label>
          <select
            id="timeline-order"
            value={filter.order}
            onChange={(e) => setFilter({ order: e.target.value as TimelineOrder })}
          >
            <option value="newest">newest first</option>
            <option value="oldest">oldest first</option>
          </select>
        </span>
        <span className="spacer" />
        {exportFormats.map((f) => (
          <button key={f} type="button" onClick={() => void exportAs(f)}>
            Export {f.toUpperCase()}
          </button>
        ))}
      </section>
      {readOnly ? null : (
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
      )}
      <section className="panel" aria-label="Timeline">
        {rows.length === 0 ? (
          <p className="muted">No events{entries.length > 0 ? ' match the filters' : ' yet'}.</p>
        ) : (
          <TimelineTable rows={rows} />
        )}
      </section>
    </div>
  );
}
