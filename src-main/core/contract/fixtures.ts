/**
 * Deterministic fixture snapshots for tests, the UI bench and the fixture server, until the
 * integration wave projects real rollout state. Same options -> same snapshot, always.
 */
import {
  emptyHostCounts,
  type ConsoleSnapshot,
  type GateView,
  type HostState,
  type HostView,
  type RingStatus,
  type RingView,
  type ActionView,
  type TimelineEntry,
} from './view-model';

export type FixtureScenario = 'empty' | 'idle' | 'deploying' | 'baking' | 'halted' | 'done';

export interface FixtureOptions {
  readonly scenario: FixtureScenario;
  /** Epoch ms the snapshot is taken at. */
  readonly now: number;
  readonly hosts?: number;
  readonly seed?: number;
}

const ringPlan = [
  { name: 'canary', share: 0.05 },
  { name: 'early', share: 0.15 },
  { name: 'broad', share: 0.3 },
  { name: 'global', share: 0.5 },
] as const;
const regions = ['eu-west', 'us-east', 'ap-south'] as const;
const BAKE_MS = 5 * 60_000;

/** mulberry32: small, fast, seedable; fixtures only need repeatability, not quality. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ring status per scenario, canary first. */
function ringStatuses(scenario: FixtureScenario): RingStatus[] {
  switch (scenario) {
    case 'empty':
    case 'idle':
      return ['pending', 'pending', 'pending', 'pending'];
    case 'deploying':
      return ['promoted', 'deploying', 'pending', 'pending'];
    case 'baking':
      return ['baking', 'pending', 'pending', 'pending'];
    case 'halted':
      return ['halted', 'pending', 'pending', 'pending'];
    case 'done':
      return ['promoted', 'promoted', 'promoted', 'promoted'];
    default: {
      const never: never = scenario;
      throw new Error(`unknown fixture scenario ${String(never)}`);
    }
  }
}

function hostState(
  status: RingStatus,
  domainIndex: number,
  hostIndex: number,
  rnd: () => number,
): HostState {
  switch (status) {
    case 'pending':
      return 'pending';
    case 'baking':
    case 'waitingPromotion':
    case 'promoted':
      return 'done';
    case 'rolledBack':
    case 'rollingBack':
      return 'rolledBack';
    case 'halted':
      return rnd() < 0.3 ? 'failed' : 'done';
    case 'stopped':
      return hostIndex === 0 ? 'done' : 'pending';
    case 'deploying': {
      if (domainIndex === 0) {
        return hostIndex === 1 ? 'inDoubt' : 'done';
      }
      if (domainIndex === 1) {
        if (hostIndex === 0) {
          return 'needsApproval';
        }
        return rnd() < 0.5 ? 'deploying' : 'done';
      }
      return 'pending';
    }
    default: {
      const never: never = status;
      throw new Error(`unknown ring status ${String(never)}`);
    }
  }
}

