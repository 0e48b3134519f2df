/**
 * `promtool check metrics` (Debian's Prometheus 2.42, prometheus/common 0.39 expfmt) as an
 * oracle for the Prometheus text format. It parses stdin with the Go text parser, then lints:
 * exit 1 with "error while linting: ..." is a parse error (the exposition is refused); exit 3
 * lists lint problems (naming, missing HELP) of an exposition that parsed; exit 0 is clean.
 * (cmd/promtool/main.go CheckMetrics: failureExitCode 1, lintErrExitCode 3.)
 */
import { spawn } from 'node:child_process';

export const PROMTOOL = '/usr/bin/promtool';

/** How promtool read one exposition. */
export type PromtoolVerdict =
  | { readonly accepted: true; readonly lint: readonly string[] }
  | { readonly accepted: false; readonly error: string };

/** Runs `promtool check metrics` on `body`; anything but exit 0, 1 or 3 throws. */
export function promtoolCheckMetrics(body: Uint8Array): Promise<PromtoolVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = err.split('\n').filter((l) => l !== '');
      if (code === 0 || code === 3) {
        resolve({ accepted: true, lint: lines });
      } else if (code === 1 && err.startsWith('error while linting: ')) {
        resolve({ accepted: false, error: err.slice('error while linting: '.length).trim() });
      } else {
        reject(new Error(`promtool check metrics exited ${code}: ${err}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.from(body));
  });
}

/** Runs `work` over `items`, `limit` at a time; results in input order. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i] as T);
      }
    }),
  );
  return out;
}
