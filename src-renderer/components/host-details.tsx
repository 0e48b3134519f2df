import { useMemo } from 'react';
import { hostStateWords } from '../../src-main/core/words';
import { useAppStore } from '../store/app-store';
import { HostHistoryTable } from './host-history';
import { PassphraseWait } from './passphrase-wait';

/** The selected host: version running now, state, labels, its history and recent output. */
export function HostDetails() {
  const selected = useAppStore((s) => s.selectedHost);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const output = useAppStore((s) => (selected ? s.hostOutput[selected] : undefined));
  const host = useMemo(() => hosts?.find((h) => h.name === selected), [hosts, selected]);
  // The history changes when a step ends or another rollout is shown.
  const shownId = useAppStore((s) => s.snapshot?.shown?.id ?? '');
  if (!host) {
    return (
      <aside className="panel" aria-label="Host details">
        <p className="muted">Select a host (click, or focus the grid and use the arrow keys).</p>
      </aside>
    );
  }
  const lines = output ?? host.lastOutput;
  return (
    <aside className="panel" aria-label="Host details">
      <h3>{host.name}</h3>
      <table>
        <tbody>
          <tr>
            <th scope="row">state</th>
            <td>
              <span className="swatch" style={{ background: `var(--st-${host.state})` }} />
              {hostStateWords[host.state]}
            </td>
          </tr>
          {host.waitingFor !== null ? (
            <tr>
              <th scope="row">waiting</th>
              <td>{host.waitingFor}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row">ring / domain</th>
            <td>
              {host.ring} / {host.domain}
            </td>
          </tr>
          <tr>
            <th scope="row">runs</th>
            <td>{host.version ?? 'unknown version'}</td>
          </tr>
          {Object.entries(host.labels).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PassphraseWait host={host} />
      <h3>History</h3>
      <HostHistoryTable host={host.name} refreshKey={`${shownId}:${host.state}`} />
      <h3>Recent output</h3>
      {lines.length === 0 ? <p className="muted">no output yet</p> : <pre>{lines.join('\n')}</pre>}
    </aside>
  );
}
