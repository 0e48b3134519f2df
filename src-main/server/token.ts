/** The browser-mode access token: random, compared in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe base64. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing does not leak how much of a guess matched. */
export function tokensEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Outcome of checking a request's token. */
export type TokenCheck = 'ok' | 'missing' | 'wrong';

/** Checks the `token` query parameter, else the cookie set when the page was opened. */
export function checkToken(
  expected: string,
  query: URLSearchParams,
  cookieHeader: string | undefined,
  cookieName: string,
): TokenCheck {
  const given = query.get('token') ?? readCookie(cookieHeader, cookieName);
  if (given === null || given === '') {
    return 'missing';
  }
  return tokensEqual(expected, given) ? 'ok' : 'wrong';
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return rest.join('=');
    }
  }
  return null;
}
