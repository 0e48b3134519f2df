/**
 * The team database's schema, created or migrated only by `ringside team init` (never as a
 * side effect of a run). Version 1:
 *
 * - `ringside_events`: one row per journal record, primary key (rollout, seq), the record's
 *   exact text (the same line the file journal writes, so the same hash chain verifies it),
 *   and the lease epoch it was written under. A trigger fences every insert: the epoch must
 *   be the rollout's current lease epoch and the lease unexpired (the lease row is locked
 *   FOR SHARE, so a takeover and an append are serialised), seq 1 must start at the genesis
 *   hash and every later record must name its predecessor's hash, and the hash must be the
 *   sha256 of the record's text. Rows are never updated or deleted (another trigger).
 * - `ringside_leases`: who drives each rollout (holder, machine, pid, epoch, expiry).
 * - roles `ringside_viewer` (read), `ringside_operator` (viewer + drive), `ringside_approver`
 *   (operator + approvals), granted to people with ordinary GRANTs.
 */
import type pg from 'pg';
import type { Queryable } from './lease';

/** The schema version this build reads and writes. */
export const SCHEMA_VERSION = 1;

/** The channel every append notifies (payload `ROLLOUT SEQ`), inside the append transaction. */
export const EVENTS_CHANNEL = 'ringside_events';

/** SQLSTATEs the fence raises, so callers can tell a fenced append from any other error. */
export const FENCE_ERRORS = {
  staleEpoch: 'RSL01',
  expired: 'RSL02',
  brokenChain: 'RSL03',
  badHash: 'RSL04',
  appendOnly: 'RSL05',
} as const;

const V1 = `
CREATE TABLE ringside_schema (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version integer NOT NULL
);
CREATE TABLE ringside_leases (
  rollout text PRIMARY KEY,
  epoch bigint NOT NULL DEFAULT 0,
  holder text NOT NULL DEFAULT '',
  machine text NOT NULL DEFAULT '',
  pid integer NOT NULL DEFAULT 0,
  db_user text NOT NULL DEFAULT current_user,
  acquired_at timestamptz,
  renewed_at timestamptz,
  released boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL DEFAULT 'epoch'
);
CREATE TABLE ringside_events (
  rollout text NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 1),
  prev text NOT NULL,
  hash text NOT NULL,
  record text NOT NULL,
  type text NOT NULL,
  epoch bigint NOT NULL,
  written_by text NOT NULL DEFAULT current_user,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rollout, seq)
);
CREATE FUNCTION ringside_fence() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  current_epoch bigint;
  until timestamptz;
BEGIN
  SELECT epoch, expires_at INTO current_epoch, until
    FROM ringside_leases WHERE rollout = NEW.rollout FOR SHARE;
  IF current_epoch IS NULL OR current_epoch <> NEW.epoch THEN
    RAISE EXCEPTION 'rollout %: lease epoch % is not current (current epoch %)',
      NEW.rollout, NEW.epoch, coalesce(current_epoch::text, 'none') USING ERRCODE = 'RSL01';
  END IF;
  IF until < now() THEN
    RAISE EXCEPTION 'rollout %: lease epoch % expired at %', NEW.rollout, NEW.epoch, until
      USING ERRCODE = 'RSL02';
  END IF;
  IF NEW.seq = 1 THEN
    IF NEW.prev <> repeat('0', 64) THEN
      RAISE EXCEPTION 'rollout %: record 1 must start the chain', NEW.rollout USING ERRCODE = 'RSL03';
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM ringside_events
                    WHERE rollout = NEW.rollout AND seq = NEW.seq - 1 AND hash = NEW.prev) THEN
    RAISE EXCEPTION 'rollout %: record % does not follow record %', NEW.rollout, NEW.seq, NEW.seq - 1
      USING ERRCODE = 'RSL03';
  END IF;
  IF right(NEW.record, 75) <> (',"hash":"' || NEW.hash || '"}')
     OR encode(sha256(convert_to(left(NEW.record, -75), 'UTF8')), 'hex') <> NEW.hash THEN
    RAISE EXCEPTION 'rollout %: record % hash does not match its text', NEW.rollout, NEW.seq
      USING ERRCODE = 'RSL04';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER ringside_fence BEFORE INSERT ON ringside_events
  FOR EACH ROW EXECUTE FUNCTION ringside_fence();
CREATE FUNCTION ringside_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ringside_events is append-only' USING ERRCODE = 'RSL05';
END
$fn$;
CREATE TRIGGER ringside_append_only BEFORE UPDATE OR DELETE ON ringside_events
  FOR EACH ROW EXECUTE FUNCTION ringside_append_only();
CREATE TRIGGER ringside_no_truncate BEFORE TRUNCATE ON ringside_events
  FOR EACH STATEMENT EXECUTE FUNCTION ringside_append_only();
`;

