/**
 * The simulated Azure Resource Manager's read API over one subscription: bearer-token
 * check, faults, then the Compute and Network list/get operations Ringside's inventory
 * calls, paged with `nextLink` as ARM does. Errors carry ARM's own codes and messages.
 */
import { nicResource, scaleSetResource, vmResource } from './arm-resources';
import type { HttpAnswer, SimEntra } from './entra';
import type { SimAzureSubscription, SimAzureVm } from './subscription';

/** A fault the simulated ARM plays on demand. */
export type SimAzureFault =
  /** The next `requests` ARM calls get 429 with Retry-After (then it recovers). */
  | { readonly kind: 'throttle'; readonly requests: number; readonly retryAfterS?: number }
  /** The caller lacks read permission (on one resource group, or on all). */
  | { readonly kind: 'forbidden'; readonly resourceGroup?: string }
  /** Tokens issued so far have expired. */
  | { readonly kind: 'expired-token' }
  /** The application's client secret has expired: Entra refuses new tokens. */
  | { readonly kind: 'expired-secret' };

export interface ArmState {
  readonly subscription: SimAzureSubscription;
  readonly entra: SimEntra;
  readonly pageSize: number;
  readonly base: () => string;
  readonly now: () => number;
  fault: SimAzureFault | null;
  /** Is the VM's host running (a stopped host shows PowerState/stopped)? */
  readonly running: (vm: SimAzureVm) => boolean;
  /** ARM requests answered, by status (the tests read it). */
  readonly counts: Map<number, number>;
}

function armError(status: number, code: string, message: string, headers?: Record<string, string>) {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

const COMPUTE_API = '2026-03-01';

function authenticate(
  req: { authorization: string | undefined },
  s: ArmState,
): HttpAnswer | string {
  const auth = req.authorization;
  const challenge = {
    'www-authenticate': `Bearer authorization_uri="${s.base()}/", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
  };
  if (auth === undefined || !/^Bearer /i.test(auth)) {
    return armError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      challenge,
    );
  }
  const token = s.entra.tokens.get(auth.slice(7).trim());
  if (token === undefined) {
    return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  }
  if (token.expiresAtMs <= s.now()) {
    return armError(
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${new Date(token.expiresAtMs).toUTCString()}' is earlier than current UTC time '${new Date(s.now()).toUTCString()}'.`,
    );
  }
  return token.clientId;
}

