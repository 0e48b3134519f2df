import { UsageError, type Verb } from './args';

/** promote | pause | resume | abort | rollback JOURNAL (being built). */
export const controlVerbs: readonly Verb[] = [
  'promote',
  'pause',
  'resume',
  'abort',
  'rollback',
].map((name) => ({
  name,
  summary: '(being built)',
  usage: `ringside ${name} — being built`,
  run: async () => {
    throw new UsageError(`ringside ${name}: not built yet`);
  },
}));
