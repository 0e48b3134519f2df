import { useEffect } from 'react';
import { WhenLoaded } from './components/state-message';
import { OperatorBadge, OperatorPrompt } from './components/operator-name';
import { PassphraseDialog } from './components/passphrase-dialog';
import { ToastTray } from './components/toast-tray';
import { setTheme, setView, toggleTheme } from './store/actions';
import { rolloutStatusWords } from '../src-main/core/words';
import { useAppStore } from './store/app-store';
import { viewIds, type ConnectionStatus, type ViewId } from './store/ui-slice';
import { ConnectionsView } from './views/connections-view';
import { FleetView } from './views/fleet-view';
import { HistoryView } from './views/history-view';
import { PastRolloutBanner } from './components/past-banner';
import { TeamRolloutBanner } from './components/team-banner';
import { LogsView } from './views/logs-view';
import { RolloutView } from './views/rollout-view';
import { TelemetryView } from './views/telemetry-view';
import { TimelineView } from './views/timeline-view';

const labels: Record<ViewId, string> = {
  fleet: 'Fleet',
  rollout: 'Rollout',
  telemetry: 'Telemetry',
  timeline: 'Timeline',
  logs: 'Logs',
  connections: 'Connections',
  history: 'History',
};

function CurrentView(props: { view: ViewId }) {
  switch (props.view) {
    case 'fleet':
      return <FleetView />;
    case 'rollout':
      return <RolloutView />;
    case 'telemetry':
      return <TelemetryView />;
    case 'timeline':
      return <TimelineView />;
    case 'logs':
      return <LogsView />;
    case 'connections':
      return <ConnectionsView />;
    case 'history':
      return <HistoryView />;
    default: {
      const never: never = props.view;
      return never;
    }
  }
}

/** The connection to the engine, in words. */
const connectionWords: Record<ConnectionStatus, string> = {
  ipc: 'desktop',
  connecting: 'connecting',
  connected: 'connected',
  backingOff: 'reconnecting',
  gaveUp: 'disconnected',
};

function Header() {
  const workspace = useAppStore((s) => s.snapshot?.workspace);
  const status = useAppStore((s) => s.snapshot?.rollout.status);
  const connection = useAppStore((s) => s.connection);
  const theme = useAppStore((s) => s.theme);
  const pendingKeys = useAppStore((s) => s.snapshot?.pendingHostKeys.length ?? 0);
  return (
    <header className="app-header">
      <h1>Ringside</h1>
      {workspace ? (
        <span>
          {workspace.name} · {workspace.release.name} {workspace.release.version}
        </span>
      ) : null}
      {status ? <span className={`pill ${status}`}>{rolloutStatusWords[status]}</span> : null}
      {pendingKeys > 0 ? (
        <button
          type="button"
          className="pill waitingPromotion"
          onClick={() => setView('connections')}
        >
          {pendingKeys} host key{pendingKeys > 1 ? 's' : ''} to approve
        </button>
      ) : null}
      <span className="spacer" />
      <OperatorBadge />
      <span className={`pill ${connection}`} title="connection to the Ringside engine">
        {connectionWords[connection]}
      </span>
      <button
        type="button"
        onClick={toggleTheme}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      >
        {theme === 'dark' ? 'Light' : 'Dark'} theme
      </button>
    </header>
  );
}

/** The console shell: header, view tabs (Alt+1..7), the current view, toasts. */
export function App() {
  const view = useAppStore((s) => s.view);
  const theme = useAppStore((s) => s.theme);
  const themeSetting = useAppStore((s) => s.settings?.theme);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (themeSetting === 'light' || themeSetting === 'dark') {
      setTheme(themeSetting);
    } else if (themeSetting === 'system' && typeof matchMedia === 'function') {
      const query = matchMedia('(prefers-color-scheme: dark)');
      const follow = () => setTheme(query.matches ? 'dark' : 'light');
      follow();
      query.addEventListener('change', follow);
      return () => query.removeEventListener('change', follow);
    }
    return undefined;
  }, [themeSetting]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const index = Number(e.key) - 1;
      const target = viewIds[index];
      if (e.altKey && !e.ctrlKey && !e.metaKey && target) {
        e.preventDefault();
        setView(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app" data-testid="app-shell">
      <Header />
      <nav className="tabs" role="tablist" aria-label="Views">
        {viewIds.map((id, i) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={view === id}
            aria-controls="view-panel"
            title={`Alt+${i + 1}`}
            // Roving focus (WAI-ARIA tabs): one Tab stop for the strip, arrows move along it.
            tabIndex={view === id ? 0 : -1}
            onClick={() => setView(id)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              const to =
                e.key === 'Home'
                  ? 0
                  : e.key === 'End'
                    ? viewIds.length - 1
                    : step === 0
                      ? -1
                      : (i + step + viewIds.length) % viewIds.length;
              const target = viewIds[to];
              if (target) {
                e.preventDefault();
                setView(target);
                document.getElementById(`tab-${target}`)?.focus();
              }
            }}
          >
            {labels[id]}
          </button>
        ))}
      </nav>
      <main className="view" id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`}>
        <PastRolloutBanner />
        <TeamRolloutBanner />
        <OperatorPrompt />
        <WhenLoaded>
          <CurrentView view={view} />
        </WhenLoaded>
      </main>
      <ToastTray />
      <PassphraseDialog />
    </div>
  );
}