function gatesFor(status: RingStatus, now: number): GateView[] {
  const evaluated = status === 'pending' || status === 'deploying' ? null : now - 5_000;
  const outcome: GateView['outcome'] =
    status === 'pending' || status === 'deploying'
      ? 'pending'
      : status === 'baking'
        ? 'inconclusive'
        : 'pass';
  const failed = status === 'halted';
  return [
    {
      name: 'error-rate',
      kind: 'sequential',
      platform: false,
      outcome: failed ? 'fail' : outcome,
      evidence: {
        summary: failed
          ? 'ring error rate 3.1% vs baseline 0.5% (e-value 412 > 1/alpha = 100)'
          : 'ring error rate within 0.1 points of baseline',
        comparison: {
          metric: 'error_rate',
          ring: failed ? '3.1 %' : '0.52 %',
          baseline: '0.5 %',
          ringSamples: '18,204',
          baselineSamples: '120,377',
          confidence: failed ? '99 % (e-value 412 of 100)' : '99 % (e-value 0.8 of 100)',
        },
        figures: [
          { label: 'ring error rate', value: failed ? '3.1 %' : '0.52 %' },
          { label: 'baseline error rate', value: '0.50 %' },
          { label: 'ring requests', value: '18,204' },
          { label: 'e-value', value: failed ? '412' : '0.8' },
        ],
        evaluatedAt: evaluated,
      },
    },
    {
      name: 'p99-latency',
      kind: 'baseline',
      platform: false,
      outcome,
      evidence: {
        summary: 'p99 latency ratio ring/baseline 1.02 (limit 1.25)',
        comparison: {
          metric: 'latency_p99',
          ring: '212 ms',
          baseline: '208 ms',
          ringSamples: '18,204',
          baselineSamples: '120,377',
          confidence: 'ring/baseline 1.02, limit 1.25',
        },
        figures: [
          { label: 'ring p99', value: '212 ms' },
          { label: 'baseline p99', value: '208 ms' },
        ],
        evaluatedAt: evaluated,
      },
    },
  ];
}

function ringActions(scenario: FixtureScenario): ActionView[] {
  const a = (id: ActionView['id'], enabled: boolean, why: string | null): ActionView => ({
    id,
    enabled,
    why: enabled ? null : why,
    requiresOverride: id === 'promote' && scenario === 'baking',
  });
  const running = scenario === 'deploying' || scenario === 'baking';
  return [
    a('start', scenario === 'idle', 'a rollout is already under way'),
    a('pause', running, 'nothing is running'),
    a('resume', false, 'the rollout is not paused'),
    a('promote', scenario === 'baking', 'the ring is not baked yet'),
    a('abort', running || scenario === 'halted', 'nothing to abort'),
    a('halt', running, 'nothing to halt: no ring is deploying or baking'),
    a('rollbackRing', scenario !== 'idle' && scenario !== 'empty', 'no ring has been updated'),
    a('rollbackAll', scenario !== 'idle' && scenario !== 'empty', 'no ring has been updated'),
    a('emergencyRollback', scenario !== 'idle' && scenario !== 'empty', 'nothing to roll back'),
  ];
}

