/** Why an HTTP fetch produced no usable body. */
export type HttpFailure =
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'http'; readonly status: number; readonly message: string }
  | { readonly kind: 'too-large'; readonly message: string };

/** A fetched body, or why there is none. */
export type HttpTextResult =
  | {
      readonly ok: true;
      readonly status: number;
      readonly body: string;
      /** The body as received: parsers that must see invalid UTF-8 read these. */
      readonly bytes: Uint8Array;
      readonly contentType: string;
    }
  | { readonly ok: false; readonly error: HttpFailure };

/** Request options. */
export interface HttpTextOptions {
  readonly timeoutMs: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Bodies above this are refused (default 16 MiB): a runaway endpoint must not eat the console. */
  readonly maxBytes?: number;
  /** Treat non-2xx as a failure (default true). */
  readonly requireOk?: boolean;
}

/**
 * Fetches a text body with a hard timeout covering connect, headers and body. Every failure
 * is a typed result naming the URL; nothing throws.
 */
export async function fetchText(url: string, opts: HttpTextOptions): Promise<HttpTextResult> {
  const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
  try {
    const init: RequestInit = {
      method: opts.method ?? 'GET',
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'follow',
    };
    if (opts.headers !== undefined) {
      init.headers = { ...opts.headers };
    }
    if (opts.body !== undefined) {
      init.body = opts.body;
    }
    const res = await fetch(url, init);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await res.body?.cancel();
      return {
        ok: false,
        error: {
          kind: 'too-large',
          message: `${url}: body of ${declared} bytes exceeds ${maxBytes}`,
        },
      };
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const body = new TextDecoder().decode(bytes);
    if (bytes.length > maxBytes) {
      return {
        ok: false,
        error: {
          kind: 'too-large',
          message: `${url}: body of ${bytes.length} bytes exceeds ${maxBytes}`,
        },
      };
    }
    if ((opts.requireOk ?? true) && !res.ok) {
      return {
        ok: false,
        error: {
          kind: 'http',
          status: res.status,
          message: `${url}: HTTP ${res.status} ${res.statusText}: ${body.slice(0, 200)}`,
        },
      };
    }
    return {
      ok: true,
      status: res.status,
      body,
      bytes,
      contentType: res.headers.get('content-type') ?? '',
    };
  } catch (e) {
    const err = e as Error;
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      return {
        ok: false,
        error: {
          kind: 'timeout',
          message: `${url}: no complete response within ${opts.timeoutMs} ms`,
        },
      };
    }
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      error: {
        kind: 'network',
        message: `${url}: ${cause?.code ?? cause?.message ?? err.message}`,
      },
    };
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
