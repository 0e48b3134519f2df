/**
 * The statuses of one batched command's invocations, read with one ListCommandInvocations
 * (by CommandId, every page) for all its instances instead of one GetCommandInvocation per
 * instance per poll: hosts polled at the same moment share one read. Only an instance whose
 * invocation has ended is then read on its own, for its output and exit code.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ssmSdk } from './lazy-sdk';

export class CommandBoard {
  private last: { readonly at: number; readonly statuses: Map<string, string> } | null = null;
  private inflight: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly ssm: SSMClient,
    private readonly commandId: string,
    private readonly now: () => number,
    /** A read younger than this answers without asking SSM again. */
    private readonly freshMs: number,
  ) {}

  /** The instance's status as last read (undefined: not listed yet). Throws the SDK's error. */
  async status(instanceId: string): Promise<string | undefined> {
    if (this.last && this.now() - this.last.at < this.freshMs) {
      return this.last.statuses.get(instanceId);
    }
    this.inflight ??= this.read().finally(() => {
      this.inflight = null;
    });
    return (await this.inflight).get(instanceId);
  }

  private async read(): Promise<Map<string, string>> {
    const { ListCommandInvocationsCommand } = await ssmSdk();
    const statuses = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.ssm.send(
        new ListCommandInvocationsCommand({
          CommandId: this.commandId,
          MaxResults: 50,
          ...(token !== undefined ? { NextToken: token } : {}),
        }),
      );
      for (const inv of page.CommandInvocations ?? []) {
        if (inv.InstanceId) {
          statuses.set(inv.InstanceId, inv.Status ?? 'Pending');
        }
      }
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    this.last = { at: this.now(), statuses };
    return statuses;
  }
}
