import { safeDocument } from '../adapters/secrets/held-secrets';
import { Exit, UsageError, type CliIo } from './args';
import { verbs } from './verbs';

const top = `ringside — phased rollouts: rings, update domains, gates, journal

Usage: ringside VERB [options]   (ringside VERB --help for details)

Verbs:
${verbs.map((v) => `  ${v.name.padEnd(10)} ${v.summary}`).join('\n')}
`;

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], raw: CliIo): Promise<number> {
  // The CLI's boundary: everything printed has held secrets redacted and control characters
  // escaped (line breaks of multi-line output such as usage text and exports are kept).
  const io: CliIo = {
    ...raw,
    out: (text) => raw.out(safeDocument(text)),
    err: (text) => raw.err(safeDocument(text)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(top);
    return name === undefined ? Exit.badInput : Exit.ok;
  }
  if (name === '--version') {
    io.out('ringside 0.1.0');
    return Exit.ok;
  }
  const verb = verbs.find((v) => v.name === name);
  if (!verb) {
    io.err(
      `ringside: unknown verb '${name}' (expected one of: ${verbs.map((v) => v.name).join(', ')})`,
    );
    return Exit.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(verb.usage);
    return Exit.ok;
  }
  try {
    return await verb.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message);
      return Exit.badInput;
    }
    io.err(
      `ringside ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return Exit.internal;
  }
}
