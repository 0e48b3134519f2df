/**
 * The driver bench:team kills: holds the lease of a rollout and appends an event every
 * 50 ms until killed. Run as `node --import tsx team-driver.ts URL LEASE_MS` so its pid is
 * the real process. Prints `driving` once the lease is held.
 */
import { openPgJournal } from '../../src-main/adapters/journal-pg';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';

const [url, leaseMs] = process.argv.slice(2);
const opened = await openPgJournal<RolloutEvent>(url ?? '', {
  parseEvent: parseRolloutEvent,
  env: process.env,
  leaseMs: Number(leaseMs),
});
if (!opened.ok) {
  console.error(opened.error.message);
  process.exit(2);
}
console.log('driving');
let i = 0;
setInterval(() => {
  i += 1;
  void opened.journal.append([
    { type: 'OperatorNote', at: Date.now(), by: opened.journal.login, text: `tick ${i}` },
  ]);
}, 50);
