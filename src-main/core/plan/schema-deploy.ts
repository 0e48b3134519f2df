import { z } from 'zod';
import { duration, int, name, strict } from './schema-common';

export const stepSchema = strict({
  name,
  command: z.string({ error: 'expected a command template (a string)' }).min(1),
  timeout: duration,
  idempotent: z.boolean({ error: 'expected true or false' }).optional(),
  /** How long the step usually takes; only used by the duration estimate. */
  expected: duration.optional(),
});

export const deploySchema = strict({
  steps: z.array(stepSchema).min(1, { error: 'expected at least one step' }),
  rollback: z.array(stepSchema).optional(),
  verify: stepSchema.optional(),
  concurrency: int(1).optional(),
  parallelDomains: int(1).optional(),
  onHalt: z.enum(['finish', 'cancel']).optional(),
  /** How steps reach hosts: SSH (default), or AWS Systems Manager Run Command. */
  via: z.enum(['ssh', 'ssm'], { error: 'expected via: ssh or ssm' }).optional(),
});

export type StepDoc = z.infer<typeof stepSchema>;
export type DeployDoc = z.infer<typeof deploySchema>;
