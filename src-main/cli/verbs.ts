import type { Verb } from './args';
import { validateVerb } from './verb-validate';
import { previewVerb } from './verb-preview';
import { hostsVerb } from './verb-hosts';
import { checkMetricsVerb } from './verb-check-metrics';
import { timelineVerb } from './verb-timeline';
import { runVerb } from './verb-run';
import { controlVerbs } from './verb-control';
import { hostVerbs } from './verb-approve';
import { statusVerb } from './verb-status';
import { simVerb } from './verb-sim';
import { serveVerb } from './verb-serve';
import { verifyVerb } from './verb-verify';
import { takeoverVerb, teamVerb } from './verb-team';

/** Every verb of the `ringside` command, in the order `--help` lists them. */
export const verbs: readonly Verb[] = [
  validateVerb,
  previewVerb,
  hostsVerb,
  runVerb,
  teamVerb,
  takeoverVerb,
  ...controlVerbs,
  ...hostVerbs,
  statusVerb,
  timelineVerb,
  verifyVerb,
  simVerb,
  checkMetricsVerb,
  serveVerb,
];
