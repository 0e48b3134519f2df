import { Fragment, useState } from 'react';
import type { TimelineEntry } from '../../src-main/core/contract';
import { eventKindWord } from '../../src-main/core/words';
import { formatClock } from './format';
import type { TimelineRow } from './timeline-rows';

function EntryRow(props: { e: TimelineEntry; nested?: boolean }) {
  const { e } = props;
  return (
    <tr className={props.nested ? 'muted' : undefined}>
      <td>{formatClock(e.at)}</td>
      <td>{e.by}</td>
      <td>{eventKindWord(e.kind)}</td>
      <td>{e.ring ?? ''}</td>
      <td>{e.text}</td>
    </tr>
  );
}

/** The timeline's rows; a folded summary opens to its entries in place. */
export function TimelineTable(props: { rows: readonly TimelineRow[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });
  return (
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
        {props.rows.map((r) => {
          if (r.kind === 'entry') {
            return <EntryRow key={r.entry.seq} e={r.entry} />;
          }
          const expanded = open.has(r.key);
          return (
            <Fragment key={`fold-${r.key}`}>
              <tr className="timeline-fold">
                <td>
                  {formatClock(r.from)}–{formatClock(r.to)}
                </td>
                <td>ringside</td>
                <td>
                  <button type="button" aria-expanded={expanded} onClick={() => toggle(r.key)}>
                    {expanded ? 'Fold' : 'Expand'} {r.entries.length} events
                  </button>
                </td>
                <td>{r.ring ?? ''}</td>
                <td>{r.summary}</td>
              </tr>
              {expanded ? r.entries.map((e) => <EntryRow key={e.seq} e={e} nested />) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
