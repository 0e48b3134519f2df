/**
 * The simulated Systems Manager Run Command (JSON 1.1 protocol, `X-Amz-Target:
 * AmazonSSM.*`): SendCommand with AWS-RunShellScript, GetCommandInvocation,
 * ListCommandInvocations and CancelCommand. A command runs on the simulated host through the
 * injected agent (the sim fleet's own shell over SSH), so it really changes that host's
 * version; an instance without an agent is refused as SSM refuses an unmanaged instance.
 */
import { randomUUID } from 'node:crypto';
import { resolveLimit, runRateControlled, type SimCommandRecord } from './ssm-rate-control';

/** Runs one shell script on an instance's simulated host, as its SSM agent would. */
export type SimSsmAgent = (
  instanceId: string,
  script: string,
  signal: AbortSignal,
) => Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>;

type Status = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

interface Invocation {
  readonly commandId: string;
  readonly instanceId: string;
  readonly comment: string;
  readonly script: string;
  readonly requestedAt: number;
  status: Status;
  details: string;
  responseCode: number;
  stdout: string;
  stderr: string;
  startedAt: string;
  readonly abort: AbortController;
}

export interface SsmAnswer {
  readonly status: number;
  readonly body: unknown;
}

const OUTPUT_LIMIT = 24_000;

/** The SSM side of the simulated account. */
export class SimSsm {
  private readonly invocations = new Map<string, Invocation[]>();
  private readonly commandRecords: SimCommandRecord[] = [];
  /** Instances whose agent never registered. */
  readonly withoutAgent = new Set<string>();
  /** Instances whose commands stay InProgress until cancelled (a stuck agent). */
  readonly stuck = new Set<string>();

  constructor(
    private readonly managed: (instanceId: string, region: string) => boolean,
    private readonly agent: SimSsmAgent | null,
    private readonly now: () => number,
  ) {}

  handle(target: string, region: string, input: Record<string, unknown>): SsmAnswer {
    switch (target) {
      case 'AmazonSSM.SendCommand':
        return this.send(region, input);
      case 'AmazonSSM.GetCommandInvocation':
        return this.get(input);
      case 'AmazonSSM.ListCommandInvocations':
        return this.list(input);
      case 'AmazonSSM.CancelCommand':
        return this.cancel(input);
      default:
        return err('InvalidAction', `Operation ${target} is not supported by the simulator.`);
    }
  }

