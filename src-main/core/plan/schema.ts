import { z } from 'zod';
import { strict } from './schema-common';
import { domainsSchema, fleetSchema } from './schema-fleet';
import { ringSchema } from './schema-rings';
import { deploySchema } from './schema-deploy';
import { gateSchema, telemetrySchema } from './schema-telemetry';

/** The plan document (`ringside.yaml`) as the author writes it. */
export const planSchema = strict({
  release: strict({
    name: z.string({ error: 'expected a release name' }).min(1),
    version: z.union([z.string(), z.number()]).transform(String),
    previous: z.union([z.string(), z.number()]).transform(String),
  }),
  fleet: fleetSchema,
  domains: domainsSchema,
  rings: z.array(ringSchema).min(1, { error: 'expected at least one ring' }),
  /** Hosts no ring selects are an error unless this is true. */
  allowUncovered: z.boolean().optional(),
  deploy: deploySchema,
  telemetry: telemetrySchema.optional(),
  gates: z.array(gateSchema).optional(),
});

/** A plan document that passed the schema (semantic checks come after). */
export type PlanDocument = z.infer<typeof planSchema>;
