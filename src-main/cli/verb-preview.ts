import { UsageError, type Verb } from './args';

export const previewVerb: Verb = {
  name: 'preview',
  summary: '(being built)',
  usage: 'ringside preview — being built',
  run: async () => {
    throw new UsageError('ringside preview: not built yet');
  },
};
