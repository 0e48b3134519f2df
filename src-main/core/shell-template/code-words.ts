import { refuseSlot, type Command, type Slot, type Word } from './scan';

/**
 * Words that a second interpreter parses as code. A value that reaches one of them can run
 * commands whatever its quoting in the outer shell, so a placeholder there is refused and the
 * message names the safe form: the value as an argument the inner script reads as data.
 */

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'posh', 'yash']);

/** Interpreters whose option takes a program text, e.g. `python3 -c CODE`. */
const CODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '-p', '--eval', '--print'],
  nodejs: ['-e', '-p', '--eval', '--print'],
  php: ['-r'],
};

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk']);

/** Every argument after these is parsed as code (or sent to a remote shell, for ssh). */
const WHOLE_REST: Readonly<Record<string, string>> = {
  eval: 'eval runs its arguments as shell code',
  trap: 'trap runs its argument as shell code',
  ssh: 'ssh hands its arguments to a remote shell, which parses them again',
  watch: 'watch runs its arguments through sh -c',
  let: 'let evaluates its arguments as arithmetic, which bash can make run code',
  '[[': '[[ ]] evaluates -eq/-lt operands as arithmetic, which bash can make run code',
};

const SAFE_FORM = `pass it as an argument instead, e.g. sh -c 'appctl install "$1"' sh {{version}}`;

function basename(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1);
}

/** Shell variables assigned from placeholders (`X={{x}}`), with the slots they carry. */
type Tainted = ReadonlyMap<string, readonly Slot[]>;

/**
 * Refuses the slots in `word`, and the placeholders whose values reach it through a shell
 * variable (`X={{x}}; eval "… $X"`): the second parser sees the value either way.
 */
function refuseWord(word: Word | undefined, why: string, tainted: Tainted): void {
  word?.slots.forEach((s) => refuseSlot(s, why));
  // Inside single quotes `$X` reaches the second parser as text, which expands it as data.
  const outerExpanded = word?.raw.replace(/'[^']*'/g, "''") ?? '';
  for (const [name, slots] of tainted) {
    if (word !== undefined && new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(outerExpanded)) {
      slots.forEach((s) => refuseSlot(s, `its value reaches $${name}, and ${why}`));
    }
  }
}

/**
 * Refuses the slots of `cmd` that a nested interpreter would parse; returns true when the
 * command reads a program from its standard input (a bare `sh`, `bash -s`, `python3`).
 */
function checkCommand(cmd: Command, tainted: Tainted): boolean {
  const refuse = (w: Word | undefined, why: string) => refuseWord(w, why, tainted);
  const words = cmd.words.filter((w) => !w.redirect);
  let readsStdin = false;
  words.forEach((w, k) => {
    const name = basename(w.text);
    const rest = words.slice(k + 1);
    if (SHELLS.has(name)) {
      let j = 0;
      let hasC = false;
      let hasS = false;
      for (; j < rest.length; j++) {
        const opt = rest[j]?.text ?? '';
        if (opt === '--') {
          j++;
          break;
        }
        if (!/^[-+][A-Za-z]/.test(opt) && !/^--[a-z]/.test(opt)) {
          break;
        }
        hasC ||= /^-[A-Za-z]*c/.test(opt);
        hasS ||= /^-[A-Za-z]*s/.test(opt);
        if (/^[-+]o$/.test(opt)) {
          j++; // `-o pipefail`: the option's argument
        }
      }
      if (hasC) {
        refuse(
          rest[j],
          `it is inside the script of '${name} -c', which a second shell parses: ${SAFE_FORM}`,
        );
      } else if (hasS || j >= rest.length) {
        readsStdin = true;
      }
      return;
    }
    const flags = CODE_FLAGS[name];
    if (flags !== undefined) {
      const at = rest.findIndex((x) => flags.includes(x.text));
      if (at >= 0) {
        refuse(rest[at + 1], `it is inside the program of '${name} ${rest[at]?.text ?? ''}'`);
      } else if (rest.every((x) => x.text.startsWith('-'))) {
        readsStdin = true;
      }
      return;
    }
    if (AWKS.has(name) && !rest.some((x) => x.text === '-f')) {
      let j = 0;
      while (j < rest.length && (rest[j]?.text ?? '').startsWith('-')) {
        j += /^-[Fv]$/.test(rest[j]?.text ?? '') ? 2 : 1;
      }
      refuse(rest[j], `it is inside an ${name} program: pass it with -v NAME=VALUE instead`);
      return;
    }
    if (name === 'su' || name === 'runuser') {
      rest.forEach((x, j) => {
        const why = `it is the command of '${name} -c', which the user's shell parses: use ${name} USER -c 'appctl install "$1"' -- sh {{version}} or sudo -u USER`;
        if (x.text === '-c' || x.text === '--command' || /^-[a-z]*c$/.test(x.text)) {
          refuse(rest[j + 1], why);
        } else if (x.text.startsWith('--command=')) {
          refuse(x, why);
        }
      });
      return;
    }
    const whole = WHOLE_REST[name];
    if (whole !== undefined) {
      rest.forEach((x) => refuse(x, `${whole}: ${SAFE_FORM}`));
    }
  });
  return readsStdin;
}

/**
 * Applies the nested-interpreter rules to every command: script words of `sh -c`, `su -c`,
 * interpreters' program options, arguments of `eval`/`ssh`/…, and anything fed as standard
 * input (pipe, heredoc, here-string) to a shell that reads its program from there.
 */
export function refuseCodeWords(commands: readonly Command[]): void {
  const tainted = new Map<string, Slot[]>();
  for (const w of commands.flatMap((c) => c.words)) {
    const name = /^([A-Za-z_]\w*)=/.exec(w.raw)?.[1];
    if (name !== undefined && w.slots.length > 0) {
      tainted.set(name, [...(tainted.get(name) ?? []), ...w.slots]);
    }
  }
  const byPipeline = new Map<number, Command[]>();
  for (const cmd of commands) {
    const readsStdin = checkCommand(cmd, tainted);
    const list = byPipeline.get(cmd.pipeline) ?? [];
    if (readsStdin) {
      const why = `it reaches the standard input of a shell or interpreter, which runs it as code: ${SAFE_FORM}`;
      list.forEach((earlier) => {
        earlier.words.forEach((w) => refuseWord(w, why, tainted));
        earlier.heredocSlots.forEach((s) => refuseSlot(s, why));
      });
      cmd.heredocSlots.forEach((s) => refuseSlot(s, why));
      cmd.words.filter((w) => w.hereString).forEach((w) => refuseWord(w, why, tainted));
    }
    list.push(cmd);
    byPipeline.set(cmd.pipeline, list);
  }
}
