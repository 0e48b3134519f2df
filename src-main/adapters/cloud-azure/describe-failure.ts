/**
 * One line for a failed Azure inventory read: ARM's own code and message, or which
 * credential chain failed and how to log in. Passed through the boundary (control
 * characters escaped): ARM and Entra texts are server bodies.
 */
import { escapeControls } from '../../core/boundary-text';

const LOGIN =
  "log in with 'az login' (then 'az account set --subscription ID'), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned";

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly response?: { readonly bodyAsText?: string | null };
}

/** ARM's `{ error: { code, message } }` from a RestError's response, if there is one. */
function armBody(e: ErrorLike): { code?: string; message?: string } | undefined {
  const text = e.response?.bodyAsText;
  if (typeof text !== 'string' || text === '') {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return parsed.error;
  } catch {
    return undefined;
  }
}

/** Collapses a multi-line SDK message (the chain lists each credential on a line) into one. */
function oneLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('To troubleshoot') && !l.startsWith('For more'))
      .join('; ')
      .replace(/ - (Timestamp|Correlation ID|Trace ID): Not Available/g, '')
      // Links to troubleshooting pages say nothing the line does not: keep it readable.
      .replace(
        /\s*(To troubleshoot, visit|To mitigate this issue, see the troubleshooting guidelines at) https:\/\/[^\s;]+/g,
        '',
      )
      .replace(/\s*See https:\/\/aka\.ms\/\S+ for details/g, '')
  );
}

const HINTS: Readonly<Record<string, string>> = {
  AuthorizationFailed:
    'grant this identity the Reader role on the resource group (or log in as one that has it)',
  ExpiredAuthenticationToken: `the access token has expired: ${LOGIN}`,
  InvalidAuthenticationToken: `the access token was refused: ${LOGIN}`,
  AuthenticationFailed: `no valid access token: ${LOGIN}`,
  SubscriptionNotFound: "check the subscription id ('az account list' shows yours)",
  InvalidSubscriptionId: "check the subscription id ('az account list' shows yours)",
  ResourceGroupNotFound: "check the name ('az group list' shows the subscription's groups)",
  SubscriptionRequestsThrottled: 'Azure kept throttling after the retries; try again later',
  TooManyRequests: 'Azure kept throttling after the retries; try again later',
};

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** Did the credential chain fail (rather than ARM answer)? Such a failure is the entry's, not a group's. */
export function isCredentialFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && CREDENTIAL_ERRORS.has(name);
}

/**
 * The words for an error thrown while reading an Azure inventory. `chain` names the
 * credential chain in use (for credential failures).
 */
export function describeAzureFailure(error: unknown, chain: string): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = e.name ?? '';
  if (CREDENTIAL_ERRORS.has(name)) {
    // Entra answered (AADSTS code): the credential exists but was refused.
    const what =
      name === 'AuthenticationError' || /AADSTS\d+/.test(e.message ?? '')
        ? 'the credential was refused'
        : 'no Azure credential answered';
    return escapeControls(`${what} (${chain}): ${oneLine(e.message ?? '')}; ${LOGIN}`);
  }
  const body = armBody(e);
  const code = body?.code ?? e.code;
  const message = body?.message ?? e.message ?? String(error);
  if (code !== undefined && (e.statusCode !== undefined || body !== undefined)) {
    const hint = HINTS[code];
    const status = e.statusCode !== undefined ? `HTTP ${e.statusCode} ` : '';
    return escapeControls(
      `Azure Resource Manager said ${status}${code}: ${oneLine(message)}${hint ? ` (${hint})` : ''}`,
    );
  }
  if (
    code !== undefined &&
    /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code)
  ) {
    return escapeControls(`cannot reach Azure Resource Manager (${code}): ${oneLine(message)}`);
  }
  return escapeControls(`reading the inventory failed: ${oneLine(message)}`);
}
