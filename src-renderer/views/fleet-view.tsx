import { useMemo, useRef } from 'react';
import type { HostView, RingView } from '../../src-main/core/contract';
import { ringWord } from '../../src-main/core/words';
import { fleetLegend, type ColourBy } from '../components/fleet-colours';
import { groupHosts, labelNames, type GroupBy, type HostGroup } from '../components/fleet-groups';
import { HostDetails } from '../components/host-details';
import { HostGrid } from '../components/host-grid';
import { matchesHost, parseHostQuery } from '../components/host-query';
import { StateMessage } from '../components/state-message';
import { selectHost } from '../store/actions';
import { useAppStore } from '../store/app-store';
import type { UiSlice } from '../store/ui-slice';

/**
 * The groups, kept by reference while their shape and titles stay the same: a 1 Hz snapshot
 * that only moves hosts between states must not lay 10,000 cells out again.
 */
function useStableGroups(
  rings: readonly RingView[] | undefined,
  hosts: readonly HostView[] | undefined,
  by: GroupBy,
): HostGroup[] {
  const kept = useRef<{ key: string; groups: HostGroup[] } | null>(null);
  return useMemo(() => {
    const groups = groupHosts(rings ?? [], hosts ?? [], by, (r) =>
      ringWord(r.status, r.override !== null),
    );
    const key = `${by}\u0000${groups.map((g) => `${g.heading ?? ''}|${g.title}|${g.hosts.length}|${g.hosts[0] ?? ''}`).join('\u0000')}`;
    const prev = kept.current;
    if (prev && prev.key === key) {
      return prev.groups;
    }
    kept.current = { key, groups };
    return groups;
  }, [rings, hosts, by]);
}

const setFleet = (patch: Partial<UiSlice['fleet']>) =>
  useAppStore.setState((s) => ({ fleet: { ...s.fleet, ...patch } }));

/**
 * Every host, coloured by the version it runs now (or its state), grouped by ring, update
 * domain or any label, searchable by substring and `label=value`; hover for a card, click or
 * arrow keys for the details and history of one host.
 */
export function FleetView() {
  const rings = useAppStore((s) => s.snapshot?.rings);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const fleet = useAppStore((s) => s.fleet);
  // Labels come with the plan: read them again only when the fleet itself changes.
  const fleetKey = `${hosts?.length ?? 0}\u0000${hosts?.[0]?.name ?? ''}`;
  const labels = useMemo(() => labelNames(hosts ?? []), [fleetKey]);
  const groups = useStableGroups(rings, hosts, fleet.groupBy);
  const terms = useMemo(() => parseHostQuery(fleet.query), [fleet.query]);
  const matches = useMemo(
    () =>
      terms.length === 0
        ? null
        : new Set((hosts ?? []).filter((h) => matchesHost(h, terms)).map((h) => h.name)),
    [hosts, terms],
  );
  const legend = useMemo(() => fleetLegend(hosts ?? [], fleet.colourBy), [hosts, fleet.colourBy]);
  // A team console (its database listed rollouts) can show a team rollout's fleet too.
  const team = useAppStore((s) => s.teamRollouts !== null);
  if (!rings || !hosts || hosts.length === 0) {
    return (
      <StateMessage>
        {team
          ? 'No hosts yet: open a team rollout (History, Team rollouts) or a workspace to see its fleet.'
          : 'No hosts yet: open a workspace to see its fleet.'}
      </StateMessage>
    );
  }
  const firstMatch = () => groups.flatMap((g) => g.hosts).find((n) => matches?.has(n));
  return (
    <div className="fleet">
      <section className="panel" aria-label="Fleet">
        <div className="fleet-tools">
          <span>
            <label htmlFor="fleet-group">Group by </label>
            <select
              id="fleet-group"
              value={fleet.groupBy}
              onChange={(e) => setFleet({ groupBy: e.target.value as GroupBy })}
            >
              <option value="domain">ring and update domain</option>
              <option value="ring">ring</option>
              {labels.map((l) => (
                <option key={l} value={`label:${l}`}>
                  {l}
                </option>
              ))}
            </select>
          </span>
          <span>
            <label htmlFor="fleet-colour">Colour by </label>
            <select
              id="fleet-colour"
              value={fleet.colourBy}
              onChange={(e) => setFleet({ colourBy: e.target.value as ColourBy })}
            >
              <option value="version">version running now</option>
              <option value="state">state in this rollout</option>
            </select>
          </span>
          <form
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              const hit = firstMatch();
              if (hit) {
                selectHost(hit);
              }
            }}
          >
            <label htmlFor="host-find">Find hosts </label>
            <input
              id="host-find"
              type="search"
              placeholder="name or region=eu-west"
              value={fleet.query}
              onChange={(e) => setFleet({ query: e.target.value })}
            />{' '}
            {matches !== null ? (
              <span role="status">
                {matches.size} of {hosts.length} hosts match
              </span>
            ) : null}
          </form>
        </div>
        <div
          className="legend"
          aria-label={fleet.colourBy === 'version' ? 'Versions running now' : 'Host states'}
        >
          {legend.map((e) => (
            <span key={e.key}>
              <span className="swatch" style={{ background: e.colour }} />
              {e.word} · {e.count} host{e.count === 1 ? '' : 's'}
            </span>
          ))}
        </div>
        <HostGrid
          groups={groups}
          hosts={hosts}
          legend={legend}
          colourBy={fleet.colourBy}
          matches={matches}
        />
      </section>
      <HostDetails />
    </div>
  );
}
