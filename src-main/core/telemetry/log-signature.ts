/**
 * Log lines grouped into signatures: the variable parts (ids, hex, numbers) masked so that
 * "db timeout after 3012ms user=77" and "... 2999ms user=12" count as one problem.
 */

const UUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
/** Hex runs of 6+ chars holding a digit: trace and span ids, hashes (words like "facade" stay). */
const HEX = /\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,}\b/g;
/** Other opaque ids: 8+ alphanumerics with a letter before a digit ("req8f3kd9x", not "1500000ms"). */
const OPAQUE_ID = /\b(?=[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*\d)[A-Za-z0-9]{8,}\b/g;
const HEX_PREFIXED = /\b0x[0-9a-fA-F]+\b/g;
/** Numbers, also glued to units ("3012ms", "1.5s") or inside words ("worker-12"). */
const NUMBER = /(?<![A-Za-z<])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** Masks the variable parts of a log line: `<uuid>`, `<ip>`, `<hex>`, `<id>`, `<n>`. */
export function logSignature(line: string): string {
  return line
    .trim()
    .replace(UUID, '<uuid>')
    .replace(IPV4, '<ip>')
    .replace(HEX_PREFIXED, '<hex>')
    .replace(HEX, '<hex>')
    .replace(OPAQUE_ID, '<id>')
    .replace(NUMBER, '<n>')
    .replace(/\s+/g, ' ');
}

/** How log lines are recognised and mined. */
export interface LogSignalConfig {
  /** A line is an error when any pattern matches (JavaScript regex source). */
  readonly errorPatterns: readonly string[];
  /** Captures the trace id in group 1, e.g. `trace_id=(\w+)`. */
  readonly traceIdPattern?: string;
  /** Example lines kept per signature (default 3). */
  readonly samplesPerSignature?: number;
  /** Trace ids kept per signature (default 10). */
  readonly traceIdsPerSignature?: number;
}

/** Compiled patterns; invalid regexes are a reported failure. */
export type CompiledLogSignal =
  | {
      readonly ok: true;
      readonly errors: readonly RegExp[];
      readonly traceId?: RegExp;
      readonly samples: number;
      readonly traceIds: number;
    }
  | { readonly ok: false; readonly message: string };

/** Compiles the patterns of a log signal, naming the one that does not compile. */
export function compileLogSignal(config: LogSignalConfig): CompiledLogSignal {
  const errors: RegExp[] = [];
  for (const [i, p] of config.errorPatterns.entries()) {
    try {
      errors.push(new RegExp(p));
    } catch (e) {
      return {
        ok: false,
        message: `errorPatterns[${i}] "${p}" is not a valid regex: ${(e as Error).message}`,
      };
    }
  }
  let traceId: RegExp | undefined;
  if (config.traceIdPattern !== undefined) {
    try {
      traceId = new RegExp(config.traceIdPattern);
    } catch (e) {
      return {
        ok: false,
        message: `traceIdPattern "${config.traceIdPattern}" is not a valid regex: ${(e as Error).message}`,
      };
    }
  }
  const base = {
    ok: true as const,
    errors,
    samples: config.samplesPerSignature ?? 3,
    traceIds: config.traceIdsPerSignature ?? 10,
  };
  return traceId === undefined ? base : { ...base, traceId };
}

/** One signature's tally. */
export interface SignatureCount {
  readonly signature: string;
  readonly count: number;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly samples: readonly string[];
  readonly traceIds: readonly string[];
}

/** Error-line tally for one ring: per-minute counts and signatures. Immutable. */
export interface LogTally {
  /** Error lines per minute, keyed by the minute's start (ms). */
  readonly perMinute: Readonly<Record<number, number>>;
  readonly signatures: Readonly<Record<string, SignatureCount>>;
  readonly lines: number;
  readonly errorLines: number;
}

/** An empty tally. */
export const emptyLogTally: LogTally = { perMinute: {}, signatures: {}, lines: 0, errorLines: 0 };

/** Pulls the trace id from a line when the signal names a pattern. */
export function extractTraceId(line: string, signal: CompiledLogSignal): string | undefined {
  if (!signal.ok || signal.traceId === undefined) {
    return undefined;
  }
  const m = signal.traceId.exec(line);
  return m?.[1] ?? m?.[0];
}

/** Adds one log line seen at `nowMs` to a tally; non-error lines only bump `lines`. */
export function tallyLine(
  tally: LogTally,
  line: string,
  nowMs: number,
  signal: CompiledLogSignal,
): LogTally {
  if (!signal.ok || !signal.errors.some((re) => re.test(line))) {
    return { ...tally, lines: tally.lines + 1 };
  }
  const minute = Math.floor(nowMs / 60_000) * 60_000;
  const signature = logSignature(line);
  const prev = tally.signatures[signature];
  const traceId = extractTraceId(line, signal);
  const samples = prev?.samples ?? [];
  const traceIds = prev?.traceIds ?? [];
  const next: SignatureCount = {
    signature,
    count: (prev?.count ?? 0) + 1,
    firstSeenMs: prev?.firstSeenMs ?? nowMs,
    lastSeenMs: nowMs,
    samples: samples.length < signal.samples ? [...samples, line.trim()] : samples,
    traceIds:
      traceId !== undefined && traceIds.length < signal.traceIds && !traceIds.includes(traceId)
        ? [...traceIds, traceId]
        : traceIds,
  };
  return {
    perMinute: { ...tally.perMinute, [minute]: (tally.perMinute[minute] ?? 0) + 1 },
    signatures: { ...tally.signatures, [signature]: next },
    lines: tally.lines + 1,
    errorLines: tally.errorLines + 1,
  };
}

/** Signatures, most frequent first (ties: earliest first). */
export function topSignatures(tally: LogTally, limit = 5): SignatureCount[] {
  return Object.values(tally.signatures)
    .sort((a, b) => b.count - a.count || a.firstSeenMs - b.firstSeenMs)
    .slice(0, limit);
}
