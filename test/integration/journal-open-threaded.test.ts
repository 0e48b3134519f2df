/**
 * Opening a journal whose tail after the checkpoint is long enough for a second thread
 * (issue 12: "open_1m_s < 1"): the tail is read and hash-checked there while the checkpoint
 * is decoded here. Through the production wiring (`ringside status`, loadRolloutState), the
 * rollout must read exactly as a full replay from the first record reads it, and damage in
 * the tail must be named with the same words, line and exit code.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointPath, readCheckpoint } from '../../src-main/adapters/journal/checkpoint';
import { TAIL_CHECK_MIN_BYTES } from '../../src-main/adapters/journal/tail-check';
import { STATE_FORMAT } from '../../src-main/core/rollout';
import { loadRolloutState } from '../../src-main/runtime/load-rollout-state';
import { generateCheckpointedJournal } from '../bench/journal-fixture';
import { runCliCaptured } from '../helpers/cli-io';

let dir = '';
let file = '';
let checkpointText = '';
const CHECKPOINT_SEQ = 1_000;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ringside-open-threaded-'));
  file = path.join(dir, 'journal.jsonl');
  // 1,600 hosts, ~16,000 records: a tail of ~5 MB after record 1,000.
  await generateCheckpointedJournal(file, CHECKPOINT_SEQ, 1_600);
  checkpointText = readFileSync(checkpointPath(file), 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `ringside status --json` of the journal, without the ETA (it depends on the clock). */
async function statusJson(): Promise<{ code: number; view: unknown; err: string[] }> {
  const r = await runCliCaptured(['status', dir, '--json', '--events', '25']);
  if (r.code !== 0) {
    return { code: r.code, view: null, err: r.err };
  }
  const view = JSON.parse(r.out.join('\n')) as Record<string, unknown>;
  delete view.eta;
  return { code: r.code, view, err: r.err };
}

describe('opening a journal with a long tail', () => {
  it('reads the checkpoint and a tail long enough for the second thread', async () => {
    const cp = await readCheckpoint(file, STATE_FORMAT);
    expect(cp.kind).toBe('usable');
    if (cp.kind !== 'usable') {
      return;
    }
    expect(statSync(file).size - cp.header.offset).toBeGreaterThanOrEqual(TAIL_CHECK_MIN_BYTES);
    const withCheckpoint = await loadRolloutState(dir, 5);
    rmSync(checkpointPath(file));
    const fromFirst = await loadRolloutState(dir, 5);
    writeFileSync(checkpointPath(file), checkpointText);
    expect(withCheckpoint.ok && withCheckpoint.checkpointSeq).toBe(CHECKPOINT_SEQ);
    expect(fromFirst.ok && fromFirst.checkpointSeq).toBeNull();
    if (!withCheckpoint.ok || !fromFirst.ok) {
      return;
    }
    expect(withCheckpoint.lastSeq).toBe(fromFirst.lastSeq);
    expect(withCheckpoint.lastHash).toBe(fromFirst.lastHash);
    expect(withCheckpoint.validBytes).toBe(fromFirst.validBytes);
    expect(withCheckpoint.recent).toEqual(fromFirst.recent);
    expect(JSON.stringify(withCheckpoint.state)).toBe(JSON.stringify(fromFirst.state));
  });

  it('`ringside status` says the same with the checkpoint as from the first record', async () => {
    const threaded = await statusJson();
    rmSync(checkpointPath(file));
    const full = await statusJson();
    writeFileSync(checkpointPath(file), checkpointText);
    expect(threaded.code).toBe(0);
    expect(threaded.view).toEqual(full.view);
  });

  it('names a damaged record in the tail with the same line and words', async () => {
    const original = readFileSync(file);
    try {
      // One byte of an event's text, about two thirds into the tail.
      const at = Math.floor(original.length * 0.66);
      const damaged = Buffer.from(original);
      const nl = damaged.indexOf(0x0a, at);
      const target = damaged.lastIndexOf(Buffer.from('"host":"'), nl) + 9;
      damaged[target] = (damaged[target] ?? 0) ^ 0x01;
      writeFileSync(file, damaged);
      const threaded = await statusJson();
      rmSync(checkpointPath(file));
      const full = await statusJson();
      expect(threaded.code).toBe(2);
      expect(threaded.err).toEqual(full.err);
      expect(threaded.err.join('\n')).toMatch(/journal\.jsonl:\d+: hash mismatch/);
    } finally {
      writeFileSync(file, original);
      writeFileSync(checkpointPath(file), checkpointText);
    }
  });
});
