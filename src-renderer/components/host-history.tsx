import { useEffect, useState } from 'react';
import type { HostHistory } from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { formatDuration } from './format';

const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * One host's steps across every rollout of the workspace, newest first: which version, which
 * step, how it ended. Asked again when another host is selected or the shown rollout moves.
 */
export function HostHistoryTable(props: { host: string; refreshKey: string }) {
  const [history, setHistory] = useState<HostHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    getApi()
      .getHostHistory({ host: props.host })
      .then(
        (h) => {
          if (current) {
            setHistory(h);
            setError(null);
          }
        },
        (e: unknown) => {
          if (current) {
            setError(e instanceof Error ? e.message : String(e));
          }
        },
      );
    return () => {
      current = false;
    };
  }, [props.host, props.refreshKey]);
  if (error !== null) {
    return <p className="muted">History unavailable: {error}</p>;
  }
  if (history === null || history.host !== props.host) {
    return <p className="muted">Reading the journals…</p>;
  }
  if (history.entries.length === 0) {
    return <p className="muted">No rollout has reached this host yet.</p>;
  }
  return (
    <div className="host-history">
      <table aria-label={`History of ${props.host}`}>
        <thead>
          <tr>
            <th>when</th>
            <th>release</th>
            <th>step</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody>
          {history.entries.map((e, i) => (
            <tr key={`${e.rollout}-${e.at}-${i}`}>
              <td>{when.format(e.at)}</td>
              <td>{e.version}</td>
              <td>
                {e.phase === 'deploy' ? '' : `${e.phase} `}
                {e.step}
              </td>
              <td title={e.detail}>
                {e.outcome}
                {e.durationMs !== null ? ` · ${formatDuration(e.durationMs)}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
