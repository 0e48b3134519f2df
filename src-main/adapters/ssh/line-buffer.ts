/**
 * Splits a byte stream into lines with bounded memory: a line longer than `maxLineBytes` is
 * cut and marked, the rest of it dropped, so a command printing megabytes without a newline
 * cannot grow the buffer. UTF-8 sequences split across chunks are decoded intact.
 */
import { StringDecoder } from 'node:string_decoder';

/** Which remote stream a line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** One output line, as kept in an exec result's tail. */
export interface OutputLine {
  readonly stream: OutputStream;
  readonly line: string;
}

/** Marker appended to a line that was cut at `maxLineBytes`. */
export const TRUNCATED_MARK = ' …[truncated]';

/** Line splitter for one stream. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private skipping = false;

  constructor(
    private readonly maxLineChars: number,
    private readonly emit: (line: string) => void,
  ) {}

  /** Feed a chunk; complete lines are emitted synchronously. */
  push(chunk: Buffer): void {
    this.consume(this.decoder.write(chunk));
  }

  /** Flush the last unterminated line, if any. */
  end(): void {
    this.consume(this.decoder.end());
    if (this.partial !== '' && !this.skipping) {
      this.emit(this.partial.replace(/\r$/, ''));
    }
    this.partial = '';
    this.skipping = false;
  }

  private consume(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (!this.skipping) {
        this.partial += piece;
        if (this.partial.length > this.maxLineChars) {
          this.emit(this.partial.slice(0, this.maxLineChars) + TRUNCATED_MARK);
          this.partial = '';
          this.skipping = true;
        }
      }
      if (nl < 0) {
        return;
      }
      if (!this.skipping) {
        this.emit(this.partial.replace(/\r$/, ''));
      }
      this.partial = '';
      this.skipping = false;
      start = nl + 1;
    }
  }
}

/** Keeps the last `capacity` lines (both streams, in arrival order) for the journal. */
export class TailBuffer {
  private readonly items: OutputLine[] = [];
  private next = 0;
  private full = false;

  constructor(private readonly capacity: number) {}

  push(item: OutputLine): void {
    if (this.capacity <= 0) {
      return;
    }
    if (this.full) {
      this.items[this.next] = item;
    } else {
      this.items.push(item);
    }
    this.next = (this.next + 1) % this.capacity;
    if (this.next === 0) {
      this.full = true;
    }
  }

  /** Oldest first. */
  lines(): OutputLine[] {
    return this.full
      ? [...this.items.slice(this.next), ...this.items.slice(0, this.next)]
      : [...this.items];
  }
}
