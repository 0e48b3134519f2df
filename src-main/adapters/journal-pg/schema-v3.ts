/**
 * Version 3 of the team schema: the commands table, through which any desk hands an operator
 * command to the live driver of a rollout and gets its answer, at most once, by command id.
 *
 * - `ringside_commands`: one row per command (`id` is the command's stamp id, so a retried
 *   insert of the same command is the same row). `issued_by` is forced to session_user and
 *   `issued_at` to the database's clock by a trigger; the command itself (jsonb) is checked
 *   against core's command schema by every client that writes or reads it.
 *   ringside_operator may INSERT (a viewer may not: the database refuses a viewer's promote).
 * - A command is answered once: the row's answer columns change only while `answered_at` is
 *   null. Three updates are allowed, each checked here:
 *   - a *claim* by the live driver (`claimed_epoch` = its current, unexpired lease epoch, the
 *     lease held by this login): from then on the issuer cannot withdraw it;
 *   - an *answer* by that driver (`answered_by_epoch` = its current lease epoch);
 *   - a *withdrawal* by the issuer (no answered_by_epoch), refused while a live driver holds
 *     a claim. Withdrawn is final: the event trigger refuses any later event of it.
 * - `ringside_identity` (replaced): an event whose `by` is not the login is allowed when it
 *   carries the `commandId` of an unanswered command for this rollout, issued by that `by`
 *   and claimed under the event's epoch; the same insert marks the command answered (so the
 *   decision and the events are one transaction, fenced by the epoch). Later events of the
 *   same transaction may name that issuer too (a command can decide several events).
 *   Approvals are counted by the person recorded (`by`), which is now the login or a
 *   command's issuer, both checked.
 */
import { SYSTEM_ACTOR, systemActorEventTypes } from '../../core/rollout/event';

/** The channel a new command notifies (payload `ROLLOUT ID`), at its insert's commit. */
export const COMMANDS_CHANNEL = 'ringside_commands';
/** The channel an answered (or withdrawn) command notifies (payload its id). */
export const ANSWERS_CHANNEL = 'ringside_answers';

/** SQLSTATEs of the commands table's rules. */
export const COMMAND_ERRORS = {
  /** A command's id, rollout, issuer, time or text was changed. */
  immutable: 'RSL11',
  /** The command was answered (or withdrawn) already. */
  answered: 'RSL12',
  /** A claim or answer not from the live driver, or an event under another claim. */
  notTheDriver: 'RSL13',
  /** A withdrawal by someone else than the issuer, or of a command a live driver claimed. */
  notWithdrawable: 'RSL14',
} as const;

const systemTypes = systemActorEventTypes.map((t) => `'${t}'`).join(', ');

