/**
 * Electron entry: wires the setupX() modules and nothing else. The API behind the window is
 * the app facade (src-main/app), opened on the demo workspace; preferences and recent
 * workspaces live in the shell's electron-store.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron';
import Store from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  RENDERER_INDEX_URL,
  resolveAppRequest,
} from './app-protocol';
import { createRingsideApp, type RingsideApp } from '../app';
import { osUserName } from '../app/settings-port';
import { pushChannel, type RingsideApi } from '../core/contract';
import { forwardPushes, setupIpc } from './ipc';
import { setupMenu } from './menu';
import { setupNotifications } from './notifications';
import { openPlanFromDialog, PLAN_DIALOG_OPTIONS } from './plan-dialog';
import { createSecretStore } from './secrets';
import { createSettingsStore } from './settings-store';
import { setupSessionSecurity } from './session-security';
import { setupWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, 'renderer');
const indexUrl = RENDERER_INDEX_URL;

app.enableSandbox();
// Before ready: app:// behaves like https (standard, secure origin) for the renderer.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** Serves dist/renderer over app://ringside/, refusing anything outside it. */
function setupAppProtocol(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const r = resolveAppRequest(request.url, rendererDir);
    return r.ok ? net.fetch(pathToFileURL(r.path).href) : new Response(null, { status: r.status });
  });
}

/** The facade, closed on quit so the journal lock is released and the sim fleet stops. */
let ringside: RingsideApp | null = null;

/** Set once IPC is wired; macOS re-opens a window through it on dock activation. */
let openWindow: (() => void) | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const store = createSettingsStore(
    new Store({ name: 'ringside' }),
    (m) => console.warn(m),
    osUserName(),
  );
  // SSH key passphrases the operator chose to remember, encrypted by the OS keychain.
  const secrets = createSecretStore(safeStorage, new Store({ name: 'ringside-secrets' }));
  const facade = await createRingsideApp({
    workspace: { demo: true },
    journalRoot: join(app.getPath('userData'), 'journals'),
    settings: store,
    secrets,
    log: (line) => console.warn(`ringside: ${line}`),
  });
  ringside = facade;
  const api: RingsideApi = facade;
  setupAppProtocol();
  setupSessionSecurity(session.defaultSession);
  setupIpc(ipcMain, api, indexUrl);
  setupNotifications(
    api,
    () => store.getSettings().notifications,
    () => BrowserWindow.getAllWindows()[0]?.show(),
  );
  openWindow = () => {
    const win = setupWindow({
      preloadPath: join(here, 'preload.cjs'),
      indexUrl,
      externalOrigins: () => store.getSettings().prometheusUrls,
      state: store.getWindowState(),
      onStateChange: (s) => store.saveWindowState(s),
    });
    forwardPushes(api, win.webContents);
  };
  // Plan files: only what the person picks in this dialog (allowPlan), never a renderer path.
  const openPlan = (): void => {
    const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const show = () =>
      win
        ? dialog.showOpenDialog(win, PLAN_DIALOG_OPTIONS)
        : dialog.showOpenDialog(PLAN_DIALOG_OPTIONS);
    openPlanFromDialog(show, facade).catch((e: unknown) =>
      dialog.showErrorBox(
        'Ringside could not open that plan',
        e instanceof Error ? e.message : String(e),
      ),
    );
  };
  setupMenu(
    (command) =>
      BrowserWindow.getFocusedWindow()?.webContents.send(pushChannel('onMenuCommand'), { command }),
    openPlan,
  );
  openWindow();
}

app.on('will-quit', (event) => {
  const facade = ringside;
  if (facade) {
    ringside = null;
    event.preventDefault();
    void facade.close().finally(() => app.quit());
  }
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') {
    app.quit();
  }
});
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) {
    openWindow?.();
  }
});

void start().catch((e: unknown) => {
  console.error(
    `ringside: failed to start the window: ${e instanceof Error ? e.message : String(e)}`,
  );
  app.exit(1);
});
