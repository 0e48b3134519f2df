/**
 * A keyed journal: `run --sign-with KEY` signs the journal's head with an SSH key (a key file
 * or ssh-agent, through the real `ssh-keygen -Y sign`), and `verify --allowed-signers FILE`
 * fails a history rewritten with recomputed hashes — which the unkeyed hash chain and head
 * anchor alone accept (shown here first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecord, GENESIS_HASH } from '../../src-main/adapters/journal/record';
import { runCliCaptured } from '../helpers/cli-io';

const dir = mkdtempSync(path.join(tmpdir(), 'ringside-sign-'));
const key = path.join(dir, 'id_ed25519');
const allowed = path.join(dir, 'allowed_signers');
const plan = path.join(dir, 'plan.yaml');
let agentPid = 0;
const agentSock = path.join(dir, 'agent.sock');

beforeAll(() => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice', '-f', key]);
  const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(allowed, `alice@example.com namespaces="ringside-journal" ${pub}\n`);
  writeFileSync(
    plan,
    `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
    - { name: web-1, address: web-1.demo.invalid }
    - { name: web-2, address: web-2.demo.invalid }
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 0s }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
`,
  );
  const agent = execFileSync('ssh-agent', ['-s', '-a', agentSock], { encoding: 'utf8' });
  agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent)?.[1] ?? 0);
  execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: agentSock } });
});

afterAll(() => {
  if (agentPid > 0) {
    spawnSync('kill', [String(agentPid)]);
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Rewrites RolloutCreated's `by` and recomputes every hash and the head anchor. */
function forge(journal: string): void {
  const file = path.join(journal, 'journal.jsonl');
  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { seq: number; event: Record<string, unknown> });
  let prev = GENESIS_HASH;
  let out = '';
  for (const r of records) {
    const event = r.event['type'] === 'RolloutCreated' ? { ...r.event, by: 'mallory' } : r.event;
    const e = encodeRecord(r.seq, prev, event as { type: string });
    out += e.line;
    prev = e.record.hash;
  }
  writeFileSync(file, out);
  const last = records.at(-1)?.seq ?? 0;
  writeFileSync(
    path.join(journal, 'journal.head'),
    `${JSON.stringify({ seq: last, hash: prev }).padEnd(127, ' ')}\n`,
  );
}

describe('signed journal heads', () => {
  it('signs with a key file; a rewritten history with recomputed hashes fails verify', async () => {
    const journal = path.join(dir, 'j1');
    const run = await runCliCaptured(
      ['run', plan, '--sim', '--journal', journal, '--auto-promote', '--sign-with', key],
      { env: { HOME: dir } },
    );
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out.join('\n')).toMatch(/signed the journal head \(seq \d+\) with /);
    const ok = await runCliCaptured(['verify', journal, '--allowed-signers', allowed]);
    expect(ok.code, ok.err.join('\n')).toBe(0);
    expect(ok.out.join('\n')).toMatch(
      /signed by alice@example\.com \(checked against .*\): covers seq 1\.\.\d+/,
    );

    forge(journal);
    // The unkeyed chain and anchor alone cannot tell (a copy without the signature passes):
    // that is why the signature exists.
    const bare = path.join(dir, 'j1-bare');
    mkdirSync(bare);
    for (const f of ['journal.jsonl', 'journal.head']) {
      copyFileSync(path.join(journal, f), path.join(bare, f));
    }
    expect((await runCliCaptured(['verify', bare])).code).toBe(0);
    const keyed = await runCliCaptured(['verify', journal, '--allowed-signers', allowed]);
    expect(keyed.code).toBe(2);
    expect(keyed.err.join('\n')).toMatch(/the history was rewritten after it was signed/);

    // Re-pointing the signed head at the forgery breaks the signature itself.
    const signed = path.join(journal, 'journal.head.signed');
    const head = readFileSync(path.join(journal, 'journal.head'), 'utf8').trim();
    writeFileSync(signed, `${head}\n`);
    const resigned = await runCliCaptured(['verify', journal, '--allowed-signers', allowed]);
    expect(resigned.code).toBe(2);
    expect(resigned.err.join('\n')).toMatch(/the signature does not match/);
  });

  it('signs through ssh-agent with the public key, and an unknown signer is refused', async () => {
    const journal = path.join(dir, 'j2');
    const run = await runCliCaptured(
      ['run', plan, '--sim', '--journal', journal, '--auto-promote', '--sign-with', `${key}.pub`],
      { env: { HOME: dir, SSH_AUTH_SOCK: agentSock } },
    );
    expect(run.code, run.err.join('\n')).toBe(0);
    expect((await runCliCaptured(['verify', journal, '--allowed-signers', allowed])).code).toBe(0);
    const stranger = path.join(dir, 'other_signers');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'other')]);
    const otherPub = readFileSync(path.join(dir, 'other.pub'), 'utf8').split(' ').slice(0, 2);
    writeFileSync(stranger, `bob@example.com ${otherPub.join(' ')}\n`);
    const refused = await runCliCaptured(['verify', journal, '--allowed-signers', stranger]);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/signed by no key in /);
    const unsigned = path.join(dir, 'j3');
    await runCliCaptured(['run', plan, '--sim', '--journal', unsigned, '--auto-promote'], {
      env: { HOME: dir },
    });
    expect((await runCliCaptured(['verify', unsigned])).out).toContain(
      'unsigned (no operator signature on this journal)',
    );
  });
});
