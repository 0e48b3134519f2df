/**
 * The renderer's Content-Security-Policy, written once: the `<meta>` in
 * src-renderer/index.html carries exactly this string (a unit test compares them) and the
 * desktop shell sends it as the header. Browser mode adds its own stricter header per origin.
 * `frame-ancestors` is header-only (ignored in a meta), so it is not part of this string.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // recharts and React set inline style attributes; no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Browser mode's WebSocket back to the console server on 127.0.0.1.
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
