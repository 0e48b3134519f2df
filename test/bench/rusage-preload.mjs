// Preload of `npm run bench:scale`: writes the process's own resource usage (CPU, peak RSS)
// to RINGSIDE_BENCH_RUSAGE when it exits, however it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.RINGSIDE_BENCH_RUSAGE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify(process.resourceUsage()));
  });
}
