/**
 * After a crash: which SSM command, if any, carried out a step whose end the journal lost.
 * The instance's invocations since the step started (ListCommandInvocations with the
 * InstanceId, an InvokedAfter filter and Details, every page) are searched for the Comment
 * the step's token implies (ssm-token.ts); SSM assigns CommandIds itself, so the Comment is
 * the only thing Ringside could name before the send.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ssmSdk } from './lazy-sdk';

/** Margin on InvokedAfter for a clock that runs ahead of SSM's (the Comment decides). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The command found for a step on one instance, or null when none was sent. */
export interface FoundCommand {
  readonly commandId: string;
  readonly status: string;
}

/**
 * The latest invocation on `instanceId` whose Comment is `comment`, requested after
 * `startedAt` (less {@link CLOCK_SKEW_MS}); null when there is none. Throws the SDK's error.
 */
export async function findStepCommand(
  ssm: SSMClient,
  instanceId: string,
  comment: string,
  startedAt: number | null,
): Promise<FoundCommand | null> {
  const { ListCommandInvocationsCommand } = await ssmSdk();
  const after = startedAt === null ? [] : [{ key: 'InvokedAfter' as const, value: iso(startedAt) }];
  let found: { commandId: string; status: string; at: number } | null = null;
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListCommandInvocationsCommand({
        InstanceId: instanceId,
        Details: true,
        MaxResults: 50,
        ...(after.length > 0 ? { Filters: after } : {}),
        ...(token !== undefined ? { NextToken: token } : {}),
      }),
    );
    for (const inv of page.CommandInvocations ?? []) {
      const at = inv.RequestedDateTime?.getTime() ?? 0;
      if (inv.Comment === comment && inv.CommandId && (found === null || at > found.at)) {
        found = { commandId: inv.CommandId, status: inv.Status ?? 'Pending', at };
      }
    }
    token = page.NextToken;
  } while (token !== undefined && token !== '');
  return found && { commandId: found.commandId, status: found.status };
}

function iso(startedAt: number): string {
  // SSM reads the filter as an ISO 8601 UTC timestamp to the second.
  return new Date(startedAt - CLOCK_SKEW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