/** Builds a full snapshot for `scenario` with `hosts` hosts (default 60). */
export function makeFixtureSnapshot(options: FixtureOptions): ConsoleSnapshot {
  const { scenario, now } = options;
  const total = options.hosts ?? 60;
  const rnd = seededRandom(options.seed ?? 7);
  const statuses = ringStatuses(scenario);
  const hosts: HostView[] = [];
  const rings: RingView[] = [];
  let next = 0;
  ringPlan.forEach((plan, ringIndex) => {
    const status = statuses[ringIndex] ?? 'pending';
    const size =
      ringIndex === ringPlan.length - 1
        ? total - next
        : Math.max(1, Math.round(total * plan.share));
    const counts = emptyHostCounts();
    const domains = regions.map((region, domainIndex) => {
      const names: string[] = [];
      for (let i = domainIndex; i < size; i += regions.length) {
        const name = `web-${String(next + i + 1).padStart(String(total).length, '0')}`;
        const state = hostState(status, domainIndex, names.length, rnd);
        counts[state] += 1;
        names.push(name);
        hosts.push({
          name,
          ring: plan.name,
          domain: `ud-${region}`,
          state,
          version: state === 'done' || state === 'failed' ? '2.4.0' : '2.3.1',
          labels: { region, zone: `${region}-${1 + (i % 2)}`, env: 'prod' },
          lastOutput:
            state === 'pending' ? [] : [`$ install 2.4.0`, state === 'failed' ? 'exit 1' : 'ok'],
          waitingFor: state === 'needsApproval' ? 'waiting for approval of host key' : null,
        });
      }
      const domainStatus =
        status === 'pending'
          ? 'pending'
          : status === 'deploying'
            ? domainIndex === 0
              ? 'done'
              : domainIndex === 1
                ? 'deploying'
                : 'pending'
            : status === 'halted'
              ? 'halted'
              : 'done';
      return { name: `ud-${region}`, status: domainStatus, hosts: names } as const;
    });
    next += size;
    rings.push({
      name: plan.name,
      status,
      counts,
      domains: domains.filter((d) => d.hosts.length > 0),
      bake:
        status === 'baking' ? { startedAt: now - 60_000, endsAt: now - 60_000 + BAKE_MS } : null,
      gates: gatesFor(status, now),
      eta: status === 'deploying' || status === 'baking' ? now + 4 * 60_000 : null,
      override: null,
      approvals: null,
    });
  });
  const timeline: TimelineEntry[] =
    scenario === 'empty' || scenario === 'idle'
      ? []
      : [
          { kind: 'RolloutCreated', text: 'rollout of 2.4.0 created', ring: null },
          { kind: 'RingStarted', text: 'canary started', ring: 'canary' },
          { kind: 'DomainStarted', text: 'ud-eu-west started', ring: 'canary' },
          { kind: 'BakeStarted', text: 'canary bake started (5m)', ring: 'canary' },
          ...(scenario === 'halted'
            ? [{ kind: 'RingHalted', text: 'gate error-rate failed', ring: 'canary' }]
            : []),
        ].map((e, i) => ({
          ...e,
          seq: i + 1,
          at: now - (10 - i) * 60_000,
          by: 'ringside',
          host: null,
        }));
  const halted = scenario === 'halted';
  return {
    revision: 1,
    generatedAt: now,
    workspace:
      scenario === 'empty'
        ? null
        : {
            name: 'demo',
            source: { kind: 'demo' },
            release: { name: 'web', version: '2.4.0', previous: '2.3.1' },
            releases: [
              { version: '2.4.0', from: 'plan', last: null },
              { version: '2.4.1-bad', from: 'workspace', last: null },
              {
                version: '2.3.9',
                from: 'journal',
                last: { outcome: 'done', at: now - 86_400_000 },
              },
            ],
            running: '2.3.1',
          },
    rollout: {
      status:
        scenario === 'empty' || scenario === 'idle'
          ? 'notStarted'
          : scenario === 'deploying'
            ? 'running'
            : scenario,
      activeRing: scenario === 'deploying' ? 'early' : scenario === 'idle' ? null : 'canary',
      startedAt: scenario === 'idle' || scenario === 'empty' ? null : now - 10 * 60_000,
      eta: scenario === 'deploying' || scenario === 'baking' ? now + 30 * 60_000 : null,
    },
    rings: scenario === 'empty' ? [] : rings,
    hosts: scenario === 'empty' ? [] : hosts,
    halt: halted
      ? {
          ring: 'canary',
          at: now - 60_000,
          gate: 'error-rate',
          text:
            'Gate error-rate failed on canary: error rate 3.1% (n=18,204) vs baseline 0.5% ' +
            '(n=240,118), starting 40 s after ud-eu-west deployed 2.4.0 to web-01..web-03. ' +
            'Top new log signature: "upstream timeout after <n> ms" (212 lines).',
        }
      : null,
    timeline,
    actions: ringActions(scenario),
    pendingHostKeys:
      scenario === 'deploying'
        ? [
            {
              host: hosts.find((h) => h.state === 'needsApproval')?.name ?? 'web-05',
              fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
              keyType: 'ssh-ed25519',
            },
          ]
        : [],
    metrics: [
      { name: 'error_rate', unit: '%', thresholds: [{ gate: 'error-rate', value: 2 }] },
      { name: 'p99_latency', unit: 'ms', thresholds: [{ gate: 'p99-latency', value: 260 }] },
    ],
    connections: {
      identities: [{ name: 'deploy', path: '~/.ssh/id_ed25519', encrypted: true }],
      knownHosts: [],
      prometheusUrls: [],
      cloudAccounts: [],
    },
  };
}
