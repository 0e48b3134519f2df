/**
 * The team journal's address: `postgres://[user@]host[:port]/DB?rollout=NAME`. The rollout
 * name rides in the query so one string names both the database and the rollout in it; it
 * is taken out before the rest goes to the driver. A password in the URL is accepted (libpq
 * does) but never shown: every message names the URL with its password replaced.
 */

import { holdSecret } from '../secrets/held-secrets';

/** A parsed team URL. */
export interface TeamUrl {
  /** What the driver connects with (no `rollout` parameter). */
  readonly connectionString: string;
  /** The rollout named by `?rollout=`, or null when the URL names none. */
  readonly rollout: string | null;
  /** The URL as messages show it: password replaced by `***`. */
  readonly shown: string;
  /** The database's URL as messages show it (no rollout, password replaced): `team init`'s argument. */
  readonly databaseShown: string;
  /** `host:port/db`, the short "where" of error messages. */
  readonly where: string;
  /** The URL's password, if it carries one (never printed). */
  readonly password: string | null;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string | null;
}

/** True when `text` is a PostgreSQL URL rather than a journal path. */
export function isTeamUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** Rollout names: what a person types and what fits in a NOTIFY payload. */
const ROLLOUT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Replaces the password of any postgres URL inside `text` by `***`. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

/** Parses a team URL; a string says what is wrong (never echoing the password). */
export function parseTeamUrl(text: string): TeamUrl | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `not a PostgreSQL URL: ${redactUrlPasswords(text)} (expected postgres://[USER@]HOST[:PORT]/DATABASE?rollout=NAME)`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `not a PostgreSQL URL: ${redactUrlPasswords(text)} (expected postgres://…)`;
  }
  const password = url.password !== '' ? decodeURIComponent(url.password) : null;
  if (password !== null) {
    // Read here, held here: the CLI's boundary redacts it wherever the raw URL turns up.
    holdSecret(password);
    holdSecret(url.password);
  }
  url.password = '';
  const rollout = url.searchParams.get('rollout');
  url.searchParams.delete('rollout');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const host = url.hostname === '' ? 'localhost' : url.hostname;
  const port = url.port === '' ? 5432 : Number(url.port);
  const databaseShown =
    password === null ? url.toString() : redactUrlPasswords(withPassword(new URL(url.toString())));
  const shownUrl = new URL(url.toString());
  if (rollout !== null) {
    shownUrl.searchParams.set('rollout', rollout);
  }
  const shown =
    password === null ? shownUrl.toString() : redactUrlPasswords(withPassword(shownUrl));
  if (database === '') {
    return `${shown}: the URL names no database (expected postgres://HOST[:PORT]/DATABASE)`;
  }
  if (rollout !== null && !ROLLOUT_NAME.test(rollout)) {
    return `${shown}: rollout name '${rollout}' must be letters, digits, '.', '_' or '-' (at most 100)`;
  }
  return {
    connectionString: url.toString(),
    rollout,
    shown,
    databaseShown,
    where: `${host}:${port}/${database}`,
    password,
    host,
    port,
    database,
    user: url.username !== '' ? decodeURIComponent(url.username) : null,
  };
}

function withPassword(url: URL): string {
  const copy = new URL(url.toString());
  copy.password = 'x';
  return copy.toString();
}
