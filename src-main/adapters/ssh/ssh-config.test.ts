import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandProxyCommand, parseSshConfig, resolveSshConfig } from './ssh-config';
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
    'Match originalhost nomatch-*',
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
      identityFiles: ['/home/op/.ssh/web_op', '/home/op/.ssh/id_all'],
      proxyJump: 'bastion',
    });
  });

  it('honours negated patterns, ProxyJump none and Match originalhost', () => {
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
      jumps: ['bastion'],
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
          identityFiles: ['/home/op/.ssh/web_op', '/home/op/.ssh/id_all'],
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

describe('ssh_config as ssh -G reads it', () => {
  const at = (text: string, alias: string, files: Record<string, string> = {}) => {
    const home = mkdtempSync(join(tmpdir(), 'ringside-sshcfg-'));
    mkdirSync(join(home, '.ssh'), { recursive: true });
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(dirname(join(home, '.ssh', name)), { recursive: true });
      writeFileSync(join(home, '.ssh', name), body);
    }
    const r = resolveSshConfig(parseSshConfig(text, 'cfg', { home }), alias, {
      home,
      localUser: 'op',
    });
    rmSync(home, { recursive: true, force: true });
    return { r, home };
  };
  it('reads Include (globs, relative to ~/.ssh) where it stands', () => {
    const { r } = at('Include conf.d/*.conf\nHost *\n  Port 22\n', 'web', {
      'conf.d/a.conf': 'Host web\n  HostName a.example\n',
      'conf.d/b.conf': 'Host web\n  HostName b.example\n  Port 2200\n',
    });
    expect([r.hostName, r.port]).toEqual(['a.example', 2200]);
  });
  it('evaluates Match host, originalhost, user, localuser and all', () => {
    const cfg = [
      'Host web',
      '  HostName web.internal',
      'Match host *.internal user deploy',
      '  Port 1',
      'Match originalhost web localuser op',
      '  User deploy',
      'Match host *.internal user deploy',
      '  Port 2',
      'Match all',
      '  Port 3',
    ].join('\n');
    expect(at(cfg, 'web').r).toMatchObject({ hostName: 'web.internal', user: 'deploy', port: 2 });
  });
  it('refuses Match exec and canonical with FILE:LINE instead of skipping them', () => {
    expect(at('Match exec "true"\n  Port 5\n', 'x').r.errors).toEqual([
      "cfg:1: Match exec is not supported by Ringside (it would run or depend on ssh's own state); use Host or Match host/user blocks",
    ]);
    expect(at('Match canonical host x\n', 'x').r.errors?.[0]).toMatch(
      /^cfg:1: Match canonical is not supported/,
    );
  });
  it('reads ProxyCommand (the rest of the line, raw) and expands its tokens at connect time', () => {
    const { r } = at('Host web\n  ProxyCommand nc -X connect %h %p\n', 'web');
    expect(r.proxyCommand).toBe('nc -X connect %h %p');
    expect(
      expandProxyCommand(r.proxyCommand ?? '', {
        host: 'web.x',
        alias: 'web',
        port: 22,
        user: 'u',
      }),
    ).toBe('nc -X connect web.x 22');
  });
  it('expands %u as the local user and %r as the remote user, ~ as HOME', () => {
    const { r, home } = at(
      'Host web\n  User deploy\n  IdentityFile ~/.ssh/%r-%u-%h-%n-%p-%%\n',
      'web',
    );
    expect(r.identityFiles).toEqual([`${home}/.ssh/deploy-op-web-web-22-%`]);
  });
  it('drops trailing comments, matches Host patterns with case, refuses bad ports', () => {
    expect(at('Host a # note\n  User u  # who\n', 'note').r.user).toBeUndefined();
    expect(at('Host a # note\n  User u  # who\n', 'a').r.user).toBe('u');
    expect(at('Host WEB\n  User u\n', 'web').r.user).toBeUndefined();
    expect(at('Host x\n  Port 70000\n', 'y').r.errors).toEqual([
      "cfg:2: bad port '70000' (expected 1-65535)",
    ]);
  });
  it('refuses CertificateFile and other known_hosts files where they apply', () => {
    expect(at('Host web\n  CertificateFile ~/.ssh/id-cert.pub\n', 'web').r.errors?.[0]).toMatch(
      /^cfg:2: certificatefile applies to 'web': SSH certificates are not supported by Ringside/,
    );
    expect(at('Host web\n  CertificateFile ~/.ssh/id-cert.pub\n', 'db').r.errors).toBeUndefined();
  });
});