export const V3 = `
CREATE TABLE ringside_commands (
  id uuid PRIMARY KEY,
  rollout text NOT NULL,
  issued_by text NOT NULL DEFAULT session_user,
  issued_at timestamptz NOT NULL DEFAULT now(),
  command jsonb NOT NULL,
  claimed_epoch bigint,
  answered_at timestamptz,
  answer jsonb,
  answered_by_epoch bigint,
  answered_txid bigint
);
CREATE INDEX ringside_commands_open ON ringside_commands (rollout, issued_at)
  WHERE answered_at IS NULL;
CREATE FUNCTION ringside_live_epoch(r text) RETURNS bigint LANGUAGE sql STABLE AS $fn$
  SELECT epoch FROM ringside_leases
   WHERE rollout = r AND NOT released AND expires_at > clock_timestamp() AND db_user = session_user
$fn$;
CREATE FUNCTION ringside_command_issue() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.issued_by := session_user;
  NEW.issued_at := now();
  NEW.claimed_epoch := NULL;
  NEW.answered_at := NULL;
  NEW.answer := NULL;
  NEW.answered_by_epoch := NULL;
  NEW.answered_txid := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER ringside_command_issue BEFORE INSERT ON ringside_commands
  FOR EACH ROW EXECUTE FUNCTION ringside_command_issue();
CREATE FUNCTION ringside_command_answer() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  live bigint;
BEGIN
  IF NEW.id <> OLD.id OR NEW.rollout <> OLD.rollout OR NEW.issued_by <> OLD.issued_by
     OR NEW.issued_at <> OLD.issued_at OR NEW.command <> OLD.command THEN
    RAISE EXCEPTION 'command %: only its claim and answer may change', OLD.id USING ERRCODE = 'RSL11';
  END IF;
  IF OLD.answered_at IS NOT NULL THEN
    RAISE EXCEPTION 'command % was answered already (%)', OLD.id, OLD.answer::text
      USING ERRCODE = 'RSL12';
  END IF;
  IF NEW.answered_at IS NULL THEN
    live := ringside_live_epoch(NEW.rollout);
    IF live IS NULL OR NEW.claimed_epoch IS DISTINCT FROM live THEN
      RAISE EXCEPTION 'command %: only the live driver of rollout % may claim it', OLD.id, OLD.rollout
        USING ERRCODE = 'RSL13';
    END IF;
  ELSIF NEW.answered_by_epoch IS NOT NULL THEN
    live := ringside_live_epoch(NEW.rollout);
    IF live IS NULL OR NEW.answered_by_epoch <> live THEN
      RAISE EXCEPTION 'command %: only the live driver of rollout % may answer it', OLD.id, OLD.rollout
        USING ERRCODE = 'RSL13';
    END IF;
    NEW.answered_txid := txid_current();
  ELSE
    IF session_user::text <> OLD.issued_by THEN
      RAISE EXCEPTION 'command %: only its issuer % may withdraw it', OLD.id, OLD.issued_by
        USING ERRCODE = 'RSL14';
    END IF;
    IF OLD.claimed_epoch IS NOT NULL AND EXISTS (
        SELECT 1 FROM ringside_leases WHERE rollout = OLD.rollout AND epoch = OLD.claimed_epoch
           AND NOT released AND expires_at > clock_timestamp()) THEN
      RAISE EXCEPTION 'command %: the live driver (lease epoch %) is deciding it', OLD.id, OLD.claimed_epoch
        USING ERRCODE = 'RSL14';
    END IF;
    NEW.answered_txid := NULL;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER ringside_command_answer BEFORE UPDATE ON ringside_commands
  FOR EACH ROW EXECUTE FUNCTION ringside_command_answer();
CREATE FUNCTION ringside_command_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('${COMMANDS_CHANNEL}', NEW.rollout || ' ' || NEW.id::text);
  ELSIF NEW.answered_at IS NOT NULL THEN
    PERFORM pg_notify('${ANSWERS_CHANNEL}', NEW.id::text);
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER ringside_command_notify AFTER INSERT OR UPDATE ON ringside_commands
  FOR EACH ROW EXECUTE FUNCTION ringside_command_notify();
CREATE TRIGGER ringside_commands_no_delete BEFORE DELETE ON ringside_commands
  FOR EACH ROW EXECUTE FUNCTION ringside_append_only();
CREATE OR REPLACE FUNCTION ringside_identity() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ev jsonb;
  who text;
  ring_name text;
  needed integer;
  approvers integer;
  cmd_id text;
  cmd ringside_commands%ROWTYPE;
  issuer text;
BEGIN
  NEW.written_by := session_user;
  ev := NEW.record::jsonb -> 'event';
  IF ev IS NULL OR ev ->> 'type' IS DISTINCT FROM NEW.type THEN
    RAISE EXCEPTION 'rollout %: record % stores a % event in a row typed %', NEW.rollout, NEW.seq,
      coalesce(ev ->> 'type', 'missing'), NEW.type USING ERRCODE = 'RSL10';
  END IF;
  who := ev ->> 'by';
  cmd_id := ev ->> 'commandId';
  IF cmd_id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
    SELECT * INTO cmd FROM ringside_commands
      WHERE id = cmd_id::uuid AND rollout = NEW.rollout FOR UPDATE;
    IF FOUND THEN
      IF cmd.answered_at IS NOT NULL THEN
        RAISE EXCEPTION 'rollout %: command % was answered already (%): it is not carried out again',
          NEW.rollout, cmd_id, cmd.answer::text USING ERRCODE = 'RSL12';
      END IF;
      IF who IS DISTINCT FROM cmd.issued_by THEN
        RAISE EXCEPTION 'rollout %: command % was issued by "%", its % names "%"', NEW.rollout,
          cmd_id, cmd.issued_by, NEW.type, coalesce(who, 'nobody') USING ERRCODE = 'RSL06';
      END IF;
      IF cmd.claimed_epoch IS DISTINCT FROM NEW.epoch THEN
        RAISE EXCEPTION 'rollout %: command % is not claimed under lease epoch %', NEW.rollout,
          cmd_id, NEW.epoch USING ERRCODE = 'RSL13';
      END IF;
      UPDATE ringside_commands SET answered_at = clock_timestamp(), answer = '{"ok":true}',
        answered_by_epoch = NEW.epoch WHERE id = cmd.id;
      issuer := cmd.issued_by;
    END IF;
  END IF;
  IF who IS NOT NULL AND who <> session_user::text AND issuer IS NULL THEN
    -- A later event of a command this transaction answered names the same issuer.
    SELECT issued_by INTO issuer FROM ringside_commands
      WHERE rollout = NEW.rollout AND issued_by = who AND answered_by_epoch = NEW.epoch
        AND answered_txid = txid_current() LIMIT 1;
  END IF;
  IF who IS NOT NULL AND who <> session_user::text AND who IS DISTINCT FROM issuer
     AND NOT (who = '${SYSTEM_ACTOR}' AND NEW.type IN (${systemTypes})) THEN
    RAISE EXCEPTION 'rollout %: % by "%" written by the database login "%": the person recorded is the login',
      NEW.rollout, NEW.type, who, session_user USING ERRCODE = 'RSL06';
  END IF;
  ring_name := ev ->> 'ring';
  IF NEW.type = 'PromotionApproved' THEN
    IF who IS DISTINCT FROM session_user::text AND who IS DISTINCT FROM issuer THEN
      RAISE EXCEPTION 'rollout %: an approval by "%" written by the database login "%"',
        NEW.rollout, who, session_user USING ERRCODE = 'RSL06';
    END IF;
    IF NOT pg_has_role(who, 'ringside_approver', 'USAGE') THEN
      RAISE EXCEPTION 'rollout %: the database login "%" may not approve promotions (approving needs the role ringside_approver)',
        NEW.rollout, who USING ERRCODE = 'RSL07';
    END IF;
    IF EXISTS (SELECT 1 FROM ringside_events
               WHERE rollout = NEW.rollout AND type = 'PromotionApproved'
                 AND record::jsonb -> 'event' ->> 'ring' = ring_name
                 AND record::jsonb -> 'event' ->> 'by' = who) THEN
      RAISE EXCEPTION 'rollout %: the database login "%" already approved the promotion of ring %; the next approval must come from someone else',
        NEW.rollout, who, ring_name USING ERRCODE = 'RSL08';
    END IF;
  ELSIF NEW.type = 'Promoted' THEN
    SELECT coalesce((r ->> 'approvals')::integer, 1) INTO needed
      FROM ringside_events c,
           jsonb_array_elements(c.record::jsonb -> 'event' -> 'plan' -> 'rings') r
      WHERE c.rollout = NEW.rollout AND c.seq = 1 AND r ->> 'name' = ring_name;
    IF coalesce(needed, 1) > 1 THEN
      SELECT count(DISTINCT record::jsonb -> 'event' ->> 'by') INTO approvers FROM ringside_events
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
`;

/** Grants of the commands table (part of every init's roles script). */
export const COMMAND_GRANTS = `
GRANT SELECT ON ringside_commands TO ringside_viewer;
GRANT INSERT (id, rollout, command) ON ringside_commands TO ringside_operator;
GRANT UPDATE (claimed_epoch, answered_at, answer, answered_by_epoch) ON ringside_commands
  TO ringside_operator;
`;
