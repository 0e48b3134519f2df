import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../../src-main/core/contract';
import { formatClock } from '../components/format';
import { StateMessage } from '../components/state-message';
import { useAppStore } from '../store/app-store';
import { atBottom, filterLogs, logLevel, logLevels, type LogFilter } from '../store/log-filter';

const SHOWN = 300;

const setFilter = (patch: Partial<LogFilter>) =>
  useAppStore.setState((s) => ({ logFilter: { ...s.logFilter, ...patch } }));

/**
 * Live log lines per ring: text search, levels, error signatures counted (pick one to see its
 * lines), and follow mode: the newest line stays in view until the person scrolls up.
 */
export function LogsView() {
  const logs = useAppStore((s) => s.logs);
  const filter = useAppStore((s) => s.logFilter);
  const shown = useMemo(() => filterLogs(logs, filter), [logs, filter]);
  const rings = useMemo(() => [...new Set(logs.map((l) => l.ring))].sort(), [logs]);
  // Counted over every line the other filters let through, so a picked one keeps its peers.
  const signatures = useMemo(() => {
    const counts = new Map<string, number>();
    for (const l of filterLogs(logs, { ...filter, signature: null })) {
      if (l.signature !== null) {
        counts.set(l.signature, (counts.get(l.signature) ?? 0) + 1);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [logs, filter]);
  if (logs.length === 0) {
    return <StateMessage>No log lines yet: they stream here once a ring is watched.</StateMessage>;
  }
  return (
    <div>
      <section className="panel row log-filters" aria-label="Log filters">
        <label htmlFor="log-search">Search</label>
        <input
          id="log-search"
          type="search"
          placeholder="host, ring or text"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
        />
        <label htmlFor="log-ring">Ring</label>
        <select
          id="log-ring"
          value={filter.ring ?? ''}
          onChange={(e) => setFilter({ ring: e.target.value || null })}
        >
          <option value="">all</option>
          {rings.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <div className="row" role="group" aria-label="Levels">
          {logLevels.map((level) => {
            const on = filter.levels.includes(level);
            return (
              <button
                key={level}
                type="button"
                aria-pressed={on}
                className={`level-toggle level-${level}${on ? ' on' : ''}`}
                onClick={() =>
                  setFilter({
                    levels: on
                      ? filter.levels.filter((l) => l !== level)
                      : logLevels.filter((l) => l === level || filter.levels.includes(l)),
                  })
                }
              >
                {level}
              </button>
            );
          })}
        </div>
      </section>
      <section className="panel" aria-label="Error signatures">
        <h3>Error signatures</h3>
        {signatures.length === 0 ? (
          <p className="muted">none in these lines</p>
        ) : (
          <table>
            <tbody>
              {signatures.map(([sig, n]) => (
                <tr key={sig} className={filter.signature === sig ? 'picked' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link log-line signature"
                      aria-pressed={filter.signature === sig}
                      onClick={() =>
                        setFilter({ signature: filter.signature === sig ? null : sig })
                      }
                    >
                      {sig}
                    </button>
                  </td>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <LogStream lines={shown} signature={filter.signature} />
    </div>
  );
}

/** The newest lines, following the tail unless the person scrolled up to read. */
function LogStream(props: { lines: readonly LogLine[]; signature: string | null }) {
  const pane = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const tail = props.lines.slice(-SHOWN);
  const newest = tail.at(-1);
  useLayoutEffect(() => {
    const el = pane.current;
    if (follow && el) {
      el.scrollTop = el.scrollHeight;
    }
  }, [follow, newest, tail.length]);
  return (
    <section className="panel" aria-label="Log lines">
      <div className="row">
        <h3>
          {props.signature === null ? 'Lines' : `Lines of “${props.signature}”`}{' '}
          <span className="muted">
            ({tail.length < props.lines.length ? `newest ${tail.length} of ` : ''}
            {props.lines.length})
          </span>
        </h3>
        {props.signature === null ? null : (
          <button type="button" onClick={() => setFilter({ signature: null })}>
            Show every line
          </button>
        )}
        {follow ? (
          <span className="muted" role="status">
            Following new lines
          </span>
        ) : (
          <button type="button" onClick={() => setFollow(true)}>
            Follow new lines
          </button>
        )}
      </div>
      <div
        ref={pane}
        className="log-pane"
        aria-label="Log stream"
        aria-live="off"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          setFollow(atBottom(el.scrollTop, el.clientHeight, el.scrollHeight));
        }}
      >
        {tail.length === 0 ? <p className="muted">No line matches these filters.</p> : null}
        {tail.map((l, i) => (
          <div
            key={`${l.at}-${i}`}
            className={`log-line level-${logLevel(l.line, l.signature)}${l.signature ? ' signature' : ''}`}
          >
            {formatClock(l.at)} {l.ring}/{l.host} {l.line}
          </div>
        ))}
      </div>
    </section>
  );
}
