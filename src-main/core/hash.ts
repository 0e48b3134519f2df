/**
 * Pure hash functions for core: no node:crypto here, so the plan hash and the segmentation
 * rank are computed the same way in main, renderer and tests.
 */

/** UTF-8 bytes of a string (TextEncoder is not part of core's ES-only lib). */
export function utf8Bytes(text: string): Uint8Array {
  // One preallocated buffer (at most 3 bytes per UTF-16 unit): the plan hash encodes the
  // whole resolved fleet, megabytes for 100,000 hosts, where a growing number[] dominated.
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 63);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    }
  }
  return out.slice(0, n);
}

/** 32-bit FNV-1a of the UTF-8 bytes: cheap, stable, well spread for host-name ranking. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      // Rare (host names are ASCII): hash the UTF-8 bytes of the rest as encoded.
      for (const b of utf8Bytes(text.slice(i))) {
        h ^= b;
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      return h >>> 0;
    }
    // One call per host of the fleet: no buffer, the ASCII byte is the code unit.
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * Incremental SHA-256 (FIPS 180-4): text is fed in pieces, so hashing a 100,000-host plan
 * never holds its whole JSON, nor three bytes per character of it, at once.
 */
export class Sha256 {
  private readonly h = Uint32Array.of(
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19,
  );
  private readonly w = new Uint32Array(64);
  private readonly block = new Uint8Array(64);
  private filled = 0;
  private total = 0;
  private pending = '';

  /** Adds the UTF-8 bytes of `text`. */
  updateText(text: string): this {
    this.pending += text;
    if (this.pending.length >= 16384) {
      this.flushText();
    }
    return this;
  }

  /** Adds bytes. */
  update(bytes: Uint8Array): this {
    this.flushText();
    this.feed(bytes);
    return this;
  }

  /** The digest as lowercase hex; the hasher is finished after this. */
  hex(): string {
    this.flushText();
    const bitLen = this.total * 8;
    const tail = new Uint8Array((this.filled < 56 ? 64 : 128) - this.filled);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    // Length as a 64-bit big-endian integer; split because bitwise ops are 32-bit.
    view.setUint32(tail.length - 8, Math.floor(bitLen / 0x100000000));
    view.setUint32(tail.length - 4, bitLen >>> 0);
    this.feed(tail);
    return Array.from(this.h, (x) => x.toString(16).padStart(8, '0')).join('');
  }

  private flushText(): void {
    if (this.pending !== '') {
      const bytes = utf8Bytes(this.pending);
      this.pending = '';
      this.feed(bytes);
    }
  }

  private feed(bytes: Uint8Array): void {
    this.total += bytes.length;
    let i = 0;
    while (i < bytes.length) {
      const n = Math.min(64 - this.filled, bytes.length - i);
      this.block.set(bytes.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === 64) {
        this.compress();
        this.filled = 0;
      }
    }
  }

  private compress(): void {
    const w = this.w;
    const b = this.block;
    for (let i = 0; i < 16; i++) {
      const j = i * 4;
      w[i] = ((b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!) >>> 0;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    const h = this.h;
    let a = h[0]!;
    let bb = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (s0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + bb;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
}

/** SHA-256 (FIPS 180-4) of bytes or of a string's UTF-8, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  const hasher = new Sha256();
  return (typeof data === 'string' ? hasher.updateText(data) : hasher.update(data)).hex();
}

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return json(value, undefined);
}

/**
 * {@link canonicalJson}, remembering within one hash the JSON of objects of plain values:
 * a host's labels are often one object shared by many hosts.
 */
function json(value: unknown, memo: WeakMap<object, string> | undefined): string {
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        s += ',';
      }
      if (i in value) {
        // A hole is written as nothing, as Array.prototype.map + join did.
        const v: unknown = value[i];
        s += json(v === undefined ? null : v, memo);
      }
    }
    return `${s}]`;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const known = memo?.get(o);
    if (known !== undefined) {
      return known;
    }
    // The default sort compares UTF-16 code units, as `<` does.
    const keys = Object.keys(o).sort();
    let s = '{';
    let flat = true;
    for (const k of keys) {
      const v = o[k];
      if (v !== undefined) {
        flat &&= v === null || typeof v !== 'object';
        s += `${s.length > 1 ? ',' : ''}${quote(k)}:${json(v, memo)}`;
      }
    }
    s += '}';
    if (flat) {
      memo?.set(o, s);
    }
    return s;
  }
  return typeof value === 'string' ? quote(value) : (JSON.stringify(value) ?? 'null');
}

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a string, without its call for the common printable-ASCII case. */
function quote(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** A SHA-256 over text fed in pieces: {@link Sha256}, or node:crypto's where there is one. */
export interface TextHasher {
  update(text: string): void;
  hex(): string;
}

/** The pure hasher, for where no faster one is given. */
export function pureSha256(): TextHasher {
  const h = new Sha256();
  return { update: (t) => h.updateText(t), hex: () => h.hex() };
}

/**
 * SHA-256 of {@link canonicalJson}(value), without building the whole string: large arrays
 * and objects are written element by element, each small one as one string, in pieces of
 * about 64 KiB (few calls into a native hasher).
 */
export function canonicalJsonSha256(value: unknown, hasher: TextHasher = pureSha256()): string {
  let pending = '';
  const out = (s: string) => {
    pending += s;
    if (pending.length >= 65536) {
      hasher.update(pending);
      pending = '';
    }
  };
  writeLarge(value, out, new WeakMap());
  hasher.update(pending);
  return hasher.hex();
}

const LARGE = 64;

function writeLarge(value: unknown, out: (s: string) => void, memo: WeakMap<object, string>): void {
  if (Array.isArray(value) && value.length > LARGE) {
    out('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        out(',');
      }
      if (i in value) {
        const v: unknown = value[i];
        writeLarge(v === undefined ? null : v, out, memo);
      }
    }
    out(']');
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length > LARGE || keys.some((k) => isLarge(o[k]))) {
      keys.sort();
      out('{');
      let first = true;
      for (const k of keys) {
        const v = o[k];
        if (v !== undefined) {
          out(`${first ? '' : ','}${quote(k)}:`);
          first = false;
          writeLarge(v, out, memo);
        }
      }
      out('}');
      return;
    }
  }
  out(json(value, memo));
}

/** An array of more than LARGE elements, or an object holding one at any depth. */
function isLarge(v: unknown): boolean {
  if (Array.isArray(v)) {
    return v.length > LARGE || v.some(isLarge);
  }
  if (v !== null && typeof v === 'object') {
    return Object.values(v as Record<string, unknown>).some(isLarge);
  }
  return false;
}

/**
 * FNV-1a followed by MurmurHash3's finalizer. Plain FNV-1a leaves names that differ only in
 * their last characters close together in the high bits (use-a-01, use-a-02, ...), which
 * clusters a zone into one ring when hosts are sorted by hash; the finalizer spreads them.
 */
export function stableHash32(text: string): number {
  let h = fnv1a32(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
