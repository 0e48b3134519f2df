/**
 * An in-memory `RingsideApi` over fixture snapshots: drives the server tests, the browser
 * e2e test and the UI bench until the app facade exists. It follows the contract (refusals
 * are rejections with a message) but holds no rollout logic beyond what the fixtures need.
 */
import type { RingsideApi } from './api';
import { makeFixtureSnapshot, type FixtureScenario } from './fixtures';
import { fixtureChartHistory, makeFixtureSeries } from './fixture-telemetry';
import { createPushHub, type PushHub } from './push-hub';
import { defaultSettings, type Settings } from './settings';
import type { ConsoleSnapshot, TimelineEntry } from './view-model';
import type { RecentWorkspace } from './methods';
import type { RolloutSummary } from './history';
import { PAST_ROLLOUT_WHY } from '../words/messages';
import { noTeamDatabaseWords } from '../words/team-words';

/** Three journaled rollouts, newest first: the live one, a rolled-back one, a done one. */
function fixtureRollouts(now: number): RolloutSummary[] {
  const row = (
    id: string,
    version: string,
    previous: string,
    status: RolloutSummary['status'],
    outcome: string,
    startedAt: number,
    durationMs: number,
    live: boolean,
  ): RolloutSummary => ({
    id,
    release: { name: 'web', version, previous },
    status,
    outcome,
    startedAt,
    endedAt: live ? null : startedAt + durationMs,
    durationMs,
    hosts: 60,
    live,
    by: 'dana',
  });
  return [
    row(
      '2026-11-29T09-00-00-000Z-web-2.4.0',
      '2.4.0',
      '2.3.1',
      'running',
      'deploying',
      now - 120_000,
      120_000,
      true,
    ),
    row(
      '2026-11-28T15-30-00-000Z-web-2.4.1-bad',
      '2.4.1-bad',
      '2.4.0',
      'rolledBack',
      'rolled back',
      now - 86_400_000,
      95_000,
      false,
    ),
    row(
      '2026-11-27T10-00-00-000Z-web-2.4.0',
      '2.4.0',
      '2.3.9',
      'done',
      'done',
      now - 2 * 86_400_000,
      1_260_000,
      false,
    ),
  ];
}

export interface FixtureApi {
  readonly api: RingsideApi;
  /** Emit pushes as the engine would. */
  readonly hub: PushHub;
  /** Replace the snapshot and push it. */
  readonly setScenario: (scenario: FixtureScenario) => void;
  /** Every call made, in order (method + params), for assertions. */
  readonly calls: { method: string; params: unknown }[];
}

