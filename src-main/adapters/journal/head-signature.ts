/**
 * An operator's signature over the journal's head: the hash chain proves the lines are
 * consistent, but anyone who can write the file can recompute every hash. A signature made
 * with a key the operator holds (an SSH key, through ssh-agent or a key file, in OpenSSH's
 * `ssh-keygen -Y sign` format) and checked against an allowed-signers file cannot be
 * recomputed: a rewritten history fails `ringside verify`.
 *
 * Beside `journal.jsonl`: `journal.head.signed` holds the anchor that was signed (its seq and
 * hash, at signing time) and `journal.head.signed.sig` the SSHSIG signature over that file.
 * The real OpenSSH `ssh-keygen` does the cryptography, as an operator would by hand.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { HeadAnchor } from './head-anchor';

/** The namespace every Ringside journal signature is made in (`ssh-keygen -n`). */
export const SIGNATURE_NAMESPACE = 'ringside-journal';

/** The signed anchor and its signature, beside the journal file. */
export function signaturePaths(journalFile: string): { signed: string; sig: string } {
  const name = basename(journalFile);
  const stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  const signed = join(dirname(journalFile), `${stem}.head.signed`);
  return { signed, sig: `${signed}.sig` };
}

function run(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn('ssh-keygen', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    p.on('error', (e) => resolve({ code: 127, out, err: e.message }));
    p.on('close', (code) => resolve({ code: code ?? 1, out, err }));
    p.stdin.end(input ?? '');
  });
}

/**
 * Signs the anchor with `key`: a private key file, or a public key file whose private half
 * ssh-agent holds (`SSH_AUTH_SOCK` in `env`). Returns a one-line problem on failure.
 */
export async function signHead(
  journalFile: string,
  anchor: HeadAnchor,
  key: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const { signed, sig } = signaturePaths(journalFile);
  await writeFile(signed, `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash })}\n`, {
    mode: 0o644,
  });
  // -Y sign writes FILE.sig and refuses to overwrite it? No: it replaces it. -q: no chatter.
  const r = await run(['-q', '-Y', 'sign', '-f', key, '-n', SIGNATURE_NAMESPACE, signed], env);
  if (r.code !== 0) {
    return {
      ok: false,
      message: `cannot sign ${signed} with ${key}: ${r.err.trim().split('\n')[0] ?? `ssh-keygen exited ${r.code}`}`,
    };
  }
  await readFile(sig); // made, or the next verify says it is missing
  return { ok: true };
}

/** What `verify` learns of the signature. */
export type SignatureCheck =
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'unchecked'; readonly anchor: HeadAnchor }
  | { readonly kind: 'valid'; readonly anchor: HeadAnchor; readonly principal: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Checks the signature beside the journal against `allowedSigners` (OpenSSH's format);
 * without one the signed anchor is read but not checked.
 */
export async function checkHeadSignature(
  journalFile: string,
  allowedSigners: string | null,
  env: NodeJS.ProcessEnv,
): Promise<SignatureCheck> {
  const { signed, sig } = signaturePaths(journalFile);
  let text: string;
  try {
    text = await readFile(signed, 'utf8');
  } catch {
    return { kind: 'unsigned' };
  }
  let anchor: HeadAnchor;
  try {
    const raw = JSON.parse(text) as { seq?: unknown; hash?: unknown };
    if (typeof raw.seq !== 'number' || typeof raw.hash !== 'string') {
      throw new Error('shape');
    }
    anchor = { seq: raw.seq, hash: raw.hash };
  } catch {
    return { kind: 'invalid', message: `${signed}: not a signed head (expected {"seq","hash"})` };
  }
  if (allowedSigners === null) {
    return { kind: 'unchecked', anchor };
  }
  const found = await run(['-Y', 'find-principals', '-s', sig, '-f', allowedSigners], env);
  const principal = found.out.trim().split('\n')[0] ?? '';
  if (found.code !== 0 || principal === '') {
    return {
      kind: 'invalid',
      message: `${sig}: signed by no key in ${allowedSigners} (${found.err.trim().split('\n')[0] ?? 'no principal'})`,
    };
  }
  const v = await run(
    ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', SIGNATURE_NAMESPACE, '-s', sig],
    env,
    text,
  );
  if (v.code !== 0) {
    return {
      kind: 'invalid',
      message: `${sig}: the signature does not match ${signed}: the signed head was altered`,
    };
  }
  return { kind: 'valid', anchor, principal };
}
