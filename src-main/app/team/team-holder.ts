/**
 * Which team database the console uses, and the team methods of the facade. `ringside serve
 * --team URL` fixes it (password by libpq's conventions, from the environment); otherwise it
 * is the `teamUrl` setting (Electron's Connections view), with the password a person typed
 * kept only in the secret store (Electron: safeStorage; elsewhere: this process's memory)
 * and handed to the connection in memory as PGPASSWORD. A changed URL or password replaces
 * the connection.
 */
import { createHash } from 'node:crypto';
import { parseTeamUrl } from '../../adapters/journal-pg';
import { holdSecret } from '../../adapters/secrets/held-secrets';
import type { ConsoleSnapshot, RingsideMethods } from '../../core/contract';
import { noTeamDatabaseWords, rolloutStatusWord, teamRolloutReadOnlyWords } from '../../core/words';
import type { RolloutOperatorCommand } from '../../runtime/operator-command';
import type { SecretPort } from '../passphrase-broker';
import type { SettingsPort } from '../settings-port';
import { createTeamConsole, type TeamConnection, type TeamConsole } from './team-console';
import type { SamplesPush } from './team-samples';

/** Options of {@link createTeamHolder}. */
export interface TeamHolderOptions {
  /** `serve --team`: this database, whatever the settings say. */
  readonly fixed: TeamConnection | undefined;
  readonly settings: SettingsPort;
  /** Where a typed password is kept; absent: memory, this process only. */
  readonly secrets: SecretPort | undefined;
  /** The environment libpq conventions read (PGPASSWORD, PGPASSFILE, HOME). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly changed: () => void;
  readonly log: (line: string) => void;
  /** New telemetry samples of the shown team rollout (onSamples pushes). */
  readonly samples: (s: SamplesPush) => void;
}

type TeamMethods = Pick<
  RingsideMethods,
  'listTeamRollouts' | 'openTeamRollout' | 'getTeamRollout' | 'closeTeamRollout' | 'setTeamPassword'
>;

/** The holder: the current team console and the facade's team methods. */
export interface TeamHolder {
  current(): TeamConsole | null;
  /** The settings changed: a new teamUrl replaces the connection. */
  settingsChanged(): Promise<void>;
  methods(current: () => ConsoleSnapshot): TeamMethods;
  /**
   * Sends `c` to the open team rollout's driver (true), or false when no team rollout is open
   * (the command is this console's own). A refusal, or a settled rollout, rejects.
   */
  command(c: RolloutOperatorCommand): Promise<boolean>;
  close(): Promise<void>;
}

/** The secret store's name for the password of `url`'s login at its database. */
function secretName(urlText: string): string {
  const u = parseTeamUrl(urlText);
  const key = typeof u === 'string' ? urlText : `${u.user ?? ''}@${u.host}:${u.port}/${u.database}`;
  return `team:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Creates the holder; nothing connects until a team method is called. */
export function createTeamHolder(o: TeamHolderOptions): TeamHolder {
  // Passwords kept for this process only: no secret store, or one without a usable keychain.
  const memory = new Map<string, string>();
  const passwordOf = (name: string): string | null =>
    memory.get(name) ?? o.secrets?.get(name) ?? null;
  let team: TeamConsole | null = null;
  let urlText: string | null = null;

  const connection = (): TeamConnection | null => {
    if (o.fixed) {
      return o.fixed;
    }
    const text = o.settings.getSettings().teamUrl ?? null;
    const url = text === null ? null : parseTeamUrl(text);
    if (url === null || typeof url === 'string') {
      return null;
    }
    const password = passwordOf(secretName(text ?? ''));
    return { url, env: password === null ? o.env : { ...o.env, PGPASSWORD: password } };
  };
  const replace = async (): Promise<void> => {
    const was = team;
    team = null;
    urlText = null;
    await was?.close();
    const c = connection();
    if (c !== null) {
      team = createTeamConsole({ ...c, changed: o.changed, log: o.log, samples: o.samples });
      urlText = o.fixed ? null : (o.settings.getSettings().teamUrl ?? null);
    }
    o.changed();
  };
  const ready = (what: string): TeamConsole => {
    if (team === null) {
      throw new Error(noTeamDatabaseWords(what));
    }
    return team;
  };
  if (o.fixed) {
    team = createTeamConsole({ ...o.fixed, changed: o.changed, log: o.log, samples: o.samples });
  } else {
    const c = connection();
    if (c !== null) {
      team = createTeamConsole({ ...c, changed: o.changed, log: o.log, samples: o.samples });
      urlText = o.settings.getSettings().teamUrl ?? null;
    }
  }

  return {
    current: () => team,
    settingsChanged: async () => {
      if (!o.fixed && (o.settings.getSettings().teamUrl ?? null) !== urlText) {
        await replace();
      }
    },
    command: async (c) => {
      const shown = team?.shown() ?? null;
      if (team === null || shown === null) {
        return false;
      }
      if (team.readOnly()) {
        throw new Error(
          teamRolloutReadOnlyWords(c.kind, shown.id, rolloutStatusWord(shown.state.status)),
        );
      }
      // The person is the database login: the commands table records it, whatever `by` says.
      const outcome = await team.command(c);
      if (!outcome.ok) {
        throw new Error(`${c.kind}: ${outcome.reason}`);
      }
      return true;
    },
    methods: (current) => ({
      listTeamRollouts: async () => ready('listTeamRollouts').list(),
      openTeamRollout: async (p) => {
        await ready('openTeamRollout').open(p.rollout);
        o.changed();
        return current();
      },
      getTeamRollout: async () => (team ? team.view() : null),
      closeTeamRollout: async () => {
        await team?.closeShown();
        o.changed();
        return null;
      },
      setTeamPassword: async (p) => {
        const text = o.settings.getSettings().teamUrl ?? null;
        if (o.fixed || text === null) {
          throw new Error(
            o.fixed
              ? 'setTeamPassword: this console was started with --team; its password comes from PGPASSWORD or ~/.pgpass'
              : 'setTeamPassword: set the team database URL first',
          );
        }
        const name = secretName(text);
        let remembered = false;
        let note: string | null = null;
        memory.delete(name);
        if (p.password === null) {
          o.secrets?.delete(name);
        } else {
          holdSecret(p.password);
          const kept = o.secrets?.set(name, p.password) ?? {
            ok: false as const,
            message: 'kept for this session only (no keychain in browser mode)',
          };
          if (kept.ok) {
            remembered = true;
          } else {
            // No usable keychain: this session only, never a plain file.
            memory.set(name, p.password);
            note = kept.message;
          }
        }
        await replace();
        return { remembered, note };
      },
    }),
    close: async () => {
      await team?.close();
      team = null;
    },
  };
}
