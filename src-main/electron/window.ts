/** The one console window, locked down: no Node, sandboxed, own pages only, CSP enforced. */
import { BrowserWindow, session, shell } from 'electron';
import { desktopCsp, isExternalLinkAllowed, isNavigationAllowed } from './navigation-policy';
import type { WindowState } from './settings-store';

export interface WindowOptions {
  readonly preloadPath: string;
  readonly indexPath: string;
  readonly indexUrl: string;
  readonly state: WindowState;
  readonly onStateChange: (state: WindowState) => void;
}

/** Applies the CSP header and denies every permission (camera, notifications from pages...). */
export function setupSessionSecurity(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [desktopCsp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  // No remote content: anything that is not the packaged renderer or devtools is cancelled.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = /^(file|devtools|data|blob):/.test(details.url);
    callback({ cancel: !allowed });
  });
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
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (options.state.maximized) {
    win.maximize();
  }
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) {
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
  void win.loadFile(options.indexPath);
  return win;
}
