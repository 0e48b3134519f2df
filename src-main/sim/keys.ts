import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

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

/** Generates a fresh ed25519 key pair (about 0.1 ms). */
export function generateEd25519(comment = 'ringside-sim'): SshKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  // Both DER encodings of ed25519 end with the raw 32-byte key.
  const pub = publicKey.subarray(publicKey.length - 32);
  const seed = privateKey.subarray(privateKey.length - 32);
  const keyType = 'ssh-ed25519';
  const pubBlob = Buffer.concat([sshString(keyType), sshString(pub)]);
  const check = randomBytes(4).readUInt32BE(0);
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
