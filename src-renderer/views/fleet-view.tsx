import { useState } from 'react';
import { hostStates, type HostCounts } from '../../src-main/core/contract';
import { hostStateWords } from '../../src-main/core/words';
import { HostDetails } from '../components/host-details';
import { HostGrid } from '../components/host-grid';
import { StateMessage } from '../components/state-message';
import { selectHost, showToast } from '../store/actions';
import { useAppStore } from '../store/app-store';

function Legend(props: { counts: HostCounts }) {
  return (
    <div className="legend" aria-label="Host states">
      {hostStates.map((s) => (
        <span key={s}>
          <span className="swatch" style={{ background: `var(--st-${s})` }} />
          {hostStateWords[s]} {props.counts[s]}
        </span>
      ))}
    </div>
  );
}

/** Every host, grouped ring -> update domain, coloured by state; details of the selected one. */
export function FleetView() {
  const rings = useAppStore((s) => s.snapshot?.rings);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const [query, setQuery] = useState('');
  if (!rings || !hosts || hosts.length === 0) {
    return <StateMessage>No hosts yet: open a workspace to see its fleet.</StateMessage>;
  }
  const counts = Object.fromEntries(
    hostStates.map((s) => [s, rings.reduce((n, r) => n + r.counts[s], 0)]),
  ) as HostCounts;
  return (
    <div className="fleet">
      <section className="panel" aria-label="Fleet">
        <div className="row">
          <Legend counts={counts} />
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              const q = query.trim();
              const hit =
                hosts.find((h) => h.name === q) ?? hosts.find((h) => h.name.startsWith(q));
              if (hit) {
                selectHost(hit.name);
              } else {
                showToast('info', `no host named ${q}`);
              }
            }}
          >
            <label htmlFor="host-find">Find host</label>
            <input id="host-find" value={query} onChange={(e) => setQuery(e.target.value)} />
          </form>
        </div>
        <HostGrid />
      </section>
      <HostDetails />
    </div>
  );
}
