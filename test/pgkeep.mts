import { writeFileSync } from 'node:fs';
import { startPostgres } from './helpers/postgres';
const c = await startPostgres();
const u = await c.database();
writeFileSync('/tmp/rs/url', u);
console.log(u);
process.on('SIGTERM', async () => { await c.stop(); process.exit(0); });
setInterval(() => undefined, 1000);