  private send(region: string, input: Record<string, unknown>): SsmAnswer {
    const ids = Array.isArray(input.InstanceIds) ? input.InstanceIds.map(String) : [];
    if (input.DocumentName !== 'AWS-RunShellScript') {
      return err(
        'InvalidDocument',
        `Document ${String(input.DocumentName)} does not exist in your account.`,
      );
    }
    if (ids.length === 0 || ids.length > 50) {
      return err(
        'ValidationException',
        '1 validation error detected: InstanceIds must have 1 to 50 items.',
      );
    }
    const bad = ids.filter((id) => !this.managed(id, region) || this.withoutAgent.has(id));
    if (bad.length > 0) {
      return err(
        'InvalidInstanceId',
        `Instances [[${bad.join(', ')}]] not in a valid state for account.`,
      );
    }
    const params = (input.Parameters ?? {}) as Record<string, unknown>;
    const commands = Array.isArray(params.commands) ? params.commands.map(String) : [];
    const timeout = Number(
      (Array.isArray(params.executionTimeout) ? params.executionTimeout[0] : undefined) ?? 3600,
    );
    const maxConcurrency = resolveLimit(input.MaxConcurrency, ids.length, 50, true);
    const maxErrors = resolveLimit(input.MaxErrors, ids.length, 0, false);
    if (maxConcurrency === null || maxErrors === null) {
      return err(
        'ValidationException',
        `MaxConcurrency ${String(input.MaxConcurrency)} or MaxErrors ${String(input.MaxErrors)} is not a number or a percentage.`,
      );
    }
    const commandId = randomUUID();
    const comment = typeof input.Comment === 'string' ? input.Comment : '';
    const at = this.now();
    const list = ids.map((instanceId) => {
      const inv: Invocation = {
        commandId,
        instanceId,
        comment,
        script: commands.join('\n'),
        requestedAt: at,
        status: 'Pending',
        details: 'Pending',
        responseCode: -1,
        stdout: '',
        stderr: '',
        startedAt: '',
        abort: new AbortController(),
      };
      return inv;
    });
    this.invocations.set(commandId, list);
    const rec: SimCommandRecord = {
      commandId,
      instanceIds: ids,
      maxConcurrency,
      maxErrors,
      peakRunning: 0,
      errors: 0,
      notSent: 0,
    };
    this.commandRecords.push(rec);
    const script = commands.join('\n');
    runRateControlled(
      rec,
      list.length,
      async (i) => {
        const inv = list[i];
        if (!inv) {
          return false;
        }
        await this.run(inv, script, timeout);
        return inv.status === 'Failed' || inv.status === 'TimedOut';
      },
      (i) => {
        const inv = list[i];
        if (inv && inv.status === 'Pending') {
          inv.status = 'Cancelled';
          inv.details = 'Cancelled';
        }
      },
    );
    return ok({
      Command: {
        CommandId: commandId,
        DocumentName: 'AWS-RunShellScript',
        Comment: comment,
        InstanceIds: ids,
        Status: 'Pending',
        RequestedDateTime: at / 1000,
        TargetCount: ids.length,
        CompletedCount: 0,
        ErrorCount: 0,
      },
    });
  }