/** Roles and grants; run on every init (idempotent), so a re-run repairs them. */
const ROLES = `
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringside_viewer') THEN
    CREATE ROLE ringside_viewer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringside_operator') THEN
    CREATE ROLE ringside_operator NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringside_approver') THEN
    CREATE ROLE ringside_approver NOLOGIN;
  END IF;
END
$roles$;
GRANT SELECT ON ringside_schema, ringside_leases, ringside_events TO ringside_viewer;
GRANT ringside_viewer TO ringside_operator;
GRANT INSERT ON ringside_events TO ringside_operator;
GRANT INSERT, UPDATE ON ringside_leases TO ringside_operator;
GRANT ringside_operator TO ringside_approver;
`;

/** Migrations: MIGRATIONS[v] takes a schema at version v to v + 1. */
const MIGRATIONS: readonly string[] = [V1];

/** What `team init` did. */
export type InitResult =
  | { readonly ok: true; readonly from: number; readonly to: number }
  | { readonly ok: false; readonly message: string };

/** The schema version found: 0 when there is no Ringside schema. */
export async function schemaVersion(client: Queryable): Promise<number> {
  const exists = await client.query<{ t: string | null }>(
    "SELECT to_regclass('ringside_schema')::text AS t",
  );
  if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) {
    return 0;
  }
  const r = await client.query<{ version: number }>('SELECT version FROM ringside_schema');
  return r.rows[0]?.version ?? 0;
}

/**
 * Creates or migrates the schema to {@link SCHEMA_VERSION} in one transaction (an advisory
 * lock keeps two inits apart), then (re)creates the roles and grants. A newer schema than
 * this build knows is refused.
 */
export async function initSchema(client: pg.ClientBase, shown: string): Promise<InitResult> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ringside team init'))");
    const from = await schemaVersion(client);
    if (from > SCHEMA_VERSION) {
      await client.query('ROLLBACK');
      return {
        ok: false,
        message: `${shown}: the Ringside schema is at version ${from}, newer than this Ringside (version ${SCHEMA_VERSION}); upgrade Ringside`,
      };
    }
    for (let v = from; v < SCHEMA_VERSION; v += 1) {
      await client.query(MIGRATIONS[v] ?? '');
    }
    await client.query(
      'INSERT INTO ringside_schema (only_row, version) VALUES (true, $1) ON CONFLICT (only_row) DO UPDATE SET version = $1',
      [SCHEMA_VERSION],
    );
    await client.query(ROLES);
    await client.query('COMMIT');
    return { ok: true, from, to: SCHEMA_VERSION };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Null when the schema is the one this build uses, else one line saying what to run. A run
 * never creates or migrates the schema itself.
 */
export async function checkSchema(
  client: Queryable,
  shown: string,
  initUrl: string,
): Promise<string | null> {
  const found = await schemaVersion(client);
  if (found === SCHEMA_VERSION) {
    return null;
  }
  if (found === 0) {
    return `${shown}: no Ringside schema in this database; create it with: ringside team init ${initUrl}`;
  }
  if (found < SCHEMA_VERSION) {
    return `${shown}: the Ringside schema is at version ${found}, this Ringside needs ${SCHEMA_VERSION}; migrate it with: ringside team init ${initUrl}`;
  }
  return `${shown}: the Ringside schema is at version ${found}, newer than this Ringside (version ${SCHEMA_VERSION}); upgrade Ringside`;
}
