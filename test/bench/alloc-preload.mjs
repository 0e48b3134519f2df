// Preload for `npm run bench:scale` (SCALE_MEM_PRELOAD=test/bench/alloc-preload.mjs): samples
// every allocation of the engine's process that died in the old generation or lived to the
// end (V8's sampling heap profiler with includeObjectsCollectedByMajorGC), i.e. what made its
// heap, and so its RSS, grow; short-lived garbage that a scavenge freed is left out. Writes
// the profile to RINGSIDE_ALLOC_PROFILE (default alloc.heapprofile in the working directory)
// at exit; `node test/bench/alloc-agg.mjs FILE` sums it by function.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.RINGSIDE_ALLOC_PROFILE ?? 'alloc.heapprofile';
const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 32768,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: false,
});
process.on('exit', () => {
  // The inspector answers synchronously within the same thread.
  session.post('HeapProfiler.stopSampling', (err, result) => {
    writeFileSync(out, JSON.stringify(err ? { error: String(err) } : result.profile));
  });
});
