/** Waiting on the console facade's snapshot, for tests of the app against the real engine. */
import type { RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';

/**
 * Polls `app`'s snapshot every 100 ms until `ok` holds (at most `tries` times; the test's own
 * timeout bounds it, nothing is timed), and says what it waited for when it gives up.
 */
export async function untilSnapshot(
  app: RingsideApp,
  what: string,
  ok: (s: ConsoleSnapshot) => boolean,
  tries = 400,
): Promise<ConsoleSnapshot> {
  let last: ConsoleSnapshot | null = null;
  for (let i = 0; i < tries; i++) {
    last = await app.getSnapshot();
    if (ok(last)) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out waiting for ${what} (rollout ${last?.rollout.status ?? 'unknown'}; last: ${last?.timeline.at(-1)?.text ?? 'nothing journaled'})`,
  );
}
