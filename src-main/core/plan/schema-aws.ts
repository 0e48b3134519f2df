import { z } from 'zod';
import { strict } from './schema-common';

/** How a discovered EC2 instance is reached over SSH. */
export const awsAddressKinds = ['private', 'public', 'dns'] as const;
export type AwsAddressKind = (typeof awsAddressKinds)[number];

/**
 * `fleet.inventories[i].aws`: EC2 instances from DescribeInstances in each region, filtered
 * by EC2's own filters (`tag:KEY`, `tag-key`, `instance-state-name`, `availability-zone`,
 * `instance-id`, ...). Without an `instance-state-name` filter only running instances join,
 * as CodeDeploy deploys only to running instances.
 */
/** A list of AWS region names, e.g. [us-east-1, eu-west-1]. */
export const awsRegions = z
  .array(
    z
      .string({ error: 'expected a region name such as eu-west-1' })
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, {
        error: (iss) => `'${String(iss.input)}' is not a region name (expected e.g. eu-west-1)`,
      }),
    { error: 'expected a list of regions, e.g. [eu-west-1]' },
  )
  .min(1, { error: 'expected at least one region' });

export const awsInventorySchema = strict({
  regions: awsRegions,
  filters: z
    .record(
      z.string().min(1),
      z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)], {
        error: 'expected a filter value or a list of values',
      }),
      { error: "expected a mapping of EC2 filter names to values, e.g. {'tag:app': shop}" },
    )
    .optional(),
  /** A profile of ~/.aws/config (SSO, role, keys); the SDK's default chain when absent. */
  profile: z.string().min(1).optional(),
  address: z
    .enum(awsAddressKinds, { error: 'expected address: private, public or dns' })
    .optional(),
});

export type AwsInventoryDoc = z.infer<typeof awsInventorySchema>;
