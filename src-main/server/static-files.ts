/** Maps a request path to a file under the renderer's directory, refusing anything outside. */
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export type StaticLookup =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'notFound' }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'badRequest'; reason: string };

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Resolves `pathname` (still percent-encoded, as in the request line) under `root`.
 * Decoding happens once, before the containment check, so `%2e%2e%2f` cannot slip past it.
 */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'badRequest', reason: `malformed percent-encoding in path ${pathname}` };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { kind: 'forbidden', reason: 'path holds a NUL or backslash' };
  }
  const base = resolve(root);
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(base, relative);
  if (full !== base && !full.startsWith(base + sep)) {
    return { kind: 'forbidden', reason: 'path leaves the renderer directory' };
  }
  const type = contentTypes[extname(full).toLowerCase()];
  if (type === undefined) {
    return { kind: 'notFound' };
  }
  try {
    const info = await stat(full);
    return info.isFile() ? { kind: 'file', path: full, contentType: type } : { kind: 'notFound' };
  } catch {
    return { kind: 'notFound' };
  }
}