function page(s: ArmState, url: URL, items: readonly unknown[]): HttpAnswer {
  const skip = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
  const value = items.slice(skip, skip + s.pageSize);
  const body: Record<string, unknown> = { value };
  if (skip + s.pageSize < items.length) {
    const next = new URL(url.pathname, s.base());
    for (const [k, v] of url.searchParams) {
      if (k !== '$skiptoken') {
        next.searchParams.set(k, v);
      }
    }
    next.searchParams.set('$skiptoken', String(skip + s.pageSize));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

/** Answers one ARM request (path under /subscriptions/). */
export function answerArm(
  s: ArmState,
  method: string,
  url: URL,
  authorization: string | undefined,
): HttpAnswer {
  const who = authenticate({ authorization }, s);
  if (typeof who !== 'string') {
    return who;
  }
  if (url.searchParams.get('api-version') === null) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const fault = s.fault;
  if (fault?.kind === 'throttle' && fault.requests > 0) {
    s.fault = fault.requests > 1 ? { ...fault, requests: fault.requests - 1 } : null;
    const after = fault.retryAfterS ?? 1;
    return armError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of 'read' requests for subscription '${s.subscription.id}' actor '${who}' exceeded. Please try again after '${after}' seconds after additional '${after}' seconds.`,
      { 'retry-after': String(after) },
    );
  }
  // ARM segments are case-insensitive; names keep their case for lookups by name.
  const parts = url.pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const lower = parts.map((p) => p.toLowerCase());
  const sub = parts[1] ?? '';
  if (method !== 'GET') {
    return armError(405, 'MethodNotAllowed', `The simulated ARM serves reads only, not ${method}.`);
  }
  if (sub.toLowerCase() !== s.subscription.id.toLowerCase()) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
  if (parts.length === 2) {
    return {
      status: 200,
      body: {
        id: `/subscriptions/${s.subscription.id}`,
        subscriptionId: s.subscription.id,
        tenantId: s.entra.app.tenantId,
        displayName: 'Ringside simulated subscription',
        state: 'Enabled',
      },
    };
  }
  if (lower[2] !== 'resourcegroups' || parts[3] === undefined) {
    return armError(
      400,
      'InvalidResourceType',
      `The simulated ARM does not serve '${url.pathname}'.`,
    );
  }
  const rg = parts[3];
  const provider = `${lower[5] ?? ''}/${lower[6] ?? ''}`;
  const action =
    provider === 'microsoft.network/networkinterfaces'
      ? 'Microsoft.Network/networkInterfaces/read'
      : 'Microsoft.Compute/virtualMachines/read';
  if (
    fault?.kind === 'forbidden' &&
    (fault.resourceGroup === undefined || fault.resourceGroup.toLowerCase() === rg.toLowerCase())
  ) {
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${who}' with object id '${who}' does not have authorization to perform action '${action}' over scope '/subscriptions/${s.subscription.id}/resourceGroups/${rg}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  const group = s.subscription.resourceGroups.find((g) => g.toLowerCase() === rg.toLowerCase());
  if (group === undefined) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }
  const inGroup = s.subscription.vms.filter((v) => v.resourceGroup === group);
  const expand = url.searchParams.get('$expand') === 'instanceView';
  const id = s.subscription.id;
  const rest = lower.slice(7);
  switch (provider) {
    case 'microsoft.compute/virtualmachines': {
      const standalone = inGroup.filter((v) => !v.scaleSet);
      if (rest.length === 0) {
        return page(
          s,
          url,
          standalone.map((v) => vmResource(id, v, expand, s.running(v))),
        );
      }
      const vm = standalone.find((v) => v.name.toLowerCase() === rest[0]);
      if (vm === undefined) {
        return armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Compute/virtualMachines/${parts[7] ?? ''}' under resource group '${group}' was not found.`,
        );
      }
      const full = vmResource(id, vm, true, s.running(vm));
      if (rest[1] === 'instanceview') {
        return { status: 200, body: (full.properties as Record<string, unknown>).instanceView };
      }
      return { status: 200, body: vmResource(id, vm, expand, s.running(vm)) };
    }
    case 'microsoft.compute/virtualmachinescalesets': {
      const sets = [...new Set(inGroup.flatMap((v) => (v.scaleSet ? [v.scaleSet.name] : [])))];
      if (rest.length === 0) {
        const of = (n: string) => inGroup.filter((v) => v.scaleSet?.name === n);
        return page(
          s,
          url,
          sets.map((n) => scaleSetResource(id, group, n, of(n))),
        );
      }
      const set = sets.find((n) => n.toLowerCase() === rest[0]);
      if (set === undefined) {
        return armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${parts[7] ?? ''}' under resource group '${group}' was not found.`,
        );
      }
      const members = inGroup.filter((v) => v.scaleSet?.name === set);
      if (rest[1] === 'virtualmachines' && rest.length === 2) {
        return page(
          s,
          url,
          members.map((v) => vmResource(id, v, expand, s.running(v))),
        );
      }
      if (rest[1] === 'networkinterfaces' && rest.length === 2) {
        return page(
          s,
          url,
          members.map((v) => nicResource(id, v)),
        );
      }
      break;
    }
    case 'microsoft.network/networkinterfaces':
      if (rest.length === 0) {
        return page(
          s,
          url,
          inGroup.filter((v) => !v.scaleSet).map((v) => nicResource(id, v)),
        );
      }
      break;
    default:
      break;
  }
  return armError(
    400,
    'InvalidResourceType',
    `The simulated ARM does not serve '${url.pathname}' (api-version ${url.searchParams.get('api-version') ?? ''}; compute uses ${COMPUTE_API}).`,
  );
}
