import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJournal, openJournal } from '../../src-main/adapters/journal';

/**
 * Real processes against one journal: a child (node + tsx) takes the lock or appends in a
 * loop, the test process is the second writer, and SIGKILL is the crash.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const JOURNAL_MODULE = pathToFileURL(join(ROOT, 'src-main/adapters/journal/index.ts')).href;

const CHILD_SOURCE = `
import { openJournal } from ${JSON.stringify(JOURNAL_MODULE)};
const [mode, path] = process.argv.slice(2);
const opened = await openJournal(path);
if (!opened.ok) {
  console.log('refused ' + opened.error.message);
  process.exit(1);
}
const j = opened.journal;
console.log('ready ' + process.pid);
if (mode === 'append') {
  // Four concurrent appenders, so group commit is in play when the kill lands.
  let n = 0;
  const worker = async (w) => {
    for (;;) {
      n += 1;
      const [r] = await j.append([{ type: 'HostStepSucceeded', host: 'h' + w, n }]);
      console.log('durable ' + r.seq + ' ' + r.hash);
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
} else {
  setInterval(() => {}, 1 << 30);
}
`;

let dir = '';
let script = '';
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-journal-proc-'));
  script = join(dir, 'child.mts');
  await writeFile(script, CHILD_SOURCE);
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
    }
  }
  await rm(dir, { recursive: true, force: true });
});

/** Starts the child and resolves once it printed `ready`; `lines` collects all its output. */
async function startChild(
  mode: 'hold' | 'append',
  journal: string,
): Promise<{ child: ChildProcess; lines: string[]; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, journal], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((ready, fail) => {
    rl.on('line', (line) => {
      lines.push(line);
      if (line.startsWith('ready ')) {
        ready();
      }
    });
    void exited.then(() =>
      fail(new Error(`child exited before ready: ${lines.join('\n')} ${stderr}`)),
    );
  });
  return { child, lines, exited };
}

async function waitFor(cond: () => boolean, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!cond()) {
    if (gone) {
      throw new Error('child exited early');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('journal across processes', () => {
  it('refuses a second writer while another process holds the lock, then takes over its stale lock after SIGKILL', async () => {
    const { child, exited } = await startChild('hold', dir);
    const refused = await openJournal(dir);
    expect(refused.ok).toBe(false);
    if (refused.ok) {
      return;
    }
    expect(refused.error.kind).toBe('locked');
    expect(refused.error.message).toMatch(
      new RegExp(
        `^journal ${join(dir, 'journal.jsonl')} is locked by pid ${child.pid} on host ${hostname()} since \\S+ \\(lock file ${join(dir, 'journal.lock')}\\)$`,
      ),
    );
    // Read-only loading needs no lock.
    expect((await loadJournal(dir)).ok).toBe(true);

    child.kill('SIGKILL');
    await exited;
    const taken = await openJournal(dir);
    expect(taken.ok).toBe(true);
    if (!taken.ok) {
      return;
    }
    expect(taken.journal.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^took over the stale lock of pid ${child.pid} on host ${hostname()} since \\S+ on journal .*: that process is no longer running$`,
        ),
      ),
    ]);
    await taken.journal.close();
  });

  it('keeps every record the child reported durable when it is killed mid-append', async () => {
    const { child, lines, exited } = await startChild('append', dir);
    await waitFor(() => lines.filter((l) => l.startsWith('durable ')).length >= 300, exited);
    child.kill('SIGKILL');
    await exited;

    const reported = lines
      .filter((l) => l.startsWith('durable '))
      .map((l) => {
        const [, seq, hash] = l.split(' ');
        return { seq: Number(seq), hash };
      });
    const loaded = await loadJournal(dir);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) {
      return;
    }
    const bySeq = new Map(loaded.records.map((r) => [r.seq, r.hash]));
    const missing = reported.filter((r) => bySeq.get(r.seq) !== r.hash);
    expect(missing).toEqual([]);
    expect(loaded.lastSeq).toBeGreaterThanOrEqual(Math.max(...reported.map((r) => r.seq)));

    // The killed writer's journal opens for appending and continues its chain.
    const reopened = await openJournal(dir);
    expect(reopened.ok).toBe(true);
    if (reopened.ok) {
      const [next] = await reopened.journal.append([{ type: 'OperatorNote' }]);
      expect(next?.seq).toBe(loaded.lastSeq + 1);
      await reopened.journal.close();
    }
  });
});
