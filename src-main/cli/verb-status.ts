import { UsageError, type Verb } from './args';

export const statusVerb: Verb = {
  name: 'status',
  summary: '(being built)',
  usage: 'ringside status — being built',
  run: async () => {
    throw new UsageError('ringside status: not built yet');
  },
};
