import { UsageError, type Verb } from './args';

export const runVerb: Verb = {
  name: 'run',
  summary: '(being built)',
  usage: 'ringside run — being built',
  run: async () => {
    throw new UsageError('ringside run: not built yet');
  },
};
