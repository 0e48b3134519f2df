import { createRoot } from 'react-dom/client';
import { createBrowserNotifier, windowNotificationPort } from './api/browser-notifications';
import { chooseApi } from './api/client';
import { connectStore, refreshAll } from './api/connect-store';
import { App } from './app';
import { setLoadError } from './store/actions';
import { useAppStore } from './store/app-store';
import './styles.css';

const api = chooseApi(window);
if (api) {
  connectStore(api);
  // Electron raises desktop notifications from main; a browser tab raises its own.
  if (!window.ringside) {
    api.onNotification(
      createBrowserNotifier(
        windowNotificationPort(window),
        () => useAppStore.getState().settings?.notifications ?? true,
      ),
    );
  }
  // After a WebSocket reconnect the pushes missed meanwhile are gone: fetch afresh.
  useAppStore.subscribe((state, previous) => {
    if (state.connection === 'connected' && previous.connection === 'backingOff') {
      void refreshAll(api);
    }
  });
} else {
  setLoadError(
    'no Ringside API: open the URL that `ringside serve` printed (it carries ?token=...), or start the desktop app',
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<App />);
}
