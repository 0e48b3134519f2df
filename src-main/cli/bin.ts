import { runCli } from './main';

/**
 * Output to a reader that went away (`ringside timeline DIR | head`) is not an error of
 * ours: stop writing and exit quietly, as `cat` does, instead of dying on an unhandled EPIPE
 * with a stack trace.
 */
let readerGone = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') {
      throw e;
    }
    readerGone = true;
    process.exit(process.exitCode ?? 0);
  });
}
const write = (stream: NodeJS.WriteStream, line: string) => {
  if (!readerGone) {
    stream.write(line.endsWith('\n') ? line : line + '\n');
  }
};

const code = await runCli(process.argv.slice(2), {
  out: (line) => write(process.stdout, line),
  err: (line) => write(process.stderr, line),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
