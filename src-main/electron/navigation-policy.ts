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

/** Links the operator clicks (docs, Prometheus) open in the system browser, http(s) only. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** CSP for the desktop window: same as the page's meta tag, enforced by header too. */
export const desktopCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
