import { z } from 'zod';
import { hostNamePattern } from './host-fields';
import { awsInventorySchema } from './schema-aws';
import { int, labelMatch, labels, strict, port } from './schema-common';
import { azureInventorySchema } from './schema-azure';

/** A host written inline in the plan. */
export const hostSchema = strict({
  name: z.string({ error: 'expected a host name (a string)' }).regex(hostNamePattern, {
    error:
      'expected a host name: a DNS name or IP address (letters, digits, _ . : -, not starting with - or .)',
  }),
  address: z.string({ error: 'expected an address (DNS name or IP)' }).min(1),
  port: port.optional(),
  user: z.string().optional(),
  labels: labels.optional(),
  identityFile: z.string().optional(),
  proxyJump: z.string().optional(),
});

/** Inventory formats; inferred from the extension or content when `format` is absent. */
export const inventoryFormats = [
  'yaml',
  'json',
  'csv',
  'ansible-ini',
  'ansible-yaml',
  'ssh-config',
] as const;

export type InventoryFormat = (typeof inventoryFormats)[number];

/**
 * An inventory: a file relative to the plan's directory (`path:`), or a cloud's API (`aws:`,
 * `azure:`) — exactly one of them.
 */
export const inventorySchema = strict({
  path: z.string({ error: 'expected a path to an inventory file' }).min(1).optional(),
  aws: awsInventorySchema.optional(),
  azure: azureInventorySchema.optional(),
  format: z.enum(inventoryFormats).optional(),
  /** Only hosts of the file matching these labels join the fleet. */
  select: strict({ labels: labelMatch }).optional(),
  /** Labels added to every host of the file (the file's own labels win). */
  labels: labels.optional(),
}).superRefine((d, ctx) => {
  const sources = [d.path, d.aws, d.azure].filter((x) => x !== undefined).length;
  if (sources !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected exactly one source: path (an inventory file), aws (EC2 instances) or azure (VMs), got ${sources}`,
    });
  } else if (d.path === undefined && d.format !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['format'],
      message: `format applies to inventory files (path:), not to ${d.aws !== undefined ? 'aws' : 'azure'}`,
    });
  }
});

export const fleetSchema = strict({
  defaults: strict({
    user: z.string().optional(),
    port: port.optional(),
    labels: labels.optional(),
  }).optional(),
  hosts: z.array(hostSchema).optional(),
  inventories: z.array(inventorySchema).optional(),
});

/** How each ring is cut into update domains. */
export const domainsSchema = strict({
  byLabel: z.string().min(1).optional(),
  count: int(1).optional(),
  explicit: z.record(z.string(), z.array(z.string())).optional(),
}).superRefine((d, ctx) => {
  const set = [d.byLabel, d.count, d.explicit].filter((x) => x !== undefined).length;
  if (set !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected exactly one of byLabel, count, explicit (got ${set})`,
    });
  }
});

export type HostDoc = z.infer<typeof hostSchema>;
export type InventoryDoc = z.infer<typeof inventorySchema>;
export type FleetDoc = z.infer<typeof fleetSchema>;
export type DomainsDoc = z.infer<typeof domainsSchema>;
