/**
 * Connecting to the team database the libpq way: the password comes from the URL, from
 * PGPASSWORD, or from the password file (~/.pgpass or PGPASSFILE), in that order, and is
 * never written or printed by Ringside. Every failure becomes one line naming what and where.
 */
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import pgpass from 'pgpass';
import { holdSecret } from '../secrets/held-secrets';
import { redactUrlPasswords, type TeamUrl } from './url';

/** A `pg` client config for `url`; `env` is where PGPASSWORD / PGPASSFILE / PGUSER are read. */
export function clientConfig(
  url: TeamUrl,
  env: Readonly<Record<string, string | undefined>>,
  applicationName = 'ringside',
): pg.ClientConfig {
  const user = url.user ?? env.PGUSER ?? env.USER ?? 'postgres';
  // Parsed here, not passed as connectionString: pg lets a connection string's (absent)
  // password override the password function below.
  const parsed = parseIntoClientConfig(url.connectionString);
  delete parsed.password;
  return {
    ...parsed,
    user,
    application_name: applicationName,
    // Connecting must not hang a CLI on a dropped packet.
    connectionTimeoutMillis: 10_000,
    // pg treats a function resolving to undefined as no password (trust or peer auth).
    password: (() => passwordFor(url, user, env)) as () => Promise<string>,
  };
}

function passwordFor(
  url: TeamUrl,
  user: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  if (url.password !== null) {
    return Promise.resolve(url.password);
  }
  if (env.PGPASSWORD !== undefined) {
    holdSecret(env.PGPASSWORD);
    return Promise.resolve(env.PGPASSWORD);
  }
  return new Promise((resolve) => {
    // pgpass reads PGPASSFILE (else ~/.pgpass of the process) synchronously when called:
    // point it at the caller's environment for that one call.
    const file = env.PGPASSFILE ?? (env.HOME !== undefined ? `${env.HOME}/.pgpass` : undefined);
    const saved = process.env.PGPASSFILE;
    if (file !== undefined) {
      process.env.PGPASSFILE = file;
    }
    try {
      pgpass({ host: url.host, port: url.port, database: url.database, user }, (found) => {
        if (found !== undefined) {
          holdSecret(found);
        }
        resolve(found);
      });
    } finally {
      if (saved === undefined) {
        delete process.env.PGPASSFILE;
      } else {
        process.env.PGPASSFILE = saved;
      }
    }
  });
}

/** Opens one connection; a failure is one line (see {@link describePgError}). */
export async function connectTeam(
  url: TeamUrl,
  env: Readonly<Record<string, string | undefined>>,
  applicationName?: string,
): Promise<{ ok: true; client: pg.Client } | { ok: false; message: string }> {
  const client = new pg.Client(clientConfig(url, env, applicationName));
  // An error after connecting (server gone) must not crash the process; callers see it on
  // their next query.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { ok: true, client };
  } catch (e) {
    await client.end().catch(() => undefined);
    return { ok: false, message: describePgError(e, url) };
  }
}

interface PgErrorLike {
  readonly code?: string;
  readonly message?: string;
}

/**
 * One line for a driver or server error: what went wrong and where (host:port/db), with
 * the hint a person needs. Never includes a password.
 */
export function describePgError(e: unknown, url: TeamUrl): string {
  const err = (typeof e === 'object' && e !== null ? e : {}) as PgErrorLike;
  const raw = redactUrlPasswords((err.message ?? String(e)).split('\n')[0] ?? '');
  const where = `PostgreSQL at ${url.where}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${where}: connection refused (is the server running and listening on ${url.host}:${url.port}?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: host ${url.host} not found`;
    case 'ETIMEDOUT':
      return `${where}: connection timed out`;
    case '28P01':
      return `${where}: password authentication failed for user ${userOf(raw)} (the password comes from PGPASSWORD or ~/.pgpass)`;
    case '28000':
      return `${where}: not allowed to connect (${raw})`;
    case '3D000':
      return `${where}: database "${url.database}" does not exist (create it: createdb -h ${url.host} -p ${url.port} ${url.database})`;
    case '42501':
      return `${where}: permission denied for the database login ${url.user ?? '(PGUSER)'} (${raw}); driving a rollout and its commands (promote, pause, ...) need the role ringside_operator, approving a promotion ringside_approver, reading ringside_viewer (GRANT ringside_operator TO ${url.user ?? 'USER'})`;
    case '57P01':
    case '57P03':
      return `${where}: the server is shutting down or starting up (${raw})`;
    default:
      break;
  }
  if (
    raw.includes('no password was provided') ||
    raw.includes('client password must be a string')
  ) {
    return `${where}: the server asks for a password and none was given (set PGPASSWORD or add a line to ~/.pgpass)`;
  }
  if (raw.includes('timeout') || raw.includes('Connection terminated')) {
    return `${where}: connection lost or timed out (${raw})`;
  }
  return `${where}: ${raw}`;
}

function userOf(message: string): string {
  const m = /user "([^"]*)"/.exec(message);
  return m?.[1] !== undefined ? `"${m[1]}"` : '(unknown)';
}
