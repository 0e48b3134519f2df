import { RENDERER_CSP } from '../core/csp';

/**
 * Which URLs the window may show and which frames may call IPC. Pure, so it is tested in
 * plain Node: the renderer is the packaged index.html and nothing else.
 */

/** True when `url` is the renderer's own page (query and hash ignored). */
export function isRendererUrl(url: string | undefined, rendererIndexUrl: string): boolean {
  if (url === undefined || url === '') {
    return false;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(rendererIndexUrl);
  return (
    parsed.protocol === expected.protocol &&
    parsed.host === expected.host &&
    parsed.pathname === expected.pathname
  );
}

/** Facts about the frame an IPC message came from. */
export interface SenderFacts {
  readonly frameUrl: string | undefined;
  /** The sender is the window's top frame, not an iframe. */
  readonly isMainFrame: boolean;
}

/** IPC is accepted only from the renderer page's top frame. */
export function isTrustedSender(sender: SenderFacts, rendererIndexUrl: string): boolean {
  return sender.isMainFrame && isRendererUrl(sender.frameUrl, rendererIndexUrl);
}

/** In-window navigation: only reloads of the renderer itself. */
export function isNavigationAllowed(url: string, rendererIndexUrl: string): boolean {
  return isRendererUrl(url, rendererIndexUrl);
}

/**
 * Hosts whose https links open in the system browser (`shell.openExternal`); a renderer
 * that asks for anything else (another host, http, file:, a custom scheme) is refused.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'prometheus.io',
  'github.com',
  'www.electronjs.org',
];

/**
 * Links the operator clicks open in the system browser only for https URLs on the
 * allow-list, plus the Prometheus servers the operator configured (`extraOrigins`).
 */
export function isExternalLinkAllowed(url: string, extraOrigins: readonly string[] = []): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username !== '' || u.password !== '') {
    return false;
  }
  if (extraOrigins.some((o) => safeOrigin(o) === u.origin)) {
    return true;
  }
  return u.protocol === 'https:' && EXTERNAL_LINK_HOSTS.includes(u.hostname);
}

function safeOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** CSP for the desktop window: the page's meta tag's string (core/csp), sent as header too. */
export const desktopCsp = RENDERER_CSP;
