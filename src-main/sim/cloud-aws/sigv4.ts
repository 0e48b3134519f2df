/**
 * An AWS Signature Version 4 verifier written from the published algorithm (canonical
 * request -> string to sign -> HMAC chain), independent of the SDK's signer, so a signing
 * or serialization bug on the client side fails against the simulated cloud.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A request as it reached the server. Header names in any case; values as received. */
export interface SignedRequest {
  readonly method: string;
  /** Path and query exactly as on the request line (`/?Action=...`). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
}

/** Parts of a parsed `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface AuthorizationParts {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Why a request is refused, in AWS's own error codes. */
export type SigV4Refusal =
  | {
      readonly code: 'MissingAuthenticationToken' | 'IncompleteSignature';
      readonly message: string;
    }
  | { readonly code: 'SignatureDoesNotMatch'; readonly message: string }
  | { readonly code: 'RequestExpired'; readonly message: string };

export type SigV4Check =
  | { readonly ok: true; readonly auth: AuthorizationParts; readonly amzDate: string }
  | { readonly ok: false; readonly refusal: SigV4Refusal };

const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding: every byte except A-Z a-z 0-9 - _ . ~ as %XX (uppercase). */
export function uriEncode(s: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) {
      out += c;
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

/** The canonical query string: pairs re-encoded, sorted by name then value. */
export function canonicalQuery(query: string): string {
  if (query === '') {
    return '';
  }
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      const v = eq < 0 ? '' : p.slice(eq + 1);
      return [uriEncode(decodeComponent(k)), uriEncode(decodeComponent(v))] as const;
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Every path segment URI-encoded once (the SDK signs with single encoding for non-S3 too). */
function canonicalPath(path: string): string {
  const normalized = path === '' ? '/' : path;
  return normalized
    .split('/')
    .map((seg) => uriEncode(decodeComponent(seg)))
    .join('/');
}

function headerValue(h: SignedRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === name) {
      return v === undefined ? undefined : typeof v === 'string' ? v : v.join(',');
    }
  }
  return undefined;
}

/** `Name:value` lines of the signed headers: values trimmed, inner runs of spaces collapsed. */
function canonicalHeaders(req: SignedRequest, signed: readonly string[]): string {
  return signed
    .map(
      (name) => `${name}:${(headerValue(req.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`,
    )
    .join('');
}

/** The canonical request of step 1 of the algorithm. */
export function canonicalRequest(
  req: SignedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  return [
    req.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    canonicalHeaders(req, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** The string to sign of step 2. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
}

/** The signing key of step 3: HMAC chain over date, region, service and `aws4_request`. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Hex signature of a string to sign. */
export function signatureOf(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/** Parses the Authorization header; a refusal says what is missing. */
export function parseAuthorization(
  header: string | undefined,
): { ok: true; parts: AuthorizationParts } | { ok: false; refusal: SigV4Refusal } {
  if (header === undefined || header === '') {
    return {
      ok: false,
      refusal: {
        code: 'MissingAuthenticationToken',
        message: 'Request is missing Authentication Token',
      },
    };
  }
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(header.trim());
  const fields = new Map<string, string>();
  for (const part of (m?.[1] ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  const credential = fields.get('Credential')?.split('/') ?? [];
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const [accessKeyId, date, region, service, terminal] = credential;
  if (
    !m ||
    credential.length !== 5 ||
    !accessKeyId ||
    !date ||
    !region ||
    !service ||
    terminal !== 'aws4_request' ||
    !signedHeaders ||
    !signature
  ) {
    return {
      ok: false,
      refusal: {
        code: 'IncompleteSignature',
        message: `Authorization header requires 'Credential' (KEY/DATE/REGION/SERVICE/aws4_request), 'SignedHeaders' and 'Signature' parameters.`,
      },
    };
  }
  return {
    ok: true,
    parts: {
      accessKeyId,
      date,
      region,
      service,
      signedHeaders: signedHeaders.split(';'),
      signature,
    },
  };
}

/** `20150830T123600Z` -> ms since epoch, or NaN. */
export function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m
    ? Date.UTC(
        +(m[1] ?? 0),
        +(m[2] ?? 1) - 1,
        +(m[3] ?? 1),
        +(m[4] ?? 0),
        +(m[5] ?? 0),
        +(m[6] ?? 0),
      )
    : NaN;
}

/**
 * Verifies a request's SigV4 signature against `secretFor(accessKeyId)` (undefined: an
 * unknown key, the caller's refusal) at time `nowMs`. The payload hash is always computed
 * from the body received, so a body changed after signing is refused; `host` and
 * `x-amz-date` must be among the signed headers, and every header named as signed must be
 * present. A request dated more than 15 minutes from `nowMs` is `RequestExpired`.
 */
export function verifySigV4(
  req: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  nowMs: number,
): SigV4Check | { ok: false; refusal: { code: 'UnknownKey'; message: string } } {
  const parsed = parseAuthorization(headerValue(req.headers, 'authorization'));
  if (!parsed.ok) {
    return parsed;
  }
  const auth = parsed.parts;
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? '';
  const signedSet = new Set(auth.signedHeaders);
  const missing = ['host', 'x-amz-date'].filter((h) => !signedSet.has(h));
  const absent = auth.signedHeaders.filter((h) => headerValue(req.headers, h) === undefined);
  const sorted = [...auth.signedHeaders].sort().join(';') === auth.signedHeaders.join(';');
  if (missing.length > 0 || absent.length > 0 || !sorted) {
    return {
      ok: false,
      refusal: {
        code: 'IncompleteSignature',
        message:
          missing.length > 0
            ? `Signed headers must include ${missing.join(' and ')}.`
            : absent.length > 0
              ? `Signed header ${absent.join(', ')} is not on the request.`
              : 'SignedHeaders must be sorted, lowercase and separated by semicolons.',
      },
    };
  }
  const at = parseAmzDate(amzDate);
  if (Number.isNaN(at) || !amzDate.startsWith(auth.date)) {
    return {
      ok: false,
      refusal: {
        code: 'IncompleteSignature',
        message: `X-Amz-Date '${amzDate}' must be YYYYMMDDTHHMMSSZ and on the credential scope's date ${auth.date}.`,
      },
    };
  }
  if (Math.abs(nowMs - at) > 15 * 60_000) {
    return {
      ok: false,
      refusal: {
        code: 'RequestExpired',
        message: `Request has expired (signed at ${amzDate}, more than 15 minutes from the server's time).`,
      },
    };
  }
  const secret = secretFor(auth.accessKeyId);
  if (secret === undefined) {
    return {
      ok: false,
      refusal: {
        code: 'UnknownKey',
        message: 'AWS was not able to validate the provided access credentials',
      },
    };
  }
  const bodyHash = sha256Hex(req.body);
  const claimed = headerValue(req.headers, 'x-amz-content-sha256');
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== bodyHash) {
    return {
      ok: false,
      refusal: {
        code: 'SignatureDoesNotMatch',
        message: 'The provided x-amz-content-sha256 header does not match what was computed.',
      },
    };
  }
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const canonical = canonicalRequest(req, auth.signedHeaders, bodyHash);
  const toSign = stringToSign(amzDate, scope, canonical);
  const expected = signatureOf(signingKey(secret, auth.date, auth.region, auth.service), toSign);
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(auth.signature, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return {
      ok: false,
      refusal: {
        code: 'SignatureDoesNotMatch',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      },
    };
  }
  return { ok: true, auth, amzDate };
}
