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
    /**
     * The content digest of the release's artifact, pinned for the whole rollout: templates
     * get it as {{digest}}, so a verify step can check that global runs what the canary baked.
     */
    digest: z
      .string()
      .regex(/^sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})$/, {
        error: 'expected a content digest like sha256:<64 lowercase hex digits>',
      })
      .optional(),
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
