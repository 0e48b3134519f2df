/**
 * The known_hosts files Ringside reads (the user's, read-only) and the one it owns (where
 * approved and trust-on-first-use keys are appended; never the user's file).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatKnownHostsLine, parseKnownHosts, type KnownHostEntry } from './known-hosts';

export class KnownHostsStore {
  private entries: KnownHostEntry[] | null = null;
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
            all.push(...parseKnownHosts(await readFile(file, 'utf8'), file));
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== 'ENOENT') {
              return `known_hosts ${file}: unreadable (${code ?? String(err)})`;
            }
          }
        }
        this.entries = all;
        return null;
      })();
    }
    return this.loading;
  }

  /** Entries loaded so far (call `load()` first). */
  current(): readonly KnownHostEntry[] {
    return this.entries ?? [];
  }

  /** Append a key for `address:port` to the Ringside-owned file and trust it from now on. */
  async record(address: string, port: number, key: Buffer): Promise<string> {
    const line = formatKnownHostsLine(address, port, key);
    const parsed = parseKnownHosts(line, this.ownFile)[0];
    if (parsed !== undefined) {
      this.entries = [...(this.entries ?? []), { ...parsed, line: -1 }];
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
