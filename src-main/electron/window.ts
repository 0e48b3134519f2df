/** The one console window, locked down: no Node, sandboxed, own pages only (app://), CSP enforced. */
import { BrowserWindow, shell } from 'electron';
import { isExternalLinkAllowed, isNavigationAllowed } from './navigation-policy';
import type { WindowState } from './settings-store';
import { windowWebPreferences } from './window-config';

export interface WindowOptions {
  readonly preloadPath: string;
  /** The renderer's page over app:// (see app-protocol.ts). */
  readonly indexUrl: string;
  /** Origins besides the allow-list that links may open (the configured Prometheus URLs). */
  readonly externalOrigins: () => readonly string[];
  readonly state: WindowState;
  readonly onStateChange: (state: WindowState) => void;
}

export function setupWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    x: options.state.x,
    y: options.state.y,
    width: options.state.width,
    height: options.state.height,
    minWidth: 1024,
    minHeight: 700,
    title: 'Ringside',
    show: false,
    webPreferences: windowWebPreferences(options.preloadPath),
  });
  if (options.state.maximized) {
    win.maximize();
  }
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url, options.externalOrigins())) {
      void shell.openExternal(url);
    }
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, options.indexUrl)) {
      event.preventDefault();
    }
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  const save = () => {
    const b = win.getNormalBounds();
    options.onStateChange({ ...b, maximized: win.isMaximized() });
  };
  win.on('resized', save);
  win.on('moved', save);
  win.on('close', save);
  void win.loadURL(options.indexUrl);
  return win;
}
