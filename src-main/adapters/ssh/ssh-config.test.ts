import { describe, expect, it } from 'vitest';
import { parseSshConfig, resolveSshConfig } from './ssh-config';
import { parseJump, resolveTarget } from './target';

const env = { home: '/home/op', localUser: 'op' };
const config = parseSshConfig(
  [
    '# comment',
    'Host bastion',
    '  HostName 10.0.0.1',
    '  User jump',
    'Host web-? !web-9',
    '  HostName %h.internal',
    '  Port=2222',
    '  IdentityFile ~/.ssh/web_%u',
    '  ProxyJump bastion',
    'Match exec "false"',
    '  User never',
    'Host *',
    '  User default',
    '  Port 22',
    '  IdentityFile "~/.ssh/id_all"',
    '  ProxyJump none',
  ].join('\n'),
  'cfg',
);

describe('ssh_config', () => {
  it('takes the first value per keyword and accumulates IdentityFile', () => {
    expect(resolveSshConfig(config, 'web-1', env)).toEqual({
      hostName: 'web-1.internal',
      user: 'default',
      port: 2222,
      identityFiles: ['/home/op/.ssh/web_default', '/home/op/.ssh/id_all'],
      proxyJump: 'bastion',
    });
  });

  it('honours negated patterns and ProxyJump none; skips Match blocks', () => {
    expect(resolveSshConfig(config, 'web-9', env)).toEqual({
      hostName: undefined,
      user: 'default',
      port: 22,
      identityFiles: ['/home/op/.ssh/id_all'],
      proxyJump: undefined,
    });
  });

  it('parses ProxyJump elements', () => {
    expect(parseJump('u@h:2')).toEqual({ user: 'u', host: 'h', port: 2 });
    expect(parseJump('h')).toEqual({ host: 'h' });
    expect(parseJump('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(parseJump('a b')).toBeNull();
  });

  it('resolves a plan host: plan fields win, jump hops resolved through ssh_config', () => {
    const env2 = { ...env, config, defaultIdentityFiles: ['/home/op/.ssh/id_ed25519'] };
    const r = resolveTarget(
      { name: 'web-1', address: 'web-1', port: 22, user: 'deploy', labels: {} },
      env2,
    );
    expect(r).toEqual({
      ok: true,
      hops: [
        {
          endpoint: { address: '10.0.0.1', port: 22, role: 'bastion' },
          username: 'jump',
          identityFiles: ['/home/op/.ssh/id_all'],
          explicitIdentities: true,
        },
        {
          endpoint: { address: 'web-1.internal', port: 2222, role: 'host' },
          username: 'deploy',
          identityFiles: ['/home/op/.ssh/web_default', '/home/op/.ssh/id_all'],
          explicitIdentities: true,
        },
      ],
    });
    const viaPlan = resolveTarget(
      {
        name: 'w',
        address: 'web-1',
        port: 2200,
        labels: {},
        identityFile: '/k',
        proxyJump: 'x@gw:2,y@gw2',
      },
      env2,
    );
    expect(
      viaPlan.ok &&
        viaPlan.hops.map((h) => `${h.username}@${h.endpoint.address}:${h.endpoint.port}`),
    ).toEqual(['x@gw:2', 'y@gw2:22', 'default@web-1.internal:2200']);
    expect(
      resolveTarget({ name: 'w', address: 'a', port: 22, labels: {}, proxyJump: 'bad host' }, env2),
    ).toEqual({
      ok: false,
      reason: 'host w: ProxyJump element "bad host" is not [user@]host[:port]',
    });
  });
});
