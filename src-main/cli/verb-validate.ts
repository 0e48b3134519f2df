import { UsageError, type Verb } from './args';

export const validateVerb: Verb = {
  name: 'validate',
  summary: '(being built)',
  usage: 'ringside validate — being built',
  run: async () => {
    throw new UsageError('ringside validate: not built yet');
  },
};