/** Creates the fixture API; `now` supplies time (tests pass a fixed clock). */
export function createFixtureApi(options: {
  now: () => number;
  scenario?: FixtureScenario;
  hosts?: number;
}): FixtureApi {
  const hub = createPushHub();
  const calls: { method: string; params: unknown }[] = [];
  let settings: Settings = { ...defaultSettings };
  let snapshot = makeFixtureSnapshot({
    scenario: options.scenario ?? 'deploying',
    now: options.now(),
    hosts: options.hosts,
  });
  const recent: RecentWorkspace[] = [
    { name: 'demo', source: { kind: 'demo' }, openedAt: options.now() },
  ];

  const publish = (next: ConsoleSnapshot) => {
    snapshot = { ...next, revision: snapshot.revision + 1, generatedAt: options.now() };
    hub.emit('onSnapshot', snapshot);
  };
  const note = (kind: string, text: string, by = settings.operatorName) => {
    const entry: TimelineEntry = {
      seq: (snapshot.timeline.at(-1)?.seq ?? 0) + 1,
      at: options.now(),
      kind,
      by,
      ring: snapshot.rollout.activeRing,
      host: null,
      text,
    };
    publish({ ...snapshot, timeline: [...snapshot.timeline, entry] });
  };
  const record = (method: string, params: unknown) => calls.push({ method, params });
  const requireEnabled = (id: ConsoleSnapshot['actions'][number]['id']) => {
    const action = snapshot.actions.find((a) => a.id === id);
    if (!action?.enabled) {
      throw new Error(`${id}: refused: ${action?.why ?? 'not available'}`);
    }
    return action;
  };

  const api: RingsideApi = {
    ...hub.subscriptions,
    getSnapshot: async () => snapshot,
    openWorkspace: async (p) => {
      record('openWorkspace', p);
      publish(makeFixtureSnapshot({ scenario: 'idle', now: options.now(), hosts: options.hosts }));
      return snapshot;
    },
    listRecentWorkspaces: async () => recent,
    start: async (p) => {
      record('start', p);
      requireEnabled('start');
      publish(
        makeFixtureSnapshot({ scenario: 'deploying', now: options.now(), hosts: options.hosts }),
      );
      return null;
    },
    promote: async (p = {}) => {
      record('promote', p);
      const action = requireEnabled('promote');
      if (action.requiresOverride && !p.override) {
        throw new Error('promote: gates are inconclusive; an override with a reason is required');
      }
      note('Promoted', p.override ? `promoted with override: ${p.override.reason}` : 'promoted');
      return null;
    },
    approvePromotion: async (p = {}) => {
      record('approvePromotion', p);
      note(
        'PromotionApproved',
        `promotion approved${p.ring !== undefined ? ` for ring ${p.ring}` : ''}`,
      );
      return null;
    },
    pause: async (p) => {
      record('pause', p);
      requireEnabled('pause');
      note('Paused', p.reason);
      return null;
    },
    resume: async (p) => {
      record('resume', p);
      requireEnabled('resume');
      return null;
    },
    abort: async (p) => {
      record('abort', p);
      requireEnabled('abort');
      note('Aborted', p.reason);
      return null;
    },
    halt: async (p) => {
      record('halt', p);
      requireEnabled('halt');
      note('RingHalted', p.reason);
      return null;
    },
    rollback: async (p) => {
      record('rollback', p);
      requireEnabled(
        p.emergency ? 'emergencyRollback' : p.scope === 'ring' ? 'rollbackRing' : 'rollbackAll',
      );
      note('RollbackStarted', `${p.scope}${p.emergency ? ' (emergency)' : ''}: ${p.reason}`);
      return null;
    },
    addNote: async (p) => {
      record('addNote', p);
      note('OperatorNote', p.text);
      return null;
    },
    approveHostKey: async (p) => {
      record('approveHostKey', p);
      const pending = snapshot.pendingHostKeys.find((k) => k.host === p.host);
      if (!pending || pending.fingerprint !== p.fingerprint) {
        throw new Error(`approveHostKey: no pending key ${p.fingerprint} for host ${p.host}`);
      }
      publish({
        ...snapshot,
        pendingHostKeys: snapshot.pendingHostKeys.filter((k) => k !== pending),
        connections: {
          ...snapshot.connections,
          knownHosts: [...snapshot.connections.knownHosts, { ...pending }],
        },
      });
      return null;
    },
    resolveInDoubt: async (p) => {
      record('resolveInDoubt', p);
      note('InDoubtResolved', `${p.host} ${p.as}: ${p.reason}`);
      return null;
    },
    rejectHostKey: async (p) => {
      record('rejectHostKey', p);
      publish({
        ...snapshot,
        pendingHostKeys: snapshot.pendingHostKeys.filter((k) => k.host !== p.host),
      });
      return null;
    },
    retryPassphrase: async (p) => {
      record('retryPassphrase', p);
      note('PassphraseRetried', p.host);
      return null;
    },
    giveUpHost: async (p) => {
      record('giveUpHost', p);
      note('HostGivenUp', `${p.host}: ${p.reason}`);
      return null;
    },
    providePassphrase: async (p) => {
      // Recorded without the passphrase: fixtures' call logs end up in test output.
      record('providePassphrase', { id: p.id, given: p.passphrase !== null, remember: p.remember });
      return false;
    },
    exportTimeline: async (p) => {
      record('exportTimeline', p);
      const rows = snapshot.timeline.map(
        (e) => `${new Date(e.at).toISOString()} ${e.kind} ${e.text}`,
      );
      switch (p.format) {
        case 'json':
          return JSON.stringify(snapshot.timeline);
        case 'csv':
          return [
            'seq,at,kind,text',
            ...snapshot.timeline.map((e) => `${e.seq},${e.at},${e.kind},"${e.text}"`),
          ].join('\n');
        case 'md':
          return ['# Timeline', ...rows.map((r) => `- ${r}`)].join('\n');
        case 'html':
          return `<ul>${rows.map((r) => `<li>${r}</li>`).join('')}</ul>`;
        default: {
          const never: never = p.format;
          throw new Error(`exportTimeline: unknown format ${String(never)}`);
        }
      }
    },
    getSeries: async () =>
      makeFixtureSeries({
        now: options.now(),
        spanMs: 15 * 60_000,
        stepMs: 5_000,
        rings: ['canary', 'early'],
      }),
    getChartHistory: async () => fixtureChartHistory(options.now()),
    testPrometheus: async (p) => {
      record('testPrometheus', p);
      return { ok: false, error: `fixture: no Prometheus at ${p.url}` };
    },
    testCloudAccount: async (p) => {
      record('testCloudAccount', p);
      return { ok: false, error: `fixture: no ${p.cloud} account ${p.account}` };
    },
    listRollouts: async () => fixtureRollouts(options.now()),
    openPastRollout: async (p) => {
      record('openPastRollout', p);
      const found = fixtureRollouts(options.now()).find((r) => r.id === p.id);
      if (!found) {
        throw new Error(`openPastRollout: no rollout ${p.id} in this workspace's journals`);
      }
      const past = makeFixtureSnapshot({ scenario: 'halted', now: found.startedAt, hosts: 60 });
      return {
        ...past,
        revision: snapshot.revision,
        shown: { id: p.id, readOnly: true },
        actions: past.actions.map((a) => ({ ...a, enabled: false, why: PAST_ROLLOUT_WHY })),
      };
    },
    getHostHistory: async (p) => ({
      host: p.host,
      entries: fixtureRollouts(options.now()).flatMap((r, i) => [
        {
          rollout: r.id,
          version: r.release.version,
          at: r.startedAt + 60_000 + i,
          phase: 'deploy' as const,
          step: 'install',
          outcome: 'succeeded' as const,
          detail: 'exit 0',
          durationMs: 1_200,
        },
      ]),
    }),
    // The fixture console has no team database.
    listTeamRollouts: async () => {
      throw new Error(noTeamDatabaseWords('listTeamRollouts'));
    },
    openTeamRollout: async () => {
      throw new Error(noTeamDatabaseWords('openTeamRollout'));
    },
    getTeamRollout: async () => null,
    closeTeamRollout: async () => null,
    setTeamPassword: async () => {
      throw new Error(noTeamDatabaseWords('setTeamPassword'));
    },
    getSettings: async () => settings,
    setSettings: async (p) => {
      record('setSettings', p);
      settings = { ...settings, ...p };
      return settings;
    },
  };
  return {
    api,
    hub,
    calls,
    setScenario: (scenario) =>
      publish(makeFixtureSnapshot({ scenario, now: options.now(), hosts: options.hosts })),
  };
}
