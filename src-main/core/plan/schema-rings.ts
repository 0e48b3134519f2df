import { z } from 'zod';
import { budget, duration, int, labelMatch, name, percent, strict } from './schema-common';

/** Which hosts a ring takes: exactly one of count, percent, labels, rest. */
export const selectSchema = strict({
  count: int(1).optional(),
  percent: percent.optional(),
  labels: labelMatch.optional(),
  rest: z.literal(true, { error: 'expected rest: true' }).optional(),
}).superRefine((s, ctx) => {
  const set = [s.count, s.percent, s.labels, s.rest].filter((x) => x !== undefined).length;
  if (set !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected exactly one of count, percent, labels, rest (got ${set})`,
    });
  }
});

/** Bake as one duration, or as phases (wait, then stay healthy; healthyWithin bounds it). */
export const bakeSchema = z.union(
  [
    duration,
    strict({
      wait: duration,
      healthyWithin: duration.optional(),
      stayHealthy: duration.optional(),
    }),
  ],
  { error: "expected a duration like '10m' or a mapping {wait, healthyWithin?, stayHealthy?}" },
);

export const ringSchema = strict({
  name,
  select: selectSchema,
  /** Spread a count/percent ring across this label (e.g. one canary host per region). */
  spreadBy: z.string().min(1).optional(),
  bake: bakeSchema,
  gates: z.array(name).optional(),
  /**
   * `manual` (a person promotes), `auto` (promoted once healthy), or `{ approvals: N }`: N
   * distinct people must approve before the ring is promoted (or overridden).
   */
  promotion: z
    .union([z.enum(['manual', 'auto']), strict({ approvals: int(1) })], {
      error: (iss) =>
        typeof iss.input === 'object' && iss.input !== null && !Array.isArray(iss.input)
          ? 'expected { approvals: N } with N a whole number of at least 1'
          : `expected one of: "manual", "auto", { approvals: N }; got ${typeof iss.input} ${JSON.stringify(iss.input) ?? ''}`,
    })
    .optional(),
  budget: strict({ perDomain: budget.optional(), ring: budget.optional() }).optional(),
  rollbackOnHalt: z.boolean().optional(),
});

export type SelectDoc = z.infer<typeof selectSchema>;
export type BakeDoc = z.infer<typeof bakeSchema>;
export type RingDoc = z.infer<typeof ringSchema>;
