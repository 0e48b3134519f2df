/**
 * `release.digest` pins the bits: validated as a content digest, handed to templates as
 * {{digest}} (as data: a real shell prints it back byte for byte), journaled with the plan,
 * and shown in status and in every export, so what reaches global is what the canary baked.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { planFromText } from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { exportTimeline, timelineDocument } from '../../src-main/core/timeline';
import { renderStep } from '../../src-main/runtime/step-runner';
import { harnessStatus } from '../helpers/harness-status';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function plan(release: string, verify = 'appctl verify {{digest}}'): string {
  return `release: { name: web, version: '2.4.0', previous: '2.3.9'${release} }
fleet:
  hosts:
    - { name: h1, address: h1.demo.invalid }
    - { name: h2, address: h2.demo.invalid }
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 10s }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
  verify: { name: digest, command: '${verify}', timeout: 10s, idempotent: true }
`;
}

describe('release digest', () => {
  it('refuses a malformed digest, and {{digest}} in a plan that pins none', () => {
    const bad = planFromText(plan(", digest: 'md5:abc'"), 'p.yaml');
    expect(!bad.ok && bad.error[0]?.message).toMatch(
      /release\.digest.*expected a content digest like sha256:<64 lowercase hex digits>/,
    );
    const none = planFromText(plan(''), 'p.yaml');
    expect(!none.ok && none.error[0]).toMatchObject({
      line: 13,
      message:
        "template variable '{{digest}}' needs the release's digest: expected release.digest (e.g. digest: 'sha256:…') in the plan",
    });
  });

  it('reaches the host as data through {{digest}}, byte for byte', () => {
    const b = planFromText(plan(`, digest: '${DIGEST}'`, 'printf %s {{digest}}'), 'p.yaml');
    if (!b.ok) {
      throw new Error(JSON.stringify(b.error));
    }
    const verify = b.value.plan.deploy.verify;
    const host = b.value.plan.hosts[0];
    if (!verify || !host) {
      throw new Error('plan lacks verify or hosts');
    }
    const r = renderStep(b.value.plan, { ring: 'canary', domain: 'd', host, step: verify });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(execFileSync('/bin/sh', ['-c', r.command], { encoding: 'utf8' })).toBe(DIGEST);
    }
  });

  it('is journaled with the plan and shown in status and in all four exports', () => {
    const b = planFromText(plan(`, digest: '${DIGEST}'`), 'p.yaml');
    if (!b.ok) {
      throw new Error(JSON.stringify(b.error));
    }
    const h = new Harness();
    h.must({ type: 'create', plan: b.value.plan, by: 'alice' });
    const created = h.journal.find((e) => e.type === 'RolloutCreated');
    expect(created?.type === 'RolloutCreated' && created.plan.release.digest).toBe(DIGEST);
    const v = harnessStatus(h);
    expect(v.release?.digest).toBe(DIGEST);
    const doc = timelineDocument(h.journal);
    for (const format of ['md', 'json', 'csv', 'html'] as const) {
      expect(exportTimeline(doc, format), format).toContain(DIGEST);
    }
  });
});
