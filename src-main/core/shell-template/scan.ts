/**
 * A small POSIX-sh lexer that finds every `{{name}}` of a step-command template and says in
 * which shell context it sits: a word, double quotes, an unquoted heredoc, a comment, or a
 * place where no value may go (single quotes, a quoted heredoc, backticks, `${…}`,
 * arithmetic, right after `\` or `$`). It also records the simple commands and pipelines
 * the placeholders belong to, so that the policy (code-words.ts) can refuse values that a
 * second interpreter would parse (`sh -c "…"`, `eval`, `| sh`, …).
 *
 * The lexer is deliberately conservative: it never needs to understand a template fully,
 * only to know which quoting is in force at each `{{`. When in doubt it refuses.
 */

/** Where a placeholder sits. `refused` places carry the reason in {@link Slot.refusal}. */
export type SlotContext = 'word' | 'double-quotes' | 'heredoc' | 'comment' | 'refused';

/** One `{{name}}` occurrence. */
export interface Slot {
  readonly name: string;
  /** Index of `{{` in the template, and one past `}}`. */
  readonly offset: number;
  readonly end: number;
  /** Index among all `{{` of the template (validation reports the nth brace's position). */
  readonly nth: number;
  context: SlotContext;
  refusal: string | null;
  /** The placeholder is a whole word (`{{x}}` or `"{{x}}"`), so a leading `-` makes it an option. */
  wholeWord: boolean;
  /** A `--` word comes before it in its command. */
  afterDoubleDash: boolean;
}

/** One word of a simple command: its dequoted text (expansions as U+0001) and every slot inside it. */
export interface Word {
  readonly start: number;
  end: number;
  text: string;
  readonly slots: Slot[];
  /** The word follows `<<<` (a here-string: the command's stdin). */
  hereString: boolean;
  /** The word is the target of a redirection (`> FILE`, `<<< WORD`), not an argument. */
  redirect: boolean;
  /** The word as written in the template. */
  raw: string;
}

/** One simple command, with the slots of the heredocs that feed it. */
export interface Command {
  readonly words: Word[];
  readonly heredocSlots: Slot[];
  /** Commands joined by `|` share a pipeline number. */
  readonly pipeline: number;
}

export type ScanResult =
  | { readonly ok: true; readonly slots: readonly Slot[]; readonly commands: readonly Command[] }
  | { readonly ok: false; readonly unclosedAt: number };

const EXPANSION = '\u0001';

const REFUSE = {
  single: 'it is inside single quotes, where nothing is substituted: close the quotes around it',
  quotedHeredoc:
    'it is inside a heredoc with a quoted delimiter, where nothing is substituted: unquote the delimiter (<<EOF)',
  backtick: 'it is inside backticks, which re-parse their text: use $(…) instead',
  param: 'it is inside ${…}: give it a word of its own',
  arith:
    'it is inside an arithmetic expression, which bash evaluates as code: compare with [ ] instead',
  backslash: "it directly follows '\\', which would change its quoting",
  dollar: "it directly follows '$', which would change its meaning",
  delimiter: 'it is a heredoc delimiter, which must be fixed text',
  ansiC: "it is inside $'…' quoting, where nothing is substituted",
  heredocSubst:
    'it shares a heredoc line with $(…), ${…} or backticks, whose contents are re-parsed: put it on a line of its own',
  subscript: 'it is inside an array subscript, which bash evaluates as arithmetic',
} as const;

class Unclosed {
  constructor(readonly at: number) {}
}

interface PendingHeredoc {
  readonly delim: string;
  readonly quoted: boolean;
  readonly stripTabs: boolean;
  readonly command: Command;
}

