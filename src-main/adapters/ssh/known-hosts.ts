/**
 * known_hosts parsing and host key checks, as OpenSSH reads the file: plain and hashed
 * (`|1|salt|hash`) host fields, `[host]:port`, comma lists, `*`/`?`/`!` patterns, and the
 * `@revoked` / `@cert-authority` markers.
 */
import { createHash, createHmac } from 'node:crypto';
import { matchPattern } from './pattern';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  readonly file: string;
  /** 1-based line number, for error messages that point at the line. */
  readonly line: number;
  readonly marker: 'none' | 'revoked' | 'cert-authority';
  /** The raw host field (comma list or hashed form). */
  readonly hosts: string;
  readonly keyType: string;
  /** The key blob as base64, exactly as in the file. */
  readonly keyBase64: string;
}

/** Outcome of checking the key a server presented. */
export type HostKeyCheck =
  | { readonly kind: 'verified'; readonly file: string; readonly line: number }
  | {
      readonly kind: 'unknown';
      readonly keyType: string;
      readonly fingerprint: string;
      /** Why no known entry applied, when that is worth showing (other key types, certificates). */
      readonly note?: string;
    }
  | {
      readonly kind: 'changed';
      readonly keyType: string;
      readonly fingerprint: string;
      readonly knownFingerprint: string;
      readonly file: string;
      readonly line: number;
    }
  | {
      readonly kind: 'revoked';
      readonly keyType: string;
      readonly fingerprint: string;
      readonly file: string;
      readonly line: number;
    };

