/**
 * Team journal URLs: the rollout is taken out of the query, the password never appears in
 * what is shown, and bad input is one sentence that does not echo the password either.
 */
import { describe, expect, it } from 'vitest';
import { parseTeamUrl, redactUrlPasswords } from '../../src-main/adapters/journal-pg';

describe('team journal URLs', () => {
  it('splits database and rollout and shows the password as ***', () => {
    const u = parseTeamUrl(
      'postgres://ann:s%40cret@db.example.com:5433/ringside?rollout=web-2.4.0&sslmode=require',
    );
    expect(typeof u === 'string' ? u : { ...u, connectionString: u.connectionString }).toEqual({
      connectionString: 'postgres://ann@db.example.com:5433/ringside?sslmode=require',
      rollout: 'web-2.4.0',
      shown: 'postgres://ann:***@db.example.com:5433/ringside?sslmode=require&rollout=web-2.4.0',
      databaseShown: 'postgres://ann:***@db.example.com:5433/ringside?sslmode=require',
      where: 'db.example.com:5433/ringside',
      password: 's@cret',
      host: 'db.example.com',
      port: 5433,
      database: 'ringside',
      user: 'ann',
    });
  });

  it('refuses what is not a team URL, without echoing a password', () => {
    expect(parseTeamUrl('postgres://ann:pw@h:5432')).toBe(
      'postgres://ann:***@h:5432: the URL names no database (expected postgres://HOST[:PORT]/DATABASE)',
    );
    expect(parseTeamUrl('postgres://h/db?rollout=bad name')).toMatch(
      /rollout name 'bad name' must be letters/,
    );
    expect(parseTeamUrl('mysql://h/db')).toMatch(/^not a PostgreSQL URL: mysql:\/\/h\/db/);
    expect(redactUrlPasswords('at postgres://a:b@c/d and postgresql://x:y@z/w')).toBe(
      'at postgres://a:***@c/d and postgresql://x:***@z/w',
    );
  });
});
