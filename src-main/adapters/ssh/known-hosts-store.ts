/**
 * The known_hosts files Ringside reads (the user's, read-only) and the one it owns (where
 * approved and trust-on-first-use keys are appended; never the user's file).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  formatKnownHostsLine,
  KnownHostsIndex,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts';

export class KnownHostsStore {
  private index = new KnownHostsIndex();
  /** Lines in the own file, so appended entries report their real `file:line`. */
  private ownLines = 0;
  private loading: Promise<string | null> | null = null;
  private appendChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly readOnlyFiles: readonly string[],
    /** Ringside-owned file: read, and appended to. */
    readonly ownFile: string,
  ) {}

  /** Load every file once; resolves to an error message naming the file, or null. */
  load(): Promise<string | null> {
    if (this.loading === null) {
      this.loading = (async () => {
        const all: KnownHostEntry[] = [];
        for (const file of [...this.readOnlyFiles, this.ownFile]) {
          try {
            const text = await readFile(file, 'utf8');
            all.push(...parseKnownHosts(text, file));
            if (file === this.ownFile) {
              this.ownLines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
            }
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== 'ENOENT') {
              return `known_hosts ${file}: unreadable (${code ?? String(err)})`;
            }
          }
        }
        this.index = new KnownHostsIndex(all);
        return null;
      })();
    }
    return this.loading;
  }

  /** Entries loaded so far, indexed (call `load()` first). */
  current(): KnownHostsIndex {
    return this.index;
  }

  /** Append a key for `address:port` to the Ringside-owned file and trust it from now on. */
  async record(address: string, port: number, key: Buffer): Promise<string> {
    const line = formatKnownHostsLine(address, port, key);
    const parsed = parseKnownHosts(line, this.ownFile)[0];
    if (parsed !== undefined) {
      this.ownLines += 1;
      this.index.add({ ...parsed, line: this.ownLines });
    }
    // Serialise appends so concurrent approvals never interleave within a line.
    const write = this.appendChain.then(async () => {
      await mkdir(path.dirname(this.ownFile), { recursive: true });
      await appendFile(this.ownFile, `${line}\n`, { mode: 0o600 });
    });
    this.appendChain = write.catch(() => undefined);
    await write;
    return line;
  }
}
