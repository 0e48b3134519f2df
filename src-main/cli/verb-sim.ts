import { UsageError, type Verb } from './args';

export const simVerb: Verb = {
  name: 'sim',
  summary: '(being built)',
  usage: 'ringside sim — being built',
  run: async () => {
    throw new UsageError('ringside sim: not built yet');
  },
};
