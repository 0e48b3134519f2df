import { describe, expect, it } from 'vitest';
import { delay } from '../../src-main/sim/sim-host';
import { Stop } from '../../src-main/sim/stop-signal';

describe('a simulated command stop', () => {
  it('ends a delay at once when stopped, and a finished delay leaves nothing waiting', async () => {
    const stop = new Stop();
    const waiting = delay(60_000, stop).then(() => 'ended');
    stop.abort();
    const later = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000));
    expect(await Promise.race([waiting, later])).toBe('ended');

    const other = new Stop();
    const calls: string[] = [];
    other.whenAborted(() => calls.push('kept'));
    await delay(1, other);
    other.abort();
    other.abort();
    expect(calls).toEqual(['kept']);
  });

  it('calls at once when already stopped, and not after being cancelled', () => {
    const stop = new Stop();
    const calls: string[] = [];
    const cancel = stop.whenAborted(() => calls.push('cancelled'));
    cancel();
    stop.abort();
    stop.whenAborted(() => calls.push('late'));
    expect(calls).toEqual(['late']);
  });
});
