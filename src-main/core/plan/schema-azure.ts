import { z } from 'zod';
import { strict } from './schema-common';

/** Azure's subscription ids are GUIDs; ARM answers InvalidSubscriptionId for anything else. */
const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Resource group names: 1-90 letters, digits, _ - . ( ), not ending in a period (ARM's rule). */
const resourceGroup = /^[-\w.()]{0,89}[-\w()]$/u;

/**
 * An Azure inventory: the VMs and scale-set instances of some resource groups of one
 * subscription, read through Azure Resource Manager, kept when their tags match `tags`
 * (tag names compare case-insensitively, values exactly, as Azure's tags do).
 */
export const azureInventorySchema = strict({
  subscription: z.string({ error: 'expected a subscription id (a GUID)' }).regex(guid, {
    error: 'expected a subscription id: a GUID like 00000000-0000-0000-0000-000000000000',
  }),
  resourceGroups: z
    .array(
      z.string({ error: 'expected a resource group name' }).regex(resourceGroup, {
        error: "expected a resource group name: 1-90 letters, digits, _ - . ( ), not ending in '.'",
      }),
      { error: 'expected a list of resource group names' },
    )
    .min(1, { error: 'expected at least one resource group' }),
  tags: z
    .record(
      z.string(),
      z.union([z.string(), z.array(z.string()).min(1)], {
        error: 'expected a tag value or a list of values',
      }),
      { error: 'expected a mapping of tag names to values' },
    )
    .optional(),
});

export type AzureInventoryDoc = z.infer<typeof azureInventorySchema>;
