import type { Verb } from './args';
import { validateVerb } from './verb-validate';
import { previewVerb } from './verb-preview';
import { timelineVerb } from './verb-timeline';

/** Every verb of the `ringside` command, in the order `--help` lists them. */
export const verbs: readonly Verb[] = [validateVerb, previewVerb, timelineVerb];
