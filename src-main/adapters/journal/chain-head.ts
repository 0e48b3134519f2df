import { GENESIS_HASH, type JournalEvent, type JournalRecord } from './record';

/** A record of the chain, by its seq and hash. */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

/**
 * What every journal (the file and the team database) keeps of its chain: the records read
 * when it was opened, until the caller has replayed them, and the head — the last durable
 * record and the next position, which appends number at call time (so call order is
 * journal order).
 */
export abstract class ChainHead<E extends JournalEvent> {
  private loaded: JournalRecord<E>[];
  /** The last durable record's seq and hash (the chain head written); null when empty. */
  protected lastDurable: ChainPoint | null;
  /** The next position, counting appends not yet durable. */
  protected nextSeq: number;
  /** The hash the next append chains to. */
  protected headHash: string;

  /**
   * @param after the record `loaded` follows when the journal was read from a checkpoint
   *   (null: `loaded` starts at the first record).
   */
  protected constructor(loaded: JournalRecord<E>[], after: ChainPoint | null) {
    this.loaded = loaded;
    const last = loaded[loaded.length - 1] ?? after;
    this.lastDurable = last === null ? null : { seq: last.seq, hash: last.hash };
    this.nextSeq = (last?.seq ?? 0) + 1;
    this.headHash = last?.hash ?? GENESIS_HASH;
  }

  get loadedRecords(): readonly JournalRecord<E>[] {
    return this.loaded;
  }

  *loadedEvents(): IterableIterator<E> {
    for (const r of this.loaded) {
      yield r.event;
    }
  }

  dropLoaded(): void {
    this.loaded = [];
  }

  get lastSeq(): number {
    return this.lastDurable?.seq ?? 0;
  }

  get appendedSeq(): number {
    return this.nextSeq - 1;
  }
}
