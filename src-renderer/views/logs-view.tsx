import { useMemo } from 'react';
import { formatClock } from '../components/format';
import { StateMessage } from '../components/state-message';
import { useAppStore } from '../store/app-store';

const SHOWN = 300;

/** Live log lines per ring or host; error signatures highlighted and counted. */
export function LogsView() {
  const logs = useAppStore((s) => s.logs);
  const filter = useAppStore((s) => s.logFilter);
  const shown = useMemo(
    () =>
      logs.filter(
        (l) =>
          (filter.ring === null || l.ring === filter.ring) &&
          (filter.host === null || l.host === filter.host),
      ),
    [logs, filter],
  );
  const rings = useMemo(() => [...new Set(logs.map((l) => l.ring))].sort(), [logs]);
  const signatures = useMemo(() => {
    const counts = new Map<string, number>();
    for (const l of shown) {
      if (l.signature !== null) {
        counts.set(l.signature, (counts.get(l.signature) ?? 0) + 1);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [shown]);
  if (logs.length === 0) {
    return <StateMessage>No log lines yet: they stream here once a ring is watched.</StateMessage>;
  }
  return (
    <div>
      <section className="panel row" aria-label="Log filters">
        <label htmlFor="log-ring">ring</label>
        <select
          id="log-ring"
          value={filter.ring ?? ''}
          onChange={(e) =>
            useAppStore.setState({ logFilter: { ...filter, ring: e.target.value || null } })
          }
        >
          <option value="">all</option>
          {rings.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <label htmlFor="log-host">host</label>
        <input
          id="log-host"
          value={filter.host ?? ''}
          onChange={(e) =>
            useAppStore.setState({ logFilter: { ...filter, host: e.target.value.trim() || null } })
          }
        />
      </section>
      <section className="panel" aria-label="Error signatures">
        <h3>Error signatures</h3>
        {signatures.length === 0 ? (
          <p className="muted">none in these lines</p>
        ) : (
          <table>
            <tbody>
              {signatures.map(([sig, n]) => (
                <tr key={sig}>
                  <td className="log-line signature">{sig}</td>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-label="Log stream" aria-live="off">
        {shown.slice(-SHOWN).map((l, i) => (
          <div key={`${l.at}-${i}`} className={`log-line${l.signature ? ' signature' : ''}`}>
            {formatClock(l.at)} {l.ring}/{l.host} {l.line}
          </div>
        ))}
      </section>
    </div>
  );
}
