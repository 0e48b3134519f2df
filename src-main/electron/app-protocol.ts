/**
 * The renderer is served from a custom `app://` protocol instead of `file://` (Electron
 * security checklist: "use a custom protocol instead of file://"), so the page's origin is
 * `app://ringside`, not the whole file system. Pure: the path mapping is tested in plain
 * Node; main.ts registers the scheme and calls {@link resolveAppRequest} from `protocol.handle`.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ringside';
/** The renderer's page: what the window loads and the only frame trusted with IPC. */
export const RENDERER_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** A file of the built renderer to serve, or the status to refuse with. */
export type AppRequest =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly status: 403 | 404 };

/**
 * Maps `app://ringside/PATH` onto a file under `rendererDir`. Refuses (403) another host,
 * another scheme, encoded or plain `..` that would leave the directory, NUL and backslashes.
 */
export function resolveAppRequest(url: string, rendererDir: string): AppRequest {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 403 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) {
    return { ok: false, status: 403 };
  }
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 403 };
  }
  if (path.includes('\0') || path.includes('\\')) {
    return { ok: false, status: 403 };
  }
  const file = normalize(join(rendererDir, path === '/' ? '/index.html' : path));
  const rel = relative(rendererDir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return { ok: false, status: 403 };
  }
  return { ok: true, path: file };
}
