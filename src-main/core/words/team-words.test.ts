import { describe, expect, it } from 'vitest';
import { rawTokens } from '../../../test/helpers/human-words';
import {
  samplesFencedWords,
  samplesLeaseExpiredWords,
  teamDriverWords,
  teamNoLocalPlanWords,
  teamRoleRefusalWords,
  teamRoleWords,
  teamWatchersWords,
} from './team-words';

describe('team console words', () => {
  it('say who drives a team rollout', () => {
    expect(teamDriverWords(null)).toBe('nobody drives it');
    expect(teamDriverWords({ holder: 'alice', machine: 'build-7' })).toBe(
      'driven by alice on build-7',
    );
  });

  it('name each other watcher once, counting a login at several desks', () => {
    expect(teamWatchersWords([])).toBe('nobody else is watching');
    expect(teamWatchersWords(['vera', 'otto', 'vera'])).toBe('also watching: vera (2 desks), otto');
  });

  it('say what the login may do, and why a button is off', () => {
    expect(teamRoleWords('vera', 'viewer')).toBe(
      'you act as vera — viewer: you can watch, not act',
    );
    expect(teamRoleRefusalWords('vera', 'viewer', 'command')).toBe(
      'vera is a viewer on the team database: sending commands needs the role ringside_operator',
    );
    expect(teamRoleRefusalWords('alice', 'operator', 'command')).toBeNull();
    expect(teamRoleRefusalWords('alice', 'operator', 'approve')).toMatch(
      /^alice is an operator .*: approving promotions needs the role ringside_approver$/,
    );
    expect(teamRoleRefusalWords('otto', 'approver', 'approve')).toBeNull();
    expect(teamRoleRefusalWords('nobody', 'none', 'approve')).toMatch(
      /^nobody has no Ringside role/,
    );
  });

  it('read as words, with no raw tokens', () => {
    const roles = ['approver', 'operator', 'viewer', 'none'] as const;
    const all = [
      ...roles.map((r) => teamRoleWords('vera', r)),
      ...roles.flatMap((r) => [
        teamRoleRefusalWords('vera', r, 'command') ?? '',
        teamRoleRefusalWords('vera', r, 'approve') ?? '',
      ]),
      samplesFencedWords('live', 3),
      samplesLeaseExpiredWords('live', 3, 2),
      teamNoLocalPlanWords,
    ];
    expect(all.flatMap(rawTokens)).toEqual([]);
  });
});
