/**
 * The session's security handlers, written against the slice of Electron's `Session` they
 * use (types only, no runtime import), so a unit test can install them on a fake session
 * and call them: CSP header on every response, every permission request and check denied,
 * and no request leaves the packaged renderer (app://) except devtools, data: and blob:.
 */
import type { Session } from 'electron';
import { APP_SCHEME } from './app-protocol';
import { desktopCsp } from './navigation-policy';

/** What {@link setupSessionSecurity} touches on a session. */
export type SessionLike = {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** URLs the window may load: the renderer over app://, devtools, data: and blob:. */
export function isRequestAllowed(url: string): boolean {
  return new RegExp(`^(${APP_SCHEME}|devtools|data|blob):`).test(url);
}

/** Installs the handlers on `session` (Electron: `session.defaultSession`). */
export function setupSessionSecurity(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [desktopCsp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  // Camera, notifications from pages, clipboard, geolocation, ...: never granted or reported.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url) });
  });
}