/** OpenSSH's `SHA256:base64-without-padding` fingerprint of a key blob. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type name at the start of an SSH wire-format public key blob. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) {
    return 'unknown';
  }
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** The host field OpenSSH writes for an address and port: `host` or `[host]:port`. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** A line ready to append to a known_hosts file. */
export function formatKnownHostsLine(address: string, port: number, keyBlob: Buffer): string {
  return `${knownHostsName(address, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

/** Parse known_hosts text; comments, blank and malformed lines are skipped as OpenSSH does. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) {
      continue;
    }
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'] = 'none';
    if (fields[0]?.startsWith('@') === true) {
      const m = fields.shift();
      if (m === '@revoked') {
        marker = 'revoked';
      } else if (m === '@cert-authority') {
        marker = 'cert-authority';
      } else {
        continue;
      }
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) {
      continue;
    }
    entries.push({ file, line: i + 1, marker, hosts, keyType, keyBase64 });
  }
  return entries;
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  // |1|salt|hash -> ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1' || parts[2] === undefined || parts[3] === undefined) {
    return false;
  }
  const salt = Buffer.from(parts[2], 'base64');
  return createHmac('sha1', salt).update(name).digest('base64') === parts[3];
}

/** Does the host field of an entry name this host (`name` is `host` or `[host]:port`)? */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) {
    return hashedMatches(hosts, name);
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (matchPattern(pattern.slice(1), name)) {
        return false;
      }
    } else if (matchPattern(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * known_hosts entries indexed by literal host name, so a 1,000-host fleet does not scan every
 * line for every connection; hashed and wildcard lines are still matched one by one.
 */
export class KnownHostsIndex {
  private readonly exact = new Map<string, Array<{ seq: number; entry: KnownHostEntry }>>();
  private readonly scanned: Array<{ seq: number; entry: KnownHostEntry }> = [];
  private readonly revokedKeys = new Map<string, KnownHostEntry>();
  private seq = 0;

  constructor(entries: readonly KnownHostEntry[] = []) {
    for (const e of entries) {
      this.add(e);
    }
  }

  add(entry: KnownHostEntry): void {
    const item = { seq: this.seq++, entry };
    if (entry.marker === 'revoked' && !this.revokedKeys.has(entry.keyBase64)) {
      this.revokedKeys.set(entry.keyBase64, entry);
    }
    const names = entry.hosts.split(',');
    if (entry.hosts.startsWith('|') || names.some((n) => /[*?!]/.test(n))) {
      this.scanned.push(item);
      return;
    }
    for (const n of names) {
      const key = n.toLowerCase();
      const list = this.exact.get(key);
      if (list === undefined) {
        this.exact.set(key, [item]);
      } else {
        list.push(item);
      }
    }
  }

  /** Entries naming `name` (`host` or `[host]:port`), in file order. */
  forHost(name: string): KnownHostEntry[] {
    const hits = [
      ...(this.exact.get(name.toLowerCase()) ?? []),
      ...this.scanned.filter((i) => hostFieldMatches(i.entry.hosts, name)),
    ];
    return hits.sort((x, y) => x.seq - y.seq).map((i) => i.entry);
  }

  /** The first `@revoked` line for this key, whatever its host field says. */
  revoked(keyBase64: string): KnownHostEntry | undefined {
    return this.revokedKeys.get(keyBase64);
  }
}

function asIndex(known: KnownHostsIndex | readonly KnownHostEntry[]): KnownHostsIndex {
  return known instanceof KnownHostsIndex ? known : new KnownHostsIndex(known);
}

/** Check a presented key against the entries for `address:port`. */
export function checkHostKey(
  known: KnownHostsIndex | readonly KnownHostEntry[],
  address: string,
  port: number,
  keyBlob: Buffer,
): HostKeyCheck {
  const name = knownHostsName(address, port);
  const keyType = keyTypeOf(keyBlob);
  const keyBase64 = keyBlob.toString('base64');
  const fingerprint = fingerprintOf(keyBlob);
  const index = asIndex(known);
  const forHost = index.forHost(name);
  // A revoked key is refused whatever else the files say.
  const revoked = index.revoked(keyBase64);
  if (revoked !== undefined) {
    return { kind: 'revoked', keyType, fingerprint, file: revoked.file, line: revoked.line };
  }
  const plain = forHost.filter((e) => e.marker === 'none');
  const same = plain.find((e) => e.keyType === keyType && e.keyBase64 === keyBase64);
  if (same !== undefined) {
    return { kind: 'verified', file: same.file, line: same.line };
  }
  const differs = plain.find((e) => e.keyType === keyType);
  if (differs !== undefined) {
    return {
      kind: 'changed',
      keyType,
      fingerprint,
      knownFingerprint: fingerprintOf(Buffer.from(differs.keyBase64, 'base64')),
      file: differs.file,
      line: differs.line,
    };
  }
  const ca = forHost.find((e) => e.marker === 'cert-authority');
  if (ca !== undefined) {
    return {
      kind: 'unknown',
      keyType,
      fingerprint,
      note: `${ca.file}:${ca.line} trusts a @cert-authority for this host; host certificates are not supported, approve the key itself`,
    };
  }
  if (plain.length > 0) {
    const types = [...new Set(plain.map((e) => e.keyType))].join(', ');
    return {
      kind: 'unknown',
      keyType,
      fingerprint,
      note: `known keys for ${name} are of other types (${types})`,
    };
  }
  return { kind: 'unknown', keyType, fingerprint };
}

/** Key types known_hosts already holds for `address:port` (plain entries), in file order. */
export function knownKeyTypes(
  known: KnownHostsIndex | readonly KnownHostEntry[],
  address: string,
  port: number,
): string[] {
  const name = knownHostsName(address, port);
  const types = asIndex(known)
    .forHost(name)
    .filter((e) => e.marker === 'none')
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/**
 * Where a list of known_hosts entries stands on the key a host offered (known only by its
 * fingerprint, as a rollout waiting for approval journals it): `match` lists exactly that key
 * (same type, same blob) for one of `names`; `different` lists only other keys for them (a
 * changed key: never to be accepted); `revoked` matches but a `@revoked` line names the key.
 */
export type OfferedKeyMatch =
  | { readonly kind: 'match'; readonly entry: KnownHostEntry }
  | {
      readonly kind: 'different';
      readonly entry: KnownHostEntry;
      /** The fingerprint of the key that entry lists. */
      readonly fingerprint: string;
    }
  | { readonly kind: 'revoked'; readonly entry: KnownHostEntry }
  | { readonly kind: 'none' };

/** {@link OfferedKeyMatch} of `fingerprint` for `names` (`host` or `[host]:port` each). */
export function findOfferedKey(
  known: KnownHostsIndex | readonly KnownHostEntry[],
  names: readonly string[],
  fingerprint: string,
): OfferedKeyMatch {
  const index = asIndex(known);
  const plain = [...new Set(names)]
    .flatMap((n) => index.forHost(n))
    .filter((e) => e.marker === 'none');
  const same = plain.find((e) => {
    const blob = Buffer.from(e.keyBase64, 'base64');
    return keyTypeOf(blob) === e.keyType && fingerprintOf(blob) === fingerprint;
  });
  if (same !== undefined) {
    const revoked = index.revoked(same.keyBase64);
    return revoked !== undefined
      ? { kind: 'revoked', entry: revoked }
      : { kind: 'match', entry: same };
  }
  const other = plain[0];
  return other === undefined
    ? { kind: 'none' }
    : {
        kind: 'different',
        entry: other,
        fingerprint: fingerprintOf(Buffer.from(other.keyBase64, 'base64')),
      };
}

/**
 * Parse a key file a person hands Ringside (`ssh-keyscan` output or known_hosts, hashed host
 * fields included) strictly: unlike {@link parseKnownHosts}, a line that is not a key line is
 * an error naming `file:line`, and so is a file with no key line at all.
 */
export function parseKeyFileStrict(
  text: string,
  file: string,
):
  | { readonly ok: true; readonly entries: KnownHostEntry[] }
  | { readonly ok: false; readonly message: string } {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) {
      continue;
    }
    const parsed = parseKnownHosts(raw, file)[0];
    const blob = parsed ? Buffer.from(parsed.keyBase64, 'base64') : null;
    if (
      parsed === undefined ||
      blob === null ||
      !/^[A-Za-z0-9+/]+=*$/.test(parsed.keyBase64) ||
      keyTypeOf(blob) !== parsed.keyType
    ) {
      return {
        ok: false,
        message: `${file}:${i + 1}: not a key line (expected 'HOST KEYTYPE BASE64', as ssh-keyscan prints): ${raw.slice(0, 80)}`,
      };
    }
    entries.push({ ...parsed, line: i + 1 });
  }
  if (entries.length === 0) {
    return { ok: false, message: `${file}: no key line in it (expected ssh-keyscan output)` };
  }
  return { ok: true, entries };
}
