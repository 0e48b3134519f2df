import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, openJournal } from '../../src-main/adapters/journal';

let dir = '';
let lockPath = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-journal-lock-'));
  lockPath = join(dir, 'journal.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = new Date(Date.UTC(2026, 10, 26, 7, 0, 0));

describe('acquireLock', () => {
  it('writes pid, host and since, and removes only its own lock on release', async () => {
    const taken = await acquireLock(lockPath, 'J', at);
    expect(taken.ok).toBe(true);
    if (!taken.ok) {
      return;
    }
    const content = JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({
      pid: process.pid,
      host: hostname(),
      since: '2026-11-26T07:00:00.000Z',
    });
    // No temporary files are left beside the lock.
    expect(await readdir(dir)).toEqual(['journal.lock']);
    await taken.lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a lock held on another host (liveness unknown), naming it', async () => {
    const holder = { pid: 4242, host: 'build-7', since: '2026-11-25T22:00:00.000Z', token: 'x' };
    await writeFile(lockPath, JSON.stringify(holder));
    const refused = await acquireLock(lockPath, 'J', at);
    expect(refused).toEqual({
      ok: false,
      holder,
      message: `journal J is locked by pid 4242 on host build-7 since 2026-11-25T22:00:00.000Z (lock file ${lockPath})`,
    });
  });

  it('refuses a lock file it cannot read as a lock, and says what to do', async () => {
    await writeFile(lockPath, 'garbage');
    const refused = await acquireLock(lockPath, 'J', at);
    expect(!refused.ok && refused.message).toMatch(
      /whose content is not a lock record .* remove it by hand/,
    );
  });

  it('takes over a stale lock of a dead pid on this host, with a warning', async () => {
    // pid 2^22+1 is above Linux's pid_max default ceiling, so it cannot be running.
    const holder = {
      pid: 4194305,
      host: hostname(),
      since: '2026-11-25T22:00:00.000Z',
      token: 'old',
    };
    await writeFile(lockPath, JSON.stringify(holder));
    const opened = await openJournal(dir, { now: at });
    expect(opened.ok).toBe(true);
    if (!opened.ok) {
      return;
    }
    expect(opened.journal.warnings).toEqual([
      `took over the stale lock of pid 4194305 on host ${hostname()} since 2026-11-25T22:00:00.000Z on journal ${join(dir, 'journal.jsonl')}: that process is no longer running`,
    ]);
    const content = JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>;
    expect(content.pid).toBe(process.pid);
    await opened.journal.close();
  });
});
