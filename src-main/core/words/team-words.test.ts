import { describe, expect, it } from 'vitest';
import { teamDriverWords, teamWatchersWords } from './team-words';

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
});