/** Scans `template`; see the module comment. */
export function scanShellTemplate(template: string): ScanResult {
  const t = template;
  const slots: Slot[] = [];
  const commands: Command[] = [];
  /** Words open at every nesting level: a slot in `$(…)` belongs to the outer word too. */
  const openWords: Word[] = [];
  let pipelines = 0;
  let pending: PendingHeredoc[] = [];
  let i = 0;

  const placeholder = (context: SlotContext, refusal: string | null): Slot => {
    const close = t.indexOf('}}', i + 2);
    if (close < 0) {
      throw new Unclosed(i);
    }
    const slot: Slot = {
      name: t.slice(i + 2, close).trim(),
      offset: i,
      end: close + 2,
      nth: slots.length,
      context: refusal === null ? context : 'refused',
      refusal,
      wholeWord: false,
      afterDoubleDash: false,
    };
    slots.push(slot);
    openWords.forEach((w) => w.slots.push(slot));
    i = close + 2;
    return slot;
  };
  /** `'…'` from the opening quote; `ansiC` for bash's `$'…'` (backslash escapes apply). */
  const singleQuotes = (ansiC: boolean): string => {
    i++;
    let text = '';
    while (i < t.length && t[i] !== "'") {
      if (t.startsWith('{{', i)) {
        placeholder('refused', ansiC ? REFUSE.ansiC : REFUSE.single);
        text += EXPANSION;
        continue;
      }
      if (ansiC && t[i] === '\\') {
        text += t[i + 1] ?? '';
        i += 2;
        continue;
      }
      text += t[i];
      i++;
    }
    i++;
    return text;
  };

  /** `$…` at `i`; returns the text it stands for in a word (U+0001 for an expansion). */
  const dollar = (outer: string | null): string => {
    if (t.startsWith('$((', i)) {
      i += 3;
      arithmetic(outer ?? REFUSE.arith);
      return EXPANSION;
    }
    if (t.startsWith('$(', i)) {
      i += 2;
      commandList(')', outer);
      return EXPANSION;
    }
    if (t.startsWith('${{', i)) {
      i++;
      placeholder('refused', REFUSE.dollar);
      return EXPANSION;
    }
    if (t.startsWith('${', i)) {
      i += 2;
      braces(outer ?? REFUSE.param);
      return EXPANSION;
    }
    i++;
    return '$';
  };

  const arithmetic = (why: string): void => {
    let depth = 0;
    while (i < t.length) {
      if (t.startsWith('{{', i)) {
        placeholder('refused', why);
      } else if (t[i] === '$') {
        dollar(why);
      } else if (t[i] === '(') {
        depth++;
        i++;
      } else if (t[i] === ')') {
        if (depth === 0 && t[i + 1] === ')') {
          i += 2;
          return;
        }
        depth--;
        i++;
      } else {
        i++;
      }
    }
  };

  const braces = (why: string): void => {
    while (i < t.length && t[i] !== '}') {
      if (t.startsWith('{{', i)) {
        placeholder('refused', why);
      } else if (t[i] === '"') {
        doubleQuotes(why);
      } else if (t[i] === "'") {
        singleQuotes(false);
      } else if (t[i] === '\\') {
        i += 2;
      } else if (t[i] === '$') {
        dollar(why);
      } else {
        i++;
      }
    }
    i++;
  };

  const doubleQuotes = (outer: string | null): string => {
    i++;
    let text = '';
    while (i < t.length && t[i] !== '"') {
      const c = t[i] ?? '';
      if (t.startsWith('{{', i)) {
        placeholder('double-quotes', outer);
        text += EXPANSION;
      } else if (c === '\\') {
        if (t.startsWith('{{', i + 1)) {
          i++;
          placeholder('refused', REFUSE.backslash);
          text += '\\' + EXPANSION;
        } else if ('$`"\\\n'.includes(t[i + 1] ?? '')) {
          text += t[i + 1] ?? '';
          i += 2;
        } else {
          text += c;
          i++;
        }
      } else if (c === '$') {
        text += dollar(outer);
      } else if (c === '`') {
        i++;
        commandList('`', REFUSE.backtick);
        text += EXPANSION;
      } else {
        text += c;
        i++;
      }
    }
    i++;
    return text;
  };

  const heredocBodies = (): void => {
    const todo = pending;
    pending = [];
    for (const h of todo) {
      for (;;) {
        if (i >= t.length) {
          return;
        }
        let nl = t.indexOf('\n', i);
        if (nl < 0) {
          nl = t.length;
        }
        const line = t.slice(i, nl);
        if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delim) {
          i = nl + 1;
          break;
        }
        const substituted = !h.quoted && /\$\(|\$\{|`/.test(line);
        while (i < nl) {
          if (t.startsWith('{{', i)) {
            const why = h.quoted
              ? REFUSE.quotedHeredoc
              : substituted
                ? REFUSE.heredocSubst
                : t[i - 1] === '$'
                  ? REFUSE.dollar
                  : t[i - 1] === '\\' && t[i - 2] !== '\\'
                    ? REFUSE.backslash
                    : null;
            h.command.heredocSlots.push(placeholder('heredoc', why));
          } else {
            i++;
          }
        }
        i = nl + 1;
      }
    }
  };

  /** Commands up to `end` (`)` of `$(`/`(`, a backtick, or the end of the template). */
  const commandList = (end: ')' | '`' | 'eof', outer: string | null): void => {
    let pipeline = pipelines++;
    let command: Command = { words: [], heredocSlots: [], pipeline };
    let word: Word | null = null;
    let hereStringNext = false;
    let redirectNext = false;
    const startWord = (): Word => {
      if (word === null) {
        word = {
          start: i,
          end: i,
          text: '',
          slots: [],
          hereString: hereStringNext,
          redirect: redirectNext,
          raw: '',
        };
        hereStringNext = false;
        redirectNext = false;
        openWords.push(word);
      }
      return word;
    };
    const endWord = (): void => {
      if (word !== null) {
        word.end = i;
        const w: Word = word;
        const raw = t.slice(w.start, w.end);
        w.raw = raw;
        if (w.slots.length === 1 && /^("?)\{\{[^}]*\}\}\1$/.test(raw)) {
          const s = w.slots[0];
          if (s) {
            s.wholeWord = true;
          }
        }
        const dashed = command.words.some((x) => x.text === '--');
        w.slots.forEach((s) => {
          s.afterDoubleDash = s.afterDoubleDash || dashed;
        });
        command.words.push(w);
        openWords.pop();
        word = null;
      }
    };
    const endCommand = (joinsPipeline: boolean): void => {
      endWord();
      if (command.words.length > 0 || command.heredocSlots.length > 0) {
        commands.push(command);
      }
      if (!joinsPipeline) {
        pipeline = pipelines++;
      }
      command = { words: [], heredocSlots: [], pipeline };
    };
    while (i < t.length) {
      const c = t[i] ?? '';
      if (end === '`' && c === '`') {
        i++;
        endCommand(false);
        return;
      }
      if (end === ')' && c === ')') {
        i++;
        endCommand(false);
        return;
      }
      if (t.startsWith('{{', i)) {
        const w = startWord();
        const subscript = /^[A-Za-z_]\w*\[[^\]]*$/.test(w.text);
        placeholder('word', outer ?? (subscript ? REFUSE.subscript : null));
        w.text += EXPANSION;
      } else if (c === ' ' || c === '\t') {
        endWord();
        i++;
      } else if (c === '\n') {
        endCommand(false);
        i++;
        heredocBodies();
      } else if (c === '#' && word === null) {
        const nl = t.indexOf('\n', i);
        const stop = nl < 0 ? t.length : nl;
        while (i < stop) {
          if (t.startsWith('{{', i)) {
            placeholder('comment', null);
          } else {
            i++;
          }
        }
      } else if (c === "'") {
        startWord().text += singleQuotes(false);
      } else if (c === '"') {
        const w = startWord();
        w.text += doubleQuotes(outer);
      } else if (c === '\\') {
        const w = startWord();
        if (t[i + 1] === '\n') {
          i += 2;
        } else if (t.startsWith('{{', i + 1)) {
          i++;
          placeholder('refused', REFUSE.backslash);
          w.text += EXPANSION;
        } else {
          w.text += t[i + 1] ?? '';
          i += 2;
        }
      } else if (c === '$') {
        const w = startWord();
        if (t[i + 1] === "'") {
          i++;
          w.text += singleQuotes(true);
        } else if (t[i + 1] === '"') {
          i++;
          w.text += doubleQuotes(outer);
        } else {
          w.text += dollar(outer);
        }
      } else if (c === '`') {
        const w = startWord();
        i++;
        commandList('`', REFUSE.backtick);
        w.text += EXPANSION;
      } else if ((c === '<' || c === '>') && t[i + 1] === '(') {
        const w = startWord();
        i += 2;
        commandList(')', outer);
        w.text += EXPANSION;
      } else if (c === '(' && t[i + 1] === '(' && word === null) {
        i += 2;
        arithmetic(REFUSE.arith);
      } else if (c === '(') {
        endCommand(false);
        i++;
        commandList(')', outer);
      } else if (c === ')') {
        endCommand(false);
        i++;
      } else if (c === '|' || c === '&' || c === ';') {
        const pipe = c === '|' && t[i + 1] !== '|';
        endCommand(pipe);
        i += t[i + 1] === c ? 2 : 1;
      } else if (t.startsWith('<<<', i)) {
        endWord();
        i += 3;
        hereStringNext = true;
        redirectNext = true;
      } else if (t.startsWith('<<', i)) {
        endWord();
        i += 2;
        const stripTabs = t[i] === '-';
        if (stripTabs) {
          i++;
        }
        while (t[i] === ' ' || t[i] === '\t') {
          i++;
        }
        const from = i;
        while (i < t.length && !/[\s;&|<>()]/.test(t[i] ?? '')) {
          if (t.startsWith('{{', i)) {
            placeholder('refused', REFUSE.delimiter);
          } else {
            i++;
          }
        }
        const raw = t.slice(from, i);
        pending.push({
          delim: raw.replace(/["'\\]/g, ''),
          quoted: /["'\\]/.test(raw),
          stripTabs,
          command,
        });
      } else if (c === '<' || c === '>') {
        // `as`: closures assign `word`, which narrowing cannot see.
        const fd = word as Word | null;
        if (fd !== null && /^\d+$/.test(t.slice(fd.start, i))) {
          fd.redirect = true; // `2>` names a file descriptor, not an argument
        }
        endWord();
        i++;
        while (t[i] === '>' || t[i] === '&' || t[i] === '|') {
          i++;
        }
        redirectNext = true;
      } else {
        startWord().text += c;
        i++;
      }
    }
    endCommand(false);
  };

  try {
    commandList('eof', null);
  } catch (e) {
    if (e instanceof Unclosed) {
      return { ok: false, unclosedAt: e.at };
    }
    throw e;
  }
  return { ok: true, slots, commands };
}

/** The dequoted text of a word: expansions and placeholders read as U+0001. */
export const EXPANSION_MARK = EXPANSION;

/** Marks `slot` refused with `why` unless it already is. */
export function refuseSlot(slot: Slot, why: string): void {
  if (slot.refusal === null) {
    slot.refusal = why;
    slot.context = 'refused';
  }
}
