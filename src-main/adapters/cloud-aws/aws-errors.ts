/**
 * One line for each way an EC2 discovery fails, in the API's own words plus what to do:
 * missing or expired credentials say which chain failed and how to log in.
 */
import { escapeControls } from '../../core/boundary-text';

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
}

function loginHint(profile: string | undefined): string {
  return profile !== undefined
    ? `log in with 'aws sso login --profile ${profile}' (SSO) or 'aws configure --profile ${profile}' (access keys)`
    : `log in with 'aws sso login --profile NAME' and name the profile (profile: NAME), or run 'aws configure'`;
}

const CHAIN =
  'environment (AWS_ACCESS_KEY_ID), SSO, ~/.aws/config and credentials, credential_process, web identity, container and instance metadata';

/** The API call that failed, for the words (default: EC2 DescribeInstances). */
export interface AwsCall {
  /** `EC2`, `CloudWatch` */
  readonly service: string;
  /** `DescribeInstances` */
  readonly operation: string;
  /** The IAM action the identity needs: `ec2:DescribeInstances`. */
  readonly action: string;
  /** What to check when the request was rejected as invalid. */
  readonly checkHint: string;
}

const EC2_DESCRIBE: AwsCall = {
  service: 'EC2',
  operation: 'DescribeInstances',
  action: 'ec2:DescribeInstances',
  checkHint: "check filters (e.g. 'tag:app', 'instance-state-name', 'availability-zone')",
};

/** The line (without the entry's prefix) for an error an AWS call threw (DescribeInstances unless `call` says). */
export function describeFailure(
  e: unknown,
  ctx: {
    readonly region: string;
    readonly profile: string | undefined;
    readonly endpoint: string;
    readonly call?: AwsCall;
  },
): string {
  const call = ctx.call ?? EC2_DESCRIBE;
  const err = (typeof e === 'object' && e !== null ? e : {}) as ErrorLike;
  // awsQuery-compatible services (CloudWatch) carry the query error code in Code.
  const name =
    typeof err.Code === 'string' && err.Code !== ''
      ? err.Code
      : typeof err.name === 'string'
        ? err.name
        : 'Error';
  const raw = typeof err.message === 'string' ? err.message : String(e);
  const words = escapeControls(raw.split('\n')[0] ?? raw);
  const hint = loginHint(ctx.profile);
  const profile = ctx.profile !== undefined ? `profile '${ctx.profile}'` : 'the default chain';
  switch (name) {
    case 'CredentialsProviderError':
    case 'ProviderError':
    case 'TokenProviderError':
      return `no usable AWS credentials from ${profile} (tried ${ctx.profile !== undefined ? `the ${profile} in ~/.aws/config and credentials, SSO, credential_process` : CHAIN}): ${words}; ${hint}`;
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return `the AWS credentials from ${profile} have expired (${name}: ${words}); ${hint}`;
    case 'AuthFailure':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return /scoped to a valid region/.test(raw)
        ? `unknown region '${ctx.region}' (${name}: ${words})`
        : `AWS refused the credentials from ${profile} (${name}: ${words}); ${hint}`;
    case 'UnauthorizedOperation':
    case 'AccessDenied':
    case 'AccessDeniedException':
      return `permission denied (${name}: ${words}); the identity needs ${call.action} in ${ctx.region}`;
    case 'InvalidParameterValue':
    case 'InvalidParameterCombination':
    case 'InvalidFilter':
    case 'ValidationError':
      return `${call.service} rejected the request (${name}: ${words}); ${call.checkHint}`;
    case 'RequestLimitExceeded':
    case 'Throttling':
    case 'ThrottlingException':
      return `${call.service} kept throttling after the SDK's retries (${name}: ${words}); try again later`;
    default: {
      const code = typeof err.code === 'string' ? err.code : '';
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return `cannot resolve the ${call.service} endpoint for region '${ctx.region}' (${code}): is it a region enabled for this account?`;
      }
      if (code !== '' && code.startsWith('E')) {
        return `cannot reach ${call.service} at ${ctx.endpoint} (${code}: ${words})`;
      }
      return `${call.operation} failed (${escapeControls(name)}: ${words})`;
    }
  }
}
