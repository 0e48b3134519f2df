import { runCli } from './main';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line.endsWith('\n') ? line : line + '\n'),
  err: (line) => process.stderr.write(line.endsWith('\n') ? line : line + '\n'),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
