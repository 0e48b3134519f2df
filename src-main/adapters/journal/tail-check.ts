/**
 * A journal's tail, read and hash-checked on a second thread while the opener decodes the
 * checkpoint: opening a long journal is the checkpoint's decode plus the tail's records, and
 * the two need nothing of each other until the records are replayed.
 *
 * The second thread checks only lines in the writer's exact layout (record.ts): the seq and
 * prev the chain expects, `,"hash":"…"}` last, and the sha256 of the line's text before it.
 * It hands back the bytes it read (moved, not copied) and where each checked record's event
 * lies. The opener then parses and validates each event itself, as any scan does. The first
 * line the thread could not check (another layout, damage, a torn last line) and everything
 * after it are left to the ordinary scan, which says what is wrong with the same words as
 * ever: this is an accelerator, never a second judge.
 *
 * The thread's program is {@link checkTail}, given to a Worker as source text: a bundle, the
 * test runner and a packaged app (whose files sit in an asar archive) all run it the same
 * way, with nothing but Node's own modules.
 */
import type * as Crypto from 'node:crypto';
import { statSync } from 'node:fs';
import type * as Fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';

/** The record a tail starts after: its seq and hash, and the byte just past its newline. */
export interface TailStart {
  readonly seq: number;
  readonly hash: string;
  readonly offset: number;
}

/** What the second thread checked: `count` records from the start, in `bytes`. */
export interface CheckedTail {
  /** The journal's bytes from the start offset, as read. */
  readonly bytes: Buffer;
  /** Per checked record, the start and end (exclusive) of its event's text in `bytes`. */
  readonly events: Uint32Array;
  readonly count: number;
}

/** A tail being checked; `result` is null when the thread could not do it (scan as usual). */
export interface TailCheck {
  readonly result: Promise<CheckedTail | null>;
  /** Stops the thread when its result is no longer wanted. */
  cancel(): void;
}

/** Below this many tail bytes a second thread costs more than it saves. */
export const TAIL_CHECK_MIN_BYTES = 4 << 20;
/** Above this the tail is streamed as usual, never held whole in memory. */
export const TAIL_CHECK_MAX_BYTES = 256 << 20;

interface TailJob {
  readonly file: string;
  readonly start: TailStart;
  readonly maxBytes: number;
}

type TailReply =
  | {
      readonly ok: true;
      readonly bytes: ArrayBuffer;
      readonly length: number;
      readonly events: ArrayBuffer;
      readonly count: number;
    }
  | { readonly ok: false; readonly message: string };

/**
 * The second thread's whole program. Self-contained: it runs from its source text, so it
 * may use only its parameters (Node's modules) and globals — no import of this file.
 */
function checkTail(wt: typeof WorkerThreads, crypto: typeof Crypto, fs: typeof Fs): void {
  const job = wt.workerData as TailJob;
  const port = wt.parentPort;
  if (port === null) {
    return;
  }
  try {
    const fd = fs.openSync(job.file, 'r');
    let bytes: Buffer;
    try {
      const size = fs.fstatSync(fd).size - job.start.offset;
      if (size < 0 || size > job.maxBytes) {
        port.postMessage({ ok: false, message: `tail of ${size} bytes` });
        return;
      }
      bytes = Buffer.allocUnsafeSlow(size);
      let got = 0;
      while (got < size) {
        const n = fs.readSync(fd, bytes, got, size - got, job.start.offset + got);
        if (n === 0) {
          break;
        }
        got += n;
      }
      bytes = bytes.subarray(0, got);
    } finally {
      fs.closeSync(fd);
    }
    // `,"hash":"` + 64 hex digits + `"}`, then the newline.
    const suffix = 75;
    let events = new Uint32Array(1 << 16);
    let count = 0;
    let seq = job.start.seq;
    let prev = job.start.hash;
    let start = 0;
    let nl = /^[0-9a-f]{64}$/.test(prev) ? bytes.indexOf(10, start) : -1;
    while (nl !== -1) {
      const head = `{"seq":${seq + 1},"prev":"${prev}","event":`;
      const end = nl - suffix;
      if (
        end <= start + head.length ||
        bytes.toString('latin1', start, start + head.length) !== head ||
        bytes.toString('latin1', end, end + 9) !== ',"hash":"' ||
        bytes[nl - 2] !== 0x22 ||
        bytes[nl - 1] !== 0x7d
      ) {
        break;
      }
      const hash = bytes.toString('latin1', end + 9, end + 73);
      if (crypto.hash('sha256', bytes.subarray(start, end), 'hex') !== hash) {
        break;
      }
      if (2 * count + 2 > events.length) {
        const grown = new Uint32Array(events.length * 2);
        grown.set(events);
        events = grown;
      }
      events[2 * count] = start + head.length;
      events[2 * count + 1] = end;
      count += 1;
      seq += 1;
      prev = hash;
      start = nl + 1;
      nl = bytes.indexOf(10, start);
    }
    // Both are plain ArrayBuffers (allocUnsafeSlow, a typed array): moved, not copied.
    const read = bytes.buffer as ArrayBuffer;
    const where = events.slice(0, 2 * count).buffer;
    port.postMessage({ ok: true, bytes: read, length: bytes.length, events: where, count }, [
      read,
      where,
    ]);
  } catch (e) {
    port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
}

// A bundler or the test runner may name functions through a helper (`__name`); the thread
// has none, so it gets one that does nothing.
const SOURCE = `'use strict';
const __name = (f) => f;
(${checkTail.toString()})(require('node:worker_threads'), require('node:crypto'), require('node:fs'));`;

const NONE: TailCheck = { result: Promise.resolve(null), cancel: () => undefined };

/**
 * Starts checking the tail of the journal `file` after `start` on a second thread, when the
 * tail is big enough to be worth it and small enough to hold; otherwise, or when the thread
 * fails, `result` is null and the tail is scanned as usual.
 */
export function startTailCheck(
  file: string,
  start: TailStart,
  minBytes: number = TAIL_CHECK_MIN_BYTES,
): TailCheck {
  let worker: Worker;
  try {
    const tailBytes = statSync(file).size - start.offset;
    if (tailBytes < minBytes || tailBytes > TAIL_CHECK_MAX_BYTES) {
      return NONE;
    }
    const job: TailJob = { file, start, maxBytes: TAIL_CHECK_MAX_BYTES };
    worker = new Worker(SOURCE, { eval: true, workerData: job });
  } catch {
    return NONE;
  }
  const result = new Promise<CheckedTail | null>((resolve) => {
    worker.once('message', (reply: TailReply) => {
      resolve(
        reply.ok
          ? {
              bytes: Buffer.from(reply.bytes, 0, reply.length),
              events: new Uint32Array(reply.events),
              count: reply.count,
            }
          : null,
      );
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { result, cancel: () => void worker.terminate() };
}
