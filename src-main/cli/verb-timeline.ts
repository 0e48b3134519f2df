import { UsageError, type Verb } from './args';

export const timelineVerb: Verb = {
  name: 'timeline',
  summary: '(being built)',
  usage: 'ringside timeline — being built',
  run: async () => {
    throw new UsageError('ringside timeline: not built yet');
  },
};
