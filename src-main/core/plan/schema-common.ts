import { z } from 'zod';
import { durationHint, parseDuration } from '../duration';

/**
 * A strict object: unknown keys are errors, and the error names the keys that are allowed
 * (the issue mapper prefixes it with the offending key).
 */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `expected one of: ${keys}`
        : iss.code === 'invalid_type'
          ? `expected a mapping with keys ${keys}`
          : undefined,
  });
}

/** A name referred to elsewhere in the plan (ring, step, gate, metric, source). */
export const name = z
  .string({ error: 'expected a name (a string)' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    error: 'expected a name of letters, digits, _ . - (starting with a letter or digit)',
  });

/** A duration string such as `90s`; stays a string in the document, parsed when resolving. */
export const duration = z
  .union([z.string(), z.literal(0)], { error: `expected ${durationHint}` })
  .transform((v) => String(v))
  .refine((v) => parseDuration(v) !== undefined, {
    error: (iss) => `invalid duration '${String(iss.input)}' (expected ${durationHint})`,
  });

/** Whole number >= min. */
export const int = (min: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected a whole number >= ${min}` });

/** A TCP port: the message says the range whichever end is crossed. */
export const port = z
  .number({ error: 'expected a port number (1-65535)' })
  .int({ error: 'expected a port number (1-65535)' })
  .min(1, { error: (iss) => `port ${String(iss.input)} out of range (expected 1-65535)` })
  .max(65535, { error: (iss) => `port ${String(iss.input)} out of range (expected 1-65535)` });

/** A percentage in (0, 100]. */
export const percent = z
  .number({ error: 'expected a percentage (a number in (0, 100])' })
  .refine((p) => p > 0 && p <= 100, {
    error: (iss) => `percent ${String(iss.input)} out of range (expected a number in (0, 100])`,
  });

/** A budget: a host count (`2`) or a share of the hosts (`"10%"`). */
export const budget = z.union([int(0), z.string().regex(/^\d+(\.\d+)?%$/)], {
  error: "expected a host count (e.g. 1) or a percentage string (e.g. '10%')",
});

/** Labels: string keys; scalar values are kept as strings (`rack: 7` means "7"). */
export const labels = z.preprocess(
  (input, ctx) => {
    // The schema would drop a key `__proto__` without a word (JS objects treat it apart),
    // moving the host to other rings and domains: refused by name instead.
    if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
      ctx.addIssue({
        code: 'custom',
        path: ['__proto__'],
        message: "label name '__proto__' is reserved (expected another name)",
        input,
      });
    }
    return input;
  },
  z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean()], {
      error: 'expected a label value (string, number or boolean)',
    }),
    { error: 'expected a mapping of label names to values' },
  ),
);

/** A label selector value: one value or any of a list. */
export const labelMatch = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], {
    error: 'expected a label value or a list of values',
  }),
  { error: 'expected a mapping of label names to values' },
);

/** Label values are compared as strings whatever YAML typed them as. */
export function labelString(v: string | number | boolean): string {
  return String(v);
}

/** A discriminated union whose unknown `kind` names the allowed kinds. */
export function byKind<
  const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]],
>(what: string, kinds: readonly string[], options: T) {
  return z.discriminatedUnion('kind', options, {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `expected ${what} with kind one of: ${kinds.join(', ')}`
        : undefined,
  });
}
