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
 *
 * Version 2 (see V2): the person on every event is the database login, and promotion
 * approvals are checked by the database. Version 3 (schema-v3.ts): the commands table, through
 * which other desks hand commands to the live driver. Version 4 (schema-v4.ts): the samples
 * table, the team rollout's downsampled telemetry that followers chart.
 */
import type pg from 'pg';
import type { Queryable } from './lease';
import { SYSTEM_ACTOR, systemActorEventTypes } from '../../core/rollout/event';
import { COMMAND_GRANTS, V3 } from './schema-v3';
import { SAMPLES_GRANTS, V4 } from './schema-v4';

/** The schema version this build reads and writes. */
export const SCHEMA_VERSION = 4;

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

/** SQLSTATEs of the identity and approval rules (version 2), each with its own words. */
export const IDENTITY_ERRORS = {
  /** An event names someone other than the database login that writes it. */
  notTheLogin: 'RSL06',
  /** A promotion approval from a login without the ringside_approver role. */
  notAnApprover: 'RSL07',
  /** The same login approved the same ring's promotion before. */
  approvedTwice: 'RSL08',
  /** A promotion with fewer distinct approvers than the ring's plan asks for. */
  tooFewApprovals: 'RSL09',
  /** The row's type column is not the type of the event it stores. */
  typeMismatch: 'RSL10',
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

/**
 * Version 2: who did it is the database login, enforced by the database.
 *
 * Identity is `session_user` — the role that authenticated — not `current_user`: a member
 * of another role may `SET ROLE` to it, which changes current_user (and with it the rights
 * in effect) but never who logged in. Rights are still the ones in effect (current_user),
 * as PostgreSQL's own privilege checks are: INSERT needs ringside_operator, an approval
 * needs ringside_approver.
 *
 * A trigger on every insert: `written_by` is forced to session_user (a client cannot set
 * it); the `type` column must be the stored event's type; an event that names a person
 * (`by`) must name the login, except the engine's own decisions journaled by the driver
 * under the name `ringside` (in-doubt checks, automatic rollback, a key found in
 * known_hosts, automatic promotion, the pause after a platform gate failed: the types in
 * core's systemActorEventTypes) — `written_by` still says whose driver wrote them; a
 * `PromotionApproved` needs ringside_approver and is refused a second time from the same
 * login for the same ring; a `Promoted` of a ring whose plan asks for N approvals needs N
 * distinct approving logins already journaled for that ring, whoever writes it.
 */
const V2 = `
ALTER TABLE ringside_events ALTER COLUMN written_by SET DEFAULT session_user;
ALTER TABLE ringside_leases ALTER COLUMN db_user SET DEFAULT session_user;
CREATE INDEX ringside_events_type ON ringside_events (rollout, type);
CREATE FUNCTION ringside_identity() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ev jsonb;
  who text;
  ring_name text;
  needed integer;
  approvers integer;
BEGIN
  NEW.written_by := session_user;
  ev := NEW.record::jsonb -> 'event';
  IF ev IS NULL OR ev ->> 'type' IS DISTINCT FROM NEW.type THEN
    RAISE EXCEPTION 'rollout %: record % stores a % event in a row typed %', NEW.rollout, NEW.seq,
      coalesce(ev ->> 'type', 'missing'), NEW.type USING ERRCODE = 'RSL10';
  END IF;
  who := ev ->> 'by';
  IF who IS NOT NULL AND who <> session_user::text AND NOT (who = '${SYSTEM_ACTOR}' AND NEW.type IN
      (${systemActorEventTypes.map((t) => `'${t}'`).join(', ')})) THEN
    RAISE EXCEPTION 'rollout %: % by "%" written by the database login "%": the person recorded is the login',
      NEW.rollout, NEW.type, who, session_user USING ERRCODE = 'RSL06';
  END IF;
  ring_name := ev ->> 'ring';
  IF NEW.type = 'PromotionApproved' THEN
    IF who IS DISTINCT FROM session_user::text THEN
      RAISE EXCEPTION 'rollout %: an approval by "%" written by the database login "%"',
        NEW.rollout, who, session_user USING ERRCODE = 'RSL06';
    END IF;
    IF NOT pg_has_role(current_user, 'ringside_approver', 'USAGE') THEN
      RAISE EXCEPTION 'rollout %: the database login "%" may not approve promotions (approving needs the role ringside_approver)',
        NEW.rollout, session_user USING ERRCODE = 'RSL07';
    END IF;
    IF EXISTS (SELECT 1 FROM ringside_events
               WHERE rollout = NEW.rollout AND type = 'PromotionApproved'
                 AND record::jsonb -> 'event' ->> 'ring' = ring_name
                 AND written_by = session_user) THEN
      RAISE EXCEPTION 'rollout %: the database login "%" already approved the promotion of ring %; the next approval must come from someone else',
        NEW.rollout, session_user, ring_name USING ERRCODE = 'RSL08';
    END IF;
  ELSIF NEW.type = 'Promoted' THEN
    SELECT coalesce((r ->> 'approvals')::integer, 1) INTO needed
      FROM ringside_events c,
           jsonb_array_elements(c.record::jsonb -> 'event' -> 'plan' -> 'rings') r
      WHERE c.rollout = NEW.rollout AND c.seq = 1 AND r ->> 'name' = ring_name;
    IF coalesce(needed, 1) > 1 THEN
      SELECT count(DISTINCT written_by) INTO approvers FROM ringside_events
        WHERE rollout = NEW.rollout AND type = 'PromotionApproved'
          AND record::jsonb -> 'event' ->> 'ring' = ring_name;
      IF approvers < needed THEN
        RAISE EXCEPTION 'rollout %: ring % needs % approvals, has % (distinct database logins)',
          NEW.rollout, ring_name, needed, approvers USING ERRCODE = 'RSL09';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER ringside_identity BEFORE INSERT ON ringside_events
  FOR EACH ROW EXECUTE FUNCTION ringside_identity();
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
${COMMAND_GRANTS}${SAMPLES_GRANTS}`;

/** Migrations: MIGRATIONS[v] takes a schema at version v to v + 1 (tests build old ones). */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4];

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
