/**
 * Electron entry: wires the setupX() modules and nothing else. The API behind the window is
 * the contract's placeholder until the app facade lands (it answers "engine not wired yet").
 */
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import Store from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNotWiredApi, pushChannel, type RingsideApi } from '../core/contract';
import { forwardPushes, setupIpc } from './ipc';
import { setupMenu } from './menu';
import { setupNotifications } from './notifications';
import { createSecretStore } from './secrets';
import { createSettingsStore } from './settings-store';
import { setupSessionSecurity, setupWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const indexPath = join(here, 'renderer', 'index.html');
const indexUrl = pathToFileURL(indexPath).href;

app.enableSandbox();

/** Set once IPC is wired; macOS re-opens a window through it on dock activation. */
let openWindow: (() => void) | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const store = createSettingsStore(new Store({ name: 'ringside' }), (m) => console.warn(m));
  // Handed to the app facade next wave (SSH key passphrases, Prometheus tokens).
  const secrets = createSecretStore(safeStorage, new Store({ name: 'ringside-secrets' }));
  void secrets;
  // Preferences and recent workspaces are the shell's own; the rest waits for the facade.
  const api: RingsideApi = {
    ...createNotWiredApi(),
    getSettings: async () => store.getSettings(),
    setSettings: async (patch = {}) => store.setSettings(patch),
    listRecentWorkspaces: async () => store.listRecent(),
  };
  setupSessionSecurity();
  setupIpc(ipcMain, api, indexUrl);
  setupNotifications(
    api,
    () => store.getSettings().notifications,
    () => BrowserWindow.getAllWindows()[0]?.show(),
  );
  openWindow = () => {
    const win = setupWindow({
      preloadPath: join(here, 'preload.cjs'),
      indexPath,
      indexUrl,
      state: store.getWindowState(),
      onStateChange: (s) => store.saveWindowState(s),
    });
    forwardPushes(api, win.webContents);
  };
  setupMenu((command) =>
    BrowserWindow.getFocusedWindow()?.webContents.send(pushChannel('onMenuCommand'), { command }),
  );
  openWindow();
}

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
