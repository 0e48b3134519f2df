// `npm start`: opens the console in Electron, or says in one line how to get Electron when its
// binary is missing (electron is an optional dependency: `npm ci` succeeds where the binary
// cannot be downloaded, and the browser console, the CLI and the tests work without it).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron');
} catch {
  binary = null;
}
if (typeof binary !== 'string') {
  console.error(
    "ringside: Electron's binary is not installed (its download failed or was skipped); get it with `npm install electron` on a machine that can reach its download, or use the browser console: npm run console",
  );
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('error', (e) => {
  console.error(`ringside: cannot start Electron at ${binary}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
