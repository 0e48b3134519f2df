import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-hosts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

writeFileSync(
  join(tmp, 'hosts.ini'),
  [
    '[web]',
    'web[1:2].example.test:2222 ansible_ssh_user=ops',
    '[2001:db8::12]:2201',
    '[web:vars]',
    'ansible_ssh_private_key_file=~/.ssh/web_key',
    'zone=a',
  ].join('\n'),
);
writeFileSync(
  join(tmp, 'plan.yaml'),
  [
    'release: { name: web, version: 2.10, previous: 2.9 }',
    'fleet:',
    '  defaults: { user: deploy, port: 22 }',
    '  inventories: [{ path: hosts.ini }]',
    'domains: { byLabel: zone }',
    'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
    "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
  ].join('\n'),
);
const home = join(tmp, 'home');

describe('ringside hosts', () => {
  it('--json: inventory variables over fleet.defaults, ~ expanded, origin FILE:LINE', async () => {
    const r = await runCliCaptured(['hosts', 'plan.yaml', '--json'], {
      cwd: tmp,
      env: { HOME: home },
    });
    expect(r.code, r.err.join('\n')).toBe(0);
    const { hosts } = JSON.parse(r.out.join('\n')) as { hosts: Record<string, unknown>[] };
    expect(
      hosts.map((h) => [h.name, h.address, h.port, h.user, h.identityFiles, h.origin]),
    ).toEqual([
      ['2001:db8::12', '2001:db8::12', 2201, 'deploy', [join(home, '.ssh/web_key')], 'hosts.ini:3'],
      [
        'web1.example.test',
        'web1.example.test',
        2222,
        'ops',
        [join(home, '.ssh/web_key')],
        'hosts.ini:2',
      ],
      [
        'web2.example.test',
        'web2.example.test',
        2222,
        'ops',
        [join(home, '.ssh/web_key')],
        'hosts.ini:2',
      ],
    ]);
    expect(hosts[0]).toMatchObject({
      proxyJump: [],
      proxyCommand: null,
      labels: { zone: 'a', 'group.web': 'true' },
    });
  });
  it('prints an aligned table', async () => {
    const r = await runCliCaptured(['hosts', 'plan.yaml'], { cwd: tmp, env: { HOME: home } });
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^NAME +ADDRESS +PORT +USER +VIA +IDENTITY +ORIGIN +LABELS$/);
    const col = (r.out[0] ?? '').indexOf('PORT');
    expect(r.out.slice(1).map((l) => l.slice(col, col + 4).trim())).toEqual([
      '2201',
      '2222',
      '2222',
    ]);
  });
});
