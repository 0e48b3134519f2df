/**
 * Does an Azure account answer? One Resource Manager read of the subscription
 * (`GET /subscriptions/{id}`) with the same client, credential chain and endpoint as the
 * inventory; the answer or the failure in one line.
 */
import type { AzureAccess } from './access';
import { describeAzureFailure } from './describe-failure';

/** The subscriptions API version of Resource Manager. */
const SUBSCRIPTIONS_API = '2022-12-01';

export type AzureProbe =
  | { readonly ok: true; readonly answer: string; readonly latencyMs: number }
  | { readonly ok: false; readonly error: string };

/** Reads the subscription; never throws. */
export async function probeAzureSubscription(
  subscription: string,
  access: AzureAccess,
  now: () => number = () => performance.now(),
): Promise<AzureProbe> {
  const tls = access.tlsCa !== undefined ? { tlsOptions: { ca: access.tlsCa } } : {};
  // Loaded when asked, not with the CLI (see discover.ts).
  const { createComputeManagement } = await import('@azure/arm-compute/api');
  const client = createComputeManagement(access.credential, subscription, {
    endpoint: access.endpoint,
    ...tls,
    retryOptions: { maxRetries: 1 },
  });
  const started = now();
  try {
    const res = await client
      .pathUnchecked(
        `/subscriptions/${encodeURIComponent(subscription)}?api-version=${SUBSCRIPTIONS_API}`,
      )
      .get();
    const latencyMs = Math.round(now() - started);
    const body = res.body as {
      displayName?: unknown;
      state?: unknown;
      error?: { code?: string; message?: string };
    };
    if (res.status !== '200') {
      const code = body.error?.code ?? `HTTP${res.status}`;
      const error = describeAzureFailure(
        {
          statusCode: Number(res.status),
          code,
          message: body.error?.message ?? '',
          response: { bodyAsText: JSON.stringify(body) },
        },
        access.chain,
      );
      return { ok: false, error: `subscription ${subscription} at ${access.endpoint}: ${error}` };
    }
    const name = typeof body.displayName === 'string' ? body.displayName : subscription;
    const state = typeof body.state === 'string' ? body.state : 'state unknown';
    return {
      ok: true,
      answer: `subscription '${name}' (${state}) at ${access.endpoint}`,
      latencyMs,
    };
  } catch (e) {
    return {
      ok: false,
      error: `subscription ${subscription} at ${access.endpoint}: ${describeAzureFailure(e, access.chain)}`,
    };
  }
}
