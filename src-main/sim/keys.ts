import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';

/**
 * Ed25519 key pairs in OpenSSH formats, generated with node:crypto and serialised here.
 * ssh2's own generator drops leading zero bytes of the public key (a malformed key about
 * 1 time in 256, ssh2 issues 1390/1513); writing the openssh-key-v1 container ourselves
 * avoids both that bug and a parse-back retry loop.
 */
export interface SshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` PEM, unencrypted. */
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA... comment` (an authorized_keys / .pub line). */
  readonly publicKey: string;
  /** The public key blob (base64 part of the line), as known_hosts lines carry it. */
  readonly publicBlob: string;
  /** `SHA256:...` fingerprint as OpenSSH prints it. */
  readonly fingerprint: string;
}

function sshString(b: Buffer | string): Buffer {
  const buf = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** PKCS#8 DER prefix of an ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function derPair(fromSeed: Buffer | undefined): { publicKey: Buffer; privateKey: Buffer } {
  if (fromSeed === undefined) {
    return generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    });
  }
  const privateKey = Buffer.concat([PKCS8_ED25519_PREFIX, fromSeed.subarray(0, 32)]);
  const object = createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(object).export({ type: 'spki', format: 'der' }) };
}

/**
 * Generates an ed25519 key pair (about 0.1 ms): fresh, or derived from `seedText` so the same
 * text always gives the same key (a restarted demo fleet keeps the host keys users approved).
 */
export function generateEd25519(comment = 'ringside-sim', seedText?: string): SshKeyPair {
  const derived =
    seedText === undefined ? undefined : createHash('sha256').update(seedText).digest();
  const { publicKey, privateKey } = derPair(derived);
  // Both DER encodings of ed25519 end with the raw 32-byte key.
  const pub = publicKey.subarray(publicKey.length - 32);
  const seed = privateKey.subarray(privateKey.length - 32);
  const keyType = 'ssh-ed25519';
  const pubBlob = Buffer.concat([sshString(keyType), sshString(pub)]);
  // The check word only detects a wrong passphrase; derive it too so stable keys are byte-stable.
  const check = (derived ?? randomBytes(4)).readUInt32BE(derived ? 28 : 0);
  let priv = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString(keyType),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) {
    pad.push(i);
  }
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(pubBlob),
    sshString(priv),
  ]).toString('base64');
  const wrapped = body.match(/.{1,70}/g)?.join('\n') ?? body;
  const blob = pubBlob.toString('base64');
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrapped}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${keyType} ${blob} ${comment}`,
    publicBlob: blob,
    fingerprint: fingerprintOf(blob),
  };
}

/** `SHA256:<unpadded base64>` of a public key blob given in base64. */
export function fingerprintOf(publicBlobBase64: string): string {
  const digest = createHash('sha256')
    .update(Buffer.from(publicBlobBase64, 'base64'))
    .digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