  private async run(inv: Invocation, script: string, timeoutS: number): Promise<void> {
    await Promise.resolve();
    if (inv.status !== 'Pending') {
      return; // cancelled before its turn
    }
    inv.status = 'InProgress';
    inv.details = 'InProgress';
    inv.startedAt = new Date(this.now()).toISOString();
    if (this.stuck.has(inv.instanceId) || this.agent === null) {
      // Stays InProgress (holding its concurrency slot) until CancelCommand.
      await new Promise((resolve) =>
        inv.abort.signal.addEventListener('abort', resolve, { once: true }),
      );
      return;
    }
    const timer = setTimeout(() => {
      if (inv.status === 'InProgress') {
        inv.status = 'TimedOut';
        inv.details = 'ExecutionTimedOut';
        inv.abort.abort();
      }
    }, timeoutS * 1000);
    try {
      const r = await this.agent(inv.instanceId, script, inv.abort.signal);
      if (inv.status === 'InProgress') {
        inv.responseCode = r.code ?? -1;
        inv.status = r.code === 0 ? 'Success' : 'Failed';
        inv.details = inv.status;
      }
      inv.stdout = r.stdout.slice(0, OUTPUT_LIMIT);
      inv.stderr = r.stderr.slice(0, OUTPUT_LIMIT);
    } catch (e) {
      if (inv.status === 'InProgress') {
        inv.status = 'Failed';
        inv.details = 'Undeliverable';
        inv.stderr = e instanceof Error ? e.message : String(e);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private find(commandId: unknown, instanceId: unknown): Invocation | undefined {
    return this.invocations
      .get(String(commandId))
      ?.find((i) => i.instanceId === String(instanceId));
  }

  private get(input: Record<string, unknown>): SsmAnswer {
    const inv = this.find(input.CommandId, input.InstanceId);
    if (!inv) {
      return err(
        'InvocationDoesNotExist',
        'An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation',
      );
    }
    return ok(invocationJson(inv));
  }

  private list(input: Record<string, unknown>): SsmAnswer {
    const filters = Array.isArray(input.Filters) ? (input.Filters as unknown[]) : [];
    const bounds = { after: -Infinity, before: Infinity };
    for (const f of filters) {
      const { key, value } = (f ?? {}) as { key?: unknown; value?: unknown };
      const t = Date.parse(String(value));
      if ((key === 'InvokedAfter' || key === 'InvokedBefore') && Number.isNaN(t)) {
        return err('InvalidFilterValue', `The filter value ${String(value)} is not valid.`);
      }
      if (key === 'InvokedAfter') {
        bounds.after = t;
      } else if (key === 'InvokedBefore') {
        bounds.before = t;
      } else {
        return err(
          'InvalidFilterKey',
          `The filter key ${String(key)} is not supported by the simulator.`,
        );
      }
    }
    // Newest first, as SSM lists them; NextToken is the offset of the next page.
    const rows = [...this.invocations.values()]
      .flat()
      .filter(
        (i) =>
          (input.CommandId === undefined || i.commandId === input.CommandId) &&
          (input.InstanceId === undefined || i.instanceId === input.InstanceId) &&
          i.requestedAt >= bounds.after &&
          i.requestedAt <= bounds.before,
      )
      .reverse();
    const max = Math.min(50, Math.max(1, Number(input.MaxResults ?? 50)));
    const from = Number(input.NextToken ?? 0);
    const page = rows.slice(from, from + max);
    const details = input.Details === true;
    return ok({
      CommandInvocations: page.map((i) => ({
        CommandId: i.commandId,
        InstanceId: i.instanceId,
        Comment: i.comment,
        DocumentName: 'AWS-RunShellScript',
        RequestedDateTime: i.requestedAt / 1000,
        Status: i.status,
        StatusDetails: i.details,
        ...(details
          ? {
              CommandPlugins: [
                {
                  Name: 'aws:runShellScript',
                  Status: i.status,
                  StatusDetails: i.details,
                  ResponseCode: i.responseCode,
                  Output: (i.stdout + i.stderr).slice(0, 2500),
                },
              ],
            }
          : {}),
      })),
      ...(from + max < rows.length ? { NextToken: String(from + max) } : {}),
    });
  }

  private cancel(input: Record<string, unknown>): SsmAnswer {
    const list = this.invocations.get(String(input.CommandId));
    if (!list) {
      return err('InvalidCommandId', 'The specified command ID is not valid.');
    }
    for (const inv of list) {
      if (inv.status === 'Pending' || inv.status === 'InProgress') {
        inv.status = 'Cancelled';
        inv.details = 'Cancelled';
        inv.abort.abort();
      }
    }
    return ok({});
  }

  /** Each SendCommand's instances, rate controls and what they did (tests: batching). */
  commands(): readonly SimCommandRecord[] {
    return this.commandRecords;
  }

  /** What each SendCommand asked of each instance, in order (tests: nothing sent twice). */
  record(): { commandId: string; instanceId: string; comment: string; script: string }[] {
    return [...this.invocations.values()].flat().map((i) => ({
      commandId: i.commandId,
      instanceId: i.instanceId,
      comment: i.comment,
      script: i.script,
    }));
  }

  /** Every invocation sent so far (tests: how many commands reached an instance). */
  sent(instanceId?: string): number {
    return [...this.invocations.values()]
      .flat()
      .filter((i) => instanceId === undefined || i.instanceId === instanceId).length;
  }
}

function invocationJson(i: Invocation): Record<string, unknown> {
  return {
    CommandId: i.commandId,
    InstanceId: i.instanceId,
    Comment: i.comment,
    DocumentName: 'AWS-RunShellScript',
    PluginName: 'aws:runShellScript',
    ResponseCode: i.responseCode,
    ExecutionStartDateTime: i.startedAt,
    Status: i.status,
    StatusDetails: i.details,
    StandardOutputContent: i.stdout,
    StandardErrorContent: i.stderr,
  };
}

const ok = (body: unknown): SsmAnswer => ({ status: 200, body });
const err = (type: string, message: string): SsmAnswer => ({
  status: 400,
  body: { __type: type, message },
});
