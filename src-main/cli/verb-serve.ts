import { UsageError, type Verb } from './args';

export const serveVerb: Verb = {
  name: 'serve',
  summary: '(being built)',
  usage: 'ringside serve — being built',
  run: async () => {
    throw new UsageError('ringside serve: not built yet');
  },
};
